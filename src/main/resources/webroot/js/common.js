// Shared by every page: the API client (session cookie), the signed-in user and the header, small DOM helpers.
// Text goes into the page only through textContent (never parsed as markup), so nothing from the API can run as markup.

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
 * another origin; the browser sends this page's Origin itself).
 */
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined || (method !== 'GET' && method !== 'HEAD')) {
    init.headers['Content-Type'] = 'application/json';
  }
  if (body !== undefined) {
    init.body = JSON.stringify(body);
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

export function errorText(e) {
  if (e instanceof ApiError) {
    const field = e.body.field ? ' (' + e.body.field + ')' : '';
    return e.message + field;
  }
  return String(e && e.message ? e.message : e);
}

export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

const PAGES = [
  { href: '/app/waves.html', label: 'Wave board', roles: ['scheduler', 'admin', 'compliance'] },
  { href: '/app/desk.html', label: "Collector's desk", roles: ['collector', 'admin'] },
  { href: '/app/log.html', label: 'Compliance log', roles: ['compliance', 'admin', 'scheduler', 'collector'] },
  { href: '/app/holds.html', label: 'Holds', roles: ['compliance', 'admin'] },
  { href: '/app/reports.html', label: 'Reports', roles: ['compliance', 'admin', 'scheduler'] },
  { href: '/app/settle.html', label: 'Sends to settle', roles: ['compliance', 'admin'] },
  { href: '/app/people.html', label: 'People and tokens', roles: ['admin'] },
  { href: '/app/account.html', label: 'My password', roles: ['scheduler', 'collector', 'compliance', 'admin'] },
];

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
  const header = $('header.top');
  const nav = h('nav', null, PAGES.filter(p => p.roles.includes(me.role)).map(p =>
    h('a', { href: p.href, 'aria-current': location.pathname === p.href ? 'page' : null }, p.label)));
  const logout = h('button', { class: 'secondary', id: 'logout', type: 'button' }, 'Log out');
  logout.addEventListener('click', async () => {
    try { await api('POST', '/api/logout'); } finally { location.assign('/app/login.html'); }
  });
  header.replaceChildren(h('span', { class: 'brand' }, 'LoanDesk'), nav,
    h('span', { class: 'who', id: 'who' }, me.username + ' · ' + me.role), logout);
  const page = PAGES.find(p => p.href === location.pathname);
  if (page && !page.roles.includes(me.role)) {
    $('main').replaceChildren(h('p', { class: 'msg error' }, 'Role ' + me.role + ' may not use this page.'));
    throw new Error('role ' + me.role + ' may not use ' + location.pathname);
  }
  return me;
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
