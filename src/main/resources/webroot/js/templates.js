// Templates: every version (code, channel, language), who wrote it and who approved it; approve (compliance, admin:
// never the author, the API's rule); a new version (scheduler, admin); and any version rendered for a case, an SMS
// with the encoding and the segments it is billed as.
import { api, h, $, say, errorText, fmtTime, fmtNumber, signedIn, words, translate, markInvalid, clearInvalid, channelName, openableRow } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Templates', previewTitle: 'Preview', previewHint: 'Pick a version in the list, then a case to render it for.',
    caseRef: 'Case reference', render: 'Render', newTitle: 'New version',
    newHint: 'A new version is sent only once compliance approves it (not its author).',
    code: 'Code', channel: 'Channel', locale: 'Language', subject: 'Subject', body: 'Text', sms: 'SMS', voice: 'Voice', email: 'E-mail',
    variables: 'Variables: {{borrowerName}} {{firstName}} {{amount}} {{currency}} {{dueDate}} {{daysPastDue}} {{caseRef}} {{product}} {{lenderName}}',
    locateOnly: 'Locate only (third parties)', legalThreat: 'Mentions legal action', formalNotice: 'Formal notice (e-mail)',
    create: 'Save new version', versions: 'Versions', filterCode: 'Code', filter: 'Show', colVersion: 'Version', colFlags: 'Marks',
    colCreated: 'Written', colApproved: 'Approved', approve: 'Approve', none: 'No templates.',
    awaiting: 'awaiting approval', yours: 'awaiting another person\'s approval (you wrote it)',
    flags: { locateOnly: 'locate only', legalThreat: 'legal action', formalNotice: 'formal notice' },
    which: t => t.code + ' v' + t.version + ' · ' + channelName(t.channel) + ' · ' + t.locale,
    by: (who, at) => who + ', ' + at,
    rowLabel: t => t.code + ' version ' + t.version + ', ' + t.channel + ', ' + t.locale + (t.approved ? ', approved' : ', not approved'),
    subjectIs: s => 'Subject: ' + s,
    smsCost: s => 'SMS in ' + (s.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7') + ': ' + fmtNumber(s.units) + ' characters, sent and billed as '
      + s.segments + (s.segments === 1 ? ' segment' : ' segments') + (s.encoding === 'UCS_2'
      ? ' (UCS-2: 70 characters in one text, 67 a segment once split).' : ' (GSM-7: 160 characters in one text, 153 a segment once split).'),
    unapprovedPreview: 'Not approved yet: this text is not sent until it is.',
    created: t => 'Saved ' + t.code + ' version ' + t.version + ' (' + t.channel + ', ' + t.locale + '): it is sent once another person approves it.',
    approved: t => t.code + ' version ' + t.version + ' (' + t.channel + ', ' + t.locale + ') approved.',
  },
  'zh-CN': {
    title: '模板', previewTitle: '预览', previewHint: '请在列表中选择一个版本，再输入案件编号进行渲染。',
    caseRef: '案件编号', render: '渲染', newTitle: '新版本',
    newHint: '新版本须经合规人员（非作者本人）审批后才会发送。',
    code: '代码', channel: '渠道', locale: '语言', subject: '主题', body: '正文', sms: '短信', voice: '语音', email: '邮件',
    variables: '变量：{{borrowerName}} 姓名 {{firstName}} 名 {{amount}} 金额 {{currency}} 币种 {{dueDate}} 到期日 {{daysPastDue}} 逾期天数 '
      + '{{caseRef}} 案件编号 {{product}} 产品 {{lenderName}} 机构名称',
    locateOnly: '仅用于查找联系方式（第三方）', legalThreat: '提及法律行动', formalNotice: '正式通知（邮件）',
    create: '保存新版本', versions: '版本', filterCode: '代码', filter: '显示', colVersion: '版本', colFlags: '标记',
    colCreated: '撰写', colApproved: '审批', approve: '审批通过', none: '没有模板。',
    awaiting: '待审批', yours: '待他人审批（您是作者）',
    flags: { locateOnly: '仅查找', legalThreat: '法律行动', formalNotice: '正式通知' },
    which: t => t.code + ' 第 ' + t.version + ' 版 · ' + channelName(t.channel) + ' · ' + t.locale,
    by: (who, at) => who + '，' + at,
    rowLabel: t => t.code + ' 第 ' + t.version + ' 版，' + channelName(t.channel) + '，' + t.locale + (t.approved ? '，已审批' : '，未审批'),
    subjectIs: s => '主题：' + s,
    smsCost: s => '短信编码 ' + (s.encoding === 'UCS_2' ? 'UCS-2' : 'GSM-7') + '：' + fmtNumber(s.units) + ' 个字符，分 ' + s.segments
      + ' 段发送并计费' + (s.encoding === 'UCS_2' ? '（UCS-2：单条 70 字，分段后每段 67 字）。' : '（GSM-7：单条 160 字符，分段后每段 153 字符）。'),
    unapprovedPreview: '尚未审批：审批通过前不会发送此文本。',
    created: t => '已保存 ' + t.code + ' 第 ' + t.version + ' 版（' + channelName(t.channel) + '，' + t.locale + '）：经他人审批后才会发送。',
    approved: t => t.code + ' 第 ' + t.version + ' 版（' + channelName(t.channel) + '，' + t.locale + '）已审批通过。',
  },
};
let W = T.en;
let me = null;
let selected = null;   // the version previewed: {code, version, channel, locale, approved}

const MAY_APPROVE = ['compliance', 'admin'];
const MAY_WRITE = ['scheduler', 'admin'];

function approval(t) {
  if (t.approved) return W.by(t.approvedBy, fmtTime(t.approvedAt));
  if (!MAY_APPROVE.includes(me.role)) return h('span', { class: 'muted' }, W.awaiting);
  if (t.createdBy === me.username) return h('span', { class: 'muted' }, W.yours);
  return h('button', { type: 'button', class: 'secondary', 'data-approve': t.id,
    onclick: ev => { ev.stopPropagation(); approve(t); } }, W.approve);
}

function row(t) {
  const flags = Object.keys(W.flags).filter(f => t[f]).map(f => h('span', { class: 'pill', dataset: { flag: f } }, W.flags[f]));
  return openableRow({ selected: !!selected && selected.id === t.id, label: W.rowLabel(t),
    dataset: { templateId: t.id, code: t.code, version: t.version, channel: t.channel, locale: t.locale, approved: t.approved } },
  () => choose(t), h('td', null, t.code), h('td', { class: 'n' }, t.version), h('td', null, channelName(t.channel)), h('td', null, t.locale),
  h('td', null, flags), h('td', null, W.by(t.createdBy || '', fmtTime(t.createdAt))), h('td', { 'data-col': 'approved' }, approval(t)));
}

async function load() {
  const code = $('#filter-code').value.trim();
  try {
    const page = await api('GET', '/api/templates' + (code ? '?code=' + encodeURIComponent(code) : ''));
    const rows = page.templates.map(row);
    $('#template-list tbody').replaceChildren(...(rows.length ? rows : [h('tr', null, h('td', { colspan: 7, class: 'muted' }, W.none))]));
    const locales = new Set(['en', 'zh', ...page.templates.map(t => t.locale)]);
    $('#locale-choices').replaceChildren(...[...locales].sort().map(l => h('option', { value: l })));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

function choose(t) {
  selected = t;
  $('#preview-which').textContent = W.which(t);
  $('#preview-go').disabled = false;
  document.querySelectorAll('#template-list tr[data-template-id]').forEach(tr => tr.classList.toggle('selected', tr.dataset.templateId === String(t.id)));
  $('#preview-out').classList.add('hidden');
  say($('#preview-msg'), '');
  $('#preview-case').focus();
  if ($('#preview-case').value.trim()) render();
}

async function render(ev) {
  if (ev) ev.preventDefault();
  if (!selected) return;
  try {
    const p = await api('POST', '/api/templates/' + encodeURIComponent(selected.code) + '/preview', {
      caseRef: $('#preview-case').value.trim(), channel: selected.channel, locale: selected.locale, version: selected.version,
    });
    $('#preview-subject').textContent = p.subject ? W.subjectIs(p.subject) : '';
    $('#preview-subject').classList.toggle('hidden', !p.subject);
    $('#preview-body').textContent = p.body;
    const sms = $('#preview-sms');
    if (p.sms) {
      sms.textContent = W.smsCost(p.sms);
      sms.dataset.encoding = p.sms.encoding;
      sms.dataset.segments = p.sms.segments;
    }
    sms.classList.toggle('hidden', !p.sms);
    $('#preview-out').classList.remove('hidden');
    say($('#preview-msg'), p.approved ? '' : W.unapprovedPreview, 'warn');
  } catch (e) {
    $('#preview-out').classList.add('hidden');
    say($('#preview-msg'), errorText(e));
    $('#preview-case').focus();
  }
}

async function approve(t) {
  try {
    const done = await api('POST', '/api/templates/' + encodeURIComponent(t.code) + '/versions/' + t.version + '/approve',
      { channel: t.channel, locale: t.locale });
    say($('#templates-msg'), W.approved(done), 'ok');
    say($('#list-msg'), '');
    if (selected && selected.id === done.id) {
      selected = done;
      say($('#preview-msg'), '');   // the text previewed is now the one sent
    }
    await load();
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

function channelChanged() {
  const email = $('#new-channel').value === 'email';
  $('#subject-label').classList.toggle('hidden', !email);
  if (!email) $('#new-subject').value = '';
}

async function create(ev) {
  ev.preventDefault();
  const form = $('#template-form');
  const body = {
    code: $('#new-code').value.trim(), channel: $('#new-channel').value, locale: $('#new-locale').value.trim() || undefined,
    body: $('#new-body').value, locateOnly: $('#new-locate-only').checked, legalThreat: $('#new-legal-threat').checked,
    formalNotice: $('#new-formal-notice').checked,
  };
  if ($('#new-subject').value.trim()) body.subject = $('#new-subject').value.trim();
  try {
    const t = await api('POST', '/api/templates', body);
    clearInvalid(form);
    say($('#new-msg'), '');
    say($('#templates-msg'), W.created(t), 'ok');
    $('#new-body').value = '';
    await load();
    choose(t);
  } catch (e) {
    say($('#new-msg'), errorText(e));
    markInvalid(form, e && e.body ? e.body.field : null, 'new-msg');
  }
}

async function main() {
  me = await signedIn();
  W = words(T);
  translate(document, W);
  $('#new-card').classList.toggle('hidden', !MAY_WRITE.includes(me.role));
  $('#new-channel').addEventListener('change', channelChanged);
  $('#template-form').addEventListener('input', () => clearInvalid($('#template-form')));
  $('#template-form').addEventListener('submit', create);
  $('#preview-form').addEventListener('submit', render);
  $('#template-filter').addEventListener('submit', ev => { ev.preventDefault(); load(); });
  await load();
}

main().catch(() => { /* signedIn said why */ });
