// Shared by every page: the API client (session cookie), the signed-in user and the header, small DOM helpers.
// Text goes into the page only through textContent (never parsed as markup), so nothing from the API can run as markup.

import { LANGUAGES, language, useLanguage, words, roleName } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.reason || body.error)) || ('HTTP ' + status));
    this.status = status;
    this.body = body || {};
  }
}

/**
 * Calls the API with the session cookie; JSON in and out. A 401 sends the person to the login page. Every change is
 * sent as JSON, a body or not: the service refuses a cookie-authenticated change of any other type (and one from
 * another origin; the browser sends this page's Origin itself), but for a CSV upload: {@code contentType} text/csv
 * sends {@code body} (a file) as it is, streamed by the browser.
 */
export async function api(method, path, body, contentType = 'application/json') {
  // the service answers a refusal in the page's language
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': language() } };
  if (body !== undefined || (method !== 'GET' && method !== 'HEAD')) {
    init.headers['Content-Type'] = contentType;
  }
  if (body !== undefined) {
    init.body = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const res = await fetch(path, init);
  let json = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('application/json')) {
    json = await res.json();
  }
  if (res.status === 401 && path !== '/api/login') {
    toLogin();
    throw new ApiError(401, json);
  }
  if (!res.ok) {
    throw new ApiError(res.status, json);
  }
  return json;
}

export function toLogin() {
  const next = location.pathname + location.search;
  location.assign('/app/login.html?next=' + encodeURIComponent(next));
}

/** h('tr', {class: 'x', dataset: {id: 1}}, 'text', child, ...): an element; attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElementNS(tag === 'svg' || attrs?.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false || k === 'svg') continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An SVG element (same as h, in the SVG namespace). */
export function s(tag, attrs, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Shows a message in element {@code el}: kind error|ok|warn; empty text hides it. */
export function say(el, text, kind = 'error') {
  el.textContent = text || '';
  el.className = 'msg ' + kind + (text ? '' : ' hidden');
}

// What went wrong, by the service's error code, for a reader of Chinese; the service's own sentence follows (in Chinese
// where the service has it: every call asks for the page's language).
const ERRORS_ZH = {
  bad_request: '输入有误', unauthorized: '请先登录', forbidden: '无权执行此操作', not_found: '未找到', conflict: '与当前状态冲突',
  body_too_large: '请求内容过大', too_many_requests: '请求过于频繁，请稍后再试', unavailable: '服务暂不可用，请稍后再试',
  busy: '服务繁忙，请稍后再试', internal: '服务内部错误', not_allowed: '现在不能联系', call_in_progress: '已有通话正在进行',
};

/** A refusal or failure as one line in the page's language: what went wrong, the field, and the service's words. */
export function errorText(e) {
  if (e instanceof ApiError) {
    if (language() === 'zh-CN') {
      const lead = ERRORS_ZH[e.body.error] || ('请求失败（HTTP ' + e.status + '）');
      return lead + (e.body.field ? '（字段 ' + e.body.field + '）' : '') + '：' + e.message;
    }
    const field = e.body.field ? ' (' + e.body.field + ')' : '';
    return e.message + field;
  }
  return String(e && e.message ? e.message : e);
}

export { fmtTime, fmtNumber, fmtMoney, language, words, translate, ruleName, ruleLabel, holdKindName, HOLD_KIND_IDS, eventName, channelName, roleName } from './i18n.js';

export const PAGES = [
  { href: '/app/waves.html', label: { en: 'Wave board', 'zh-CN': '批量提醒' }, roles: ['scheduler', 'admin', 'compliance'],
    about: { en: 'reminder waves: a dry run before each, live progress, pause, resume, cancel',
      'zh-CN': '批量提醒：创建前先试运行，实时进度，暂停、继续、取消' } },
  { href: '/app/templates.html', label: { en: 'Templates', 'zh-CN': '模板' }, roles: ['scheduler', 'compliance', 'admin'],
    about: { en: 'every version, a preview for a case with what an SMS costs, approval, new versions',
      'zh-CN': '所有版本，按案件预览（含短信计费段数），审批，新版本' } },
  { href: '/app/imports.html', label: { en: 'Import cases', 'zh-CN': '导入案件' }, roles: ['scheduler', 'admin'],
    about: { en: 'a CSV file of cases imported as a job: its progress and the rows it rejected',
      'zh-CN': '以任务方式导入案件 CSV 文件：进度及被拒绝的行' } },
  { href: '/app/desk.html', label: { en: "Collector's desk", 'zh-CN': '催收工作台' }, roles: ['collector', 'admin'],
    about: { en: 'my day, my cases, a case\'s timeline, click-to-call and the call\'s outcome',
      'zh-CN': '今日工作、我的案件、案件时间线、一键外呼及通话结果' } },
  { href: '/app/log.html', label: { en: 'Compliance log', 'zh-CN': '合规日志' }, roles: ['compliance', 'admin', 'scheduler', 'collector'],
    about: { en: 'every decision and contact, filtered, paged, exported as CSV; recordings',
      'zh-CN': '每一次判定与联系：筛选、分页、导出 CSV；录音' } },
  { href: '/app/holds.html', label: { en: 'Holds', 'zh-CN': '暂停联系' }, roles: ['compliance', 'admin'],
    about: { en: 'every open hold; set one on a case, clear one with a reason', 'zh-CN': '所有生效中的暂停；对案件设置暂停，说明原因后解除' } },
  { href: '/app/reports.html', label: { en: 'Reports', 'zh-CN': '报表' }, roles: ['compliance', 'admin', 'scheduler'],
    about: { en: 'the daily and monthly reports, with a chart and CSV', 'zh-CN': '日报与月报，含图表与 CSV' } },
  { href: '/app/settle.html', label: { en: 'Sends to settle', 'zh-CN': '待确认发送' }, roles: ['compliance', 'admin'],
    about: { en: 'sends no provider can tell the outcome of, settled by a person', 'zh-CN': '服务商无法告知结果的发送，由人工确认' } },
  { href: '/app/people.html', label: { en: 'People and tokens', 'zh-CN': '用户与令牌' }, roles: ['admin'],
    about: { en: 'users, roles, passwords, sessions, API tokens', 'zh-CN': '用户、角色、密码、会话、API 令牌' } },
  { href: '/app/account.html', label: { en: 'My password', 'zh-CN': '我的密码' }, roles: ['scheduler', 'collector', 'compliance', 'admin'],
    about: { en: 'change your own password', 'zh-CN': '修改自己的密码' } },
];

const HEADER = {
  en: { logout: 'Log out', language: 'Language', refused: role => 'Role ' + role + ' may not use this page.' },
  'zh-CN': { logout: '退出登录', language: '语言', refused: role => '角色 ' + role + ' 无权使用此页面。' },
};

/** The home page of a role. */
export function homeOf(role) {
  return { collector: '/app/desk.html', compliance: '/app/log.html' }[role] || '/app/waves.html';
}

/**
 * The signed-in user ({username, role}); renders the header. A page a role may not use says so instead of
 * failing on every call.
 */
export async function signedIn() {
  const me = await api('GET', '/api/me');
  if (me.language) useLanguage(me.language);
  else useLanguage(language());
  const w = words(HEADER);
  const lang = language();
  const header = $('header.top');
  const nav = h('nav', null, PAGES.filter(p => p.roles.includes(me.role)).map(p =>
    h('a', { href: p.href, 'aria-current': location.pathname === p.href ? 'page' : null }, p.label[lang] || p.label.en)));
  const logout = h('button', { class: 'secondary', id: 'logout', type: 'button' }, w.logout);
  logout.addEventListener('click', async () => {
    try { await api('POST', '/api/logout'); } finally { location.assign('/app/login.html'); }
  });
  // the person's language, remembered by the service for every device; the page is drawn again in it
  const choose = h('select', { id: 'language', 'aria-label': w.language },
    ...Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, selected: code === lang }, name)));
  choose.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/me/language', { language: choose.value });
      useLanguage(choose.value);
      location.reload();
    } catch (e) {
      choose.value = lang;
    }
  });
  header.replaceChildren(h('span', { class: 'brand' }, 'LoanDesk'), nav,
    h('span', { class: 'who', id: 'who' }, me.username + ' · ' + roleName(me.role)), choose, logout);
  const page = PAGES.find(p => p.href === location.pathname);
  if (page && !page.roles.includes(me.role)) {
    $('main').replaceChildren(h('p', { class: 'msg error' }, w.refused(roleName(me.role))));
    throw new Error('role ' + me.role + ' may not use ' + location.pathname);
  }
  return me;
}

/**
 * A table row a person opens: by a click, or by Enter or Space once the keyboard reaches it (Tab); a key pressed on a
 * control inside the row is the control's. {@code label} names the row for a screen reader, {@code dataset} its data.
 */
export function openableRow({ selected = false, label, dataset }, open, ...cells) {
  return h('tr', {
    class: 'selectable' + (selected ? ' selected' : ''), tabindex: '0', 'aria-label': label, dataset, onclick: () => open(),
    onkeydown: ev => { if (ev.target === ev.currentTarget && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); open(); } },
  }, ...cells);
}

/** The form's named fields as an object of non-empty, trimmed strings. */
export function formValues(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    const t = String(v).trim();
    if (t !== '') out[k] = t;
  }
  return out;
}

/** Clears the marks {@link markInvalid} left on the controls of {@code form}. */
export function clearInvalid(form) {
  form.querySelectorAll('[aria-invalid]').forEach(el => { el.removeAttribute('aria-invalid'); el.classList.remove('invalid'); });
}

/**
 * Marks the control the API blamed (its {@code field}, a control's name in {@code form} or as {@code nameOf} maps it),
 * points it at the message {@code msgId} and gives it the focus: a bad field is seen, not only named.
 */
export function markInvalid(form, field, msgId, nameOf = f => f) {
  clearInvalid(form);
  const control = field ? form.elements.namedItem(nameOf(field)) : null;
  if (control && control.setAttribute) {
    control.setAttribute('aria-invalid', 'true');
    control.classList.add('invalid');
    control.setAttribute('aria-describedby', msgId);
    control.focus();
  }
}
