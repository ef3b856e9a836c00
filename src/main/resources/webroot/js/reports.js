// The daily and monthly reports (compliance, scheduler, admin): the API's figures for a day or a month of the lender's
// zone, optionally one channel or jurisdiction, as counts, a table, a chart of blocked and deferred attempts by rule,
// and the same report as CSV.
import { api, h, $, say, errorText, signedIn, formValues, ApiError } from './common.js';
import { drawBars, STATE_COLOURS } from './chart.js';

// the page's words in one place (a translation replaces this object)
const T = {
  daily: d => 'Day ' + d, monthly: m => 'Month ' + m, span: (zone, from, to) => 'In ' + zone + ': from ' + from + ' to ' + to,
  contacts: 'contacts', borrowers: 'borrowers contacted', became: 'cases became overdue', contacted: 'contacted since',
  within48: 'within 48 hours', median: 'median hours', p90: '90th percentile hours', complaints: 'complaints opened',
  cleared24: 'cleared within 24 hours', stillOpen: 'still open',
};

function query() {
  const v = formValues($('#report-form'));
  const params = new URLSearchParams();
  const period = v.period || 'daily';
  if (period === 'daily') params.set('date', v.date || ''); else params.set('month', v.month || '');
  if (v.channel) params.set('channel', v.channel);
  if (v.jurisdiction) params.set('jurisdiction', v.jurisdiction);
  return '/api/reports/' + period + '?' + params;
}

function counts(el, pairs) {
  el.replaceChildren(...pairs.map(([k, n, key]) => h('div', null, h('dt', null, k), h('dd', { dataset: { key } }, n ?? '—'))));
}

function render(r) {
  $('#report').classList.remove('hidden');
  $('#report-title').textContent = r.period === 'daily' ? T.daily(r.date) : T.monthly(r.month);
  $('#report-span').textContent = T.span(r.zone, r.from, r.to);
  counts($('#report-counts'), [[T.contacts, r.contacts, 'contacts'], [T.borrowers, r.borrowersContacted, 'borrowersContacted']]);
  $('#report-channels tbody').replaceChildren(...(r.byChannel || []).map(c => h('tr', { dataset: { channel: c.channel } },
    h('td', null, c.channel), h('td', { class: 'n' }, c.contacts), h('td', { class: 'n' }, c.borrowers),
    h('td', { class: 'n' }, c.delivered ?? c.connected ?? '—'),
    h('td', { class: 'n' }, c.deliveryRate ?? c.answerRate ?? '—'), h('td', { class: 'n' }, c.awaitingStatus))));
  drawBars($('#report-rules'), [
    ...Object.entries(r.blockedByRule || {}).map(([rule, n]) => ({ label: rule + ' (blocked)', n, colour: STATE_COLOURS.blocked })),
    ...Object.entries(r.deferredByRule || {}).map(([rule, n]) => ({ label: rule + ' (deferred)', n, colour: STATE_COLOURS.deferred })),
  ]);
  const f = r.timeToFirstContact || {};
  const c = r.complaints || {};
  counts($('#report-first'), [[T.became, f.casesBecameOverdue, 'casesBecameOverdue'], [T.contacted, f.contacted, 'contacted'],
    [T.within48, f.within48Hours, 'within48Hours'], [T.median, f.medianHours, 'medianHours'], [T.p90, f.p90Hours, 'p90Hours'],
    [T.complaints, c.opened, 'complaintsOpened'], [T.cleared24, c.clearedWithin24Hours, 'clearedWithin24Hours'],
    [T.stillOpen, c.stillOpen, 'stillOpen']]);
}

async function show(ev) {
  if (ev) ev.preventDefault();
  try {
    render(await api('GET', query()));
    say($('#report-msg'), '');
  } catch (e) {
    say($('#report-msg'), errorText(e));
  }
}

// the same report as CSV, fetched with the session and saved under the name the API gives
async function csv() {
  try {
    const res = await fetch(query(), { credentials: 'same-origin', headers: { Accept: 'text/csv' } });
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => ({})));
    const name = (/filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '') || [])[1] || 'report.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name, id: 'csv-link' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say($('#report-msg'), name, 'ok');
  } catch (e) {
    say($('#report-msg'), errorText(e));
  }
}

async function main() {
  await signedIn();
  const today = new Date();
  const pad = n => String(n).padStart(2, '0');
  $('#report-date').value = today.getFullYear() + '-' + pad(today.getMonth() + 1) + '-' + pad(today.getDate());
  $('#report-month').value = today.getFullYear() + '-' + pad(today.getMonth() + 1);
  $('#report-period').addEventListener('change', () => {
    const daily = $('#report-period').value === 'daily';
    $('#date-label').classList.toggle('hidden', !daily);
    $('#month-label').classList.toggle('hidden', daily);
  });
  $('#report-form').addEventListener('submit', show);
  $('#report-csv').addEventListener('click', csv);
  await show();
}

main().catch(() => { /* signedIn said why */ });
