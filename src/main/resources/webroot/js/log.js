// The compliance log: filters as /api/log's query parameters (kept in the page's URL), keyset pages, the same
// filters as a CSV export, and recordings opened through the audited recording view.
import { api, h, $, say, errorText, signedIn, formValues } from './common.js';
import { recordingButton } from './recordings.js';

let page = 1;
let cursor = null;
let latest = 0;          // answers to an older search are dropped

function filters() {
  return formValues($('#log-filter'));
}

function fillForm(params) {
  for (const [k, v] of params) {
    const el = $('#log-filter [name="' + CSS.escape(k) + '"]');
    if (el) el.value = v;
  }
}

function detailText(d) {
  if (!d) return '';
  return Object.entries(d).filter(([k]) => k !== 'recordingSid')
    .map(([k, v]) => k + '=' + (typeof v === 'object' && v !== null ? JSON.stringify(v) : v)).join(' ');
}

async function search(after) {
  const f = filters();
  const q = new URLSearchParams(f);
  const csv = new URLSearchParams(f);
  csv.delete('limit');
  $('#csv-link').href = '/api/log.csv' + (csv.toString() ? '?' + csv : '');
  history.replaceState(null, '', '?' + q);
  if (after) q.set('after', after);
  say($('#log-msg'), '');
  const mine = ++latest;
  try {
    const res = await api('GET', '/api/log?' + q);
    if (mine !== latest) return;
    $('#log-table tbody').replaceChildren(...res.entries.map(e => h('tr', { dataset: { id: e.id, event: e.event } },
      h('td', null, e.at.replace('T', ' ').replace('Z', '')), h('td', { class: 'case' }, e.caseRef), h('td', null, e.borrowerRef),
      h('td', { class: 'event' }, e.event), h('td', null, e.state || ''), h('td', { class: 'rule' }, e.ruleId || ''),
      h('td', null, e.policy || ''), h('td', null, e.channel || ''), h('td', null, e.contactValue || ''),
      h('td', null, e.providerRef || ''), h('td', null, e.actor),
      h('td', null, h('span', { class: 'muted' }, detailText(e.detail)),
        e.detail && e.detail.recordingSid ? recordingButton(e.detail.recordingSid, $('#recording-msg')) : null))));
    cursor = res.next;
    $('#log-next').disabled = !cursor;
    $('#log-first').disabled = page === 1;
    $('#log-page').textContent = 'page ' + page;
    $('#log-summary').textContent = res.entries.length === 0 ? 'No entries match.'
      : res.entries.length + ' entries on this page' + (cursor ? '; more on the next.' : '.');
  } catch (e) {
    say($('#log-msg'), errorText(e));
  }
}

async function main() {
  const me = await signedIn();
  if (me.role === 'collector') {
    $('#f-collector').closest('label').classList.add('hidden');
  }
  $('#log-filter').addEventListener('submit', ev => { ev.preventDefault(); page = 1; search(null); });
  $('#log-filter').addEventListener('reset', () => setTimeout(() => { page = 1; search(null); }));
  $('#log-next').addEventListener('click', () => { page += 1; search(cursor); });
  $('#log-first').addEventListener('click', () => { page = 1; search(null); });
  const params = new URLSearchParams(location.search);
  params.delete('after');
  fillForm(params);
  if ([...params.keys()].length > 0) search(null);
}

main().catch(e => console.warn('log:', e.message));
