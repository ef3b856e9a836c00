// Compliance's holds: every open hold, newest first (a page at a time), set a hold on a case, clear one with a reason.
// Which kinds a role may clear is the API's rule (a legal hold only compliance): a refusal is shown as it comes.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues, words, translate, holdKindName, HOLD_KIND_IDS } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Holds', setTitle: 'Set a hold', openTitle: 'Open holds', caseRef: 'Case reference', kind: 'Kind', reason: 'Reason',
    filterKind: 'Kind', setHold: 'Set hold', colCase: 'Case', colSetBy: 'Set by', colSetAt: 'Set at', more: 'More',
    any: 'any kind', clear: 'Clear', clearReason: 'Why is it cleared?', confirm: 'Clear hold', cancel: 'Cancel',
    set: (kind, ref) => 'Hold ' + kind + ' set on ' + ref + '.', cleared: (kind, ref) => 'Hold ' + kind + ' on ' + ref + ' cleared.',
    none: 'No open holds.',
  },
  'zh-CN': {
    title: '暂停联系', setTitle: '设置暂停', openTitle: '生效中的暂停', caseRef: '案件编号', kind: '类型', reason: '原因',
    filterKind: '类型', setHold: '设置暂停', colCase: '案件', colSetBy: '设置人', colSetAt: '设置时间', more: '更多',
    any: '全部类型', clear: '解除', clearReason: '解除原因？', confirm: '解除暂停', cancel: '取消',
    set: (kind, ref) => '已对 ' + ref + ' 设置暂停（' + kind + '）。', cleared: (kind, ref) => '已解除 ' + ref + ' 的暂停（' + kind + '）。',
    none: '没有生效中的暂停。',
  },
};
let W = T.en;
const kindName = holdKindName;
const KINDS = HOLD_KIND_IDS;

let next = null;

function row(hold) {
  const clear = h('button', { type: 'button', class: 'secondary', 'data-clear': hold.id }, W.clear);
  const tr = h('tr', { dataset: { holdId: hold.id } }, h('td', null, hold.caseRef), h('td', null, h('span', { class: 'pill', dataset: { kind: hold.kind } }, kindName(hold.kind))),
    h('td', null, hold.reason || ''), h('td', null, hold.setBy), h('td', null, fmtTime(hold.setAt)), h('td', null, clear));
  clear.addEventListener('click', () => askReason(tr, hold));
  return tr;
}

function askReason(tr, hold) {
  const reason = h('input', { 'aria-label': W.clearReason, placeholder: W.clearReason, maxlength: 2000, 'data-reason': hold.id });
  const ok = h('button', { type: 'button', 'data-confirm': hold.id }, W.confirm);
  const no = h('button', { type: 'button', class: 'secondary' }, W.cancel);
  const cell = tr.lastElementChild;
  cell.replaceChildren(reason, ok, no);
  reason.focus();
  no.addEventListener('click', () => load(true));
  const go = async () => {
    try {
      await api('POST', '/api/cases/' + encodeURIComponent(hold.caseRef) + '/holds/' + hold.id + '/clear', { reason: reason.value.trim() });
      say($('#holds-msg'), W.cleared(kindName(hold.kind), hold.caseRef), 'ok');
      await load(true);
    } catch (e) {
      say($('#list-msg'), errorText(e));
      reason.focus();
    }
  };
  ok.addEventListener('click', go);
  reason.addEventListener('keydown', ev => { if (ev.key === 'Enter') { ev.preventDefault(); go(); } });
}

async function load(fresh) {
  const kind = $('#filter-kind').value;
  const params = new URLSearchParams();
  if (kind) params.set('kind', kind);
  if (!fresh && next) params.set('after', next);
  try {
    const page = await api('GET', '/api/holds?' + params);
    const rows = page.holds.map(row);
    if (fresh) $('#hold-list tbody').replaceChildren(...rows); else $('#hold-list tbody').append(...rows);
    if (fresh && rows.length === 0) $('#hold-list tbody').append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, W.none)));
    next = page.next;
    $('#more-holds').classList.toggle('hidden', !next);
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

async function setHold(ev) {
  ev.preventDefault();
  const v = formValues($('#hold-form'));
  try {
    await api('POST', '/api/cases/' + encodeURIComponent(v.caseRef || '') + '/holds', { kind: v.kind, reason: v.reason });
    say($('#holds-msg'), W.set(kindName(v.kind), v.caseRef), 'ok');
    say($('#set-msg'), '');
    $('#hold-form').reset();
    await load(true);
  } catch (e) {
    say($('#set-msg'), errorText(e));
  }
}

async function main() {
  await signedIn();
  W = words(T);
  translate(document, W);
  $('#hold-kind').replaceChildren(...KINDS.map(k => h('option', { value: k }, kindName(k))));
  $('#filter-kind').replaceChildren(h('option', { value: '' }, W.any), ...KINDS.map(k => h('option', { value: k }, kindName(k))));
  $('#filter-kind').addEventListener('change', () => load(true));
  $('#more-holds').addEventListener('click', () => load(false));
  $('#hold-form').addEventListener('submit', setHold);
  await load(true);
}

main().catch(() => { /* signedIn said why */ });
