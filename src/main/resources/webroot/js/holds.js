// Compliance's holds: every open hold, newest first (a page at a time), set a hold on a case, clear one with a reason.
// Which kinds a role may clear is the API's rule (a legal hold only compliance): a refusal is shown as it comes.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues } from './common.js';

// the page's words in one place (a translation replaces this object)
const T = {
  any: 'any kind', clear: 'Clear', clearReason: 'Why is it cleared?', confirm: 'Clear hold', cancel: 'Cancel',
  set: (kind, ref) => 'Hold ' + kind + ' set on ' + ref + '.', cleared: (kind, ref) => 'Hold ' + kind + ' on ' + ref + ' cleared.',
  none: 'No open holds.',
};
const KINDS = ['dispute', 'complaint', 'fraud', 'illness', 'pregnancy', 'bereavement', 'bankruptcy', 'deceased',
  'cease_communication', 'repayment_plan'];

let next = null;

function row(hold) {
  const clear = h('button', { type: 'button', class: 'secondary', 'data-clear': hold.id }, T.clear);
  const tr = h('tr', { dataset: { holdId: hold.id } }, h('td', null, hold.caseRef), h('td', null, h('span', { class: 'pill' }, hold.kind)),
    h('td', null, hold.reason || ''), h('td', null, hold.setBy), h('td', null, fmtTime(hold.setAt)), h('td', null, clear));
  clear.addEventListener('click', () => askReason(tr, hold));
  return tr;
}

function askReason(tr, hold) {
  const reason = h('input', { 'aria-label': T.clearReason, placeholder: T.clearReason, maxlength: 2000, 'data-reason': hold.id });
  const ok = h('button', { type: 'button', 'data-confirm': hold.id }, T.confirm);
  const no = h('button', { type: 'button', class: 'secondary' }, T.cancel);
  const cell = tr.lastElementChild;
  cell.replaceChildren(reason, ok, no);
  reason.focus();
  no.addEventListener('click', () => load(true));
  const go = async () => {
    try {
      await api('POST', '/api/cases/' + encodeURIComponent(hold.caseRef) + '/holds/' + hold.id + '/clear', { reason: reason.value.trim() });
      say($('#holds-msg'), T.cleared(hold.kind, hold.caseRef), 'ok');
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
    if (fresh && rows.length === 0) $('#hold-list tbody').append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, T.none)));
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
    say($('#holds-msg'), T.set(v.kind, v.caseRef), 'ok');
    say($('#set-msg'), '');
    $('#hold-form').reset();
    await load(true);
  } catch (e) {
    say($('#set-msg'), errorText(e));
  }
}

async function main() {
  await signedIn();
  $('#hold-kind').replaceChildren(...KINDS.map(k => h('option', { value: k }, k)));
  $('#filter-kind').replaceChildren(h('option', { value: '' }, T.any), ...KINDS.map(k => h('option', { value: k }, k)));
  $('#filter-kind').addEventListener('change', () => load(true));
  $('#more-holds').addEventListener('click', () => load(false));
  $('#hold-form').addEventListener('submit', setHold);
  await load(true);
}

main().catch(() => { /* signedIn said why */ });
