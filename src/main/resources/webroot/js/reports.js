// The daily and monthly reports (compliance, scheduler, admin): the API's figures for a day or a month of the lender's
// zone, optionally one channel or jurisdiction, as counts, a table, a chart of blocked and deferred attempts by rule,
// and the same report as CSV.
import { api, h, $, say, errorText, signedIn, formValues, ApiError, words, translate, fmtNumber, channelName, language } from './common.js';
import { drawBars, STATE_COLOURS } from './chart.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Reports', period: 'Period', aDay: 'A day', aMonth: 'A month', day: 'Day', month: 'Month', channel: 'Channel',
    all: 'all', jurisdiction: 'Jurisdiction', show: 'Show', csv: 'Download CSV', byChannel: 'By channel',
    colContacts: 'Contacts', colBorrowers: 'Borrowers', colReached: 'Delivered or connected', colRate: 'Rate',
    colAwaiting: 'Awaiting status', byRule: 'Blocked and deferred, by rule', firstAndComplaints: 'Time to first contact and complaints',
    daily: d => 'Day ' + d, monthly: m => 'Month ' + m, span: (zone, from, to) => 'In ' + zone + ': from ' + from + ' to ' + to,
    contacts: 'contacts', borrowers: 'borrowers contacted', became: 'cases became overdue', contacted: 'contacted since',
    within48: 'within 48 hours', median: 'median hours', p90: '90th percentile hours', complaints: 'complaints opened',
    cleared24: 'cleared within 24 hours', stillOpen: 'still open', blocked: ' (blocked)', deferred: ' (deferred)',
  },
  'zh-CN': {
    title: '报表', period: '周期', aDay: '按日', aMonth: '按月', day: '日期', month: '月份', channel: '渠道',
    all: '全部', jurisdiction: '司法辖区', show: '查看', csv: '下载 CSV', byChannel: '按渠道',
    colContacts: '联系次数', colBorrowers: '借款人数', colReached: '送达或接通', colRate: '比率',
    colAwaiting: '等待状态回执', byRule: '按规则统计的拦截与延后', firstAndComplaints: '首次联系时长与投诉',
    daily: d => d + ' 日报', monthly: m => m + ' 月报', span: (zone, from, to) => '时区 ' + zone + '：' + from + ' 至 ' + to,
    contacts: '联系次数', borrowers: '已联系借款人', became: '新逾期案件', contacted: '此后已联系',
    within48: '48 小时内', median: '中位数（小时）', p90: '90 分位（小时）', complaints: '新增投诉',
    cleared24: '24 小时内处理', stillOpen: '仍未处理', blocked: '（拦截）', deferred: '（延后）',
  },
};
let W = T.en;

function query() {
  const v = formValues($('#report-form'));
  const params = new URLSearchParams();
  const period = v.period || 'daily';
  if (period === 'daily') params.set('date', v.date || ''); else params.set('month', v.month || '');
  if (v.channel) params.set('channel', v.channel);
  if (v.jurisdiction) params.set('jurisdiction', v.jurisdiction);
  return '/api/reports/' + period + '?' + params;
}

/** An instant as the report's zone reads it, in the page's language ("2026/12/4 00:00"); as it is if it cannot be. */
function inZone(iso, zone) {
  try {
    return new Date(iso).toLocaleString(language(), { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
  } catch (e) {
    return iso;
  }
}

function counts(el, pairs) {
  el.replaceChildren(...pairs.map(([k, n, key]) => h('div', null, h('dt', null, k), h('dd', { dataset: { key } }, n ?? '—'))));
}

function render(r) {
  $('#report').classList.remove('hidden');
  $('#report-title').textContent = r.period === 'daily' ? W.daily(r.date) : W.monthly(r.month);
  $('#report-span').textContent = W.span(r.zone, inZone(r.from, r.zone), inZone(r.to, r.zone));
  counts($('#report-counts'), [[W.contacts, r.contacts, 'contacts'], [W.borrowers, r.borrowersContacted, 'borrowersContacted']]);
  $('#report-channels tbody').replaceChildren(...(r.byChannel || []).map(c => h('tr', { dataset: { channel: c.channel } },
    h('td', null, channelName(c.channel)), h('td', { class: 'n' }, c.contacts), h('td', { class: 'n' }, c.borrowers),
    h('td', { class: 'n' }, c.delivered ?? c.connected ?? '—'),
    h('td', { class: 'n' }, c.deliveryRate ?? c.answerRate ?? '—'), h('td', { class: 'n' }, c.awaitingStatus))));
  drawBars($('#report-rules'), [
    ...Object.entries(r.blockedByRule || {}).map(([rule, n]) => ({ label: rule + W.blocked, n, colour: STATE_COLOURS.blocked })),
    ...Object.entries(r.deferredByRule || {}).map(([rule, n]) => ({ label: rule + W.deferred, n, colour: STATE_COLOURS.deferred })),
  ]);
  const f = r.timeToFirstContact || {};
  const c = r.complaints || {};
  counts($('#report-first'), [[W.became, f.casesBecameOverdue, 'casesBecameOverdue'], [W.contacted, f.contacted, 'contacted'],
    [W.within48, f.within48Hours, 'within48Hours'], [W.median, f.medianHours, 'medianHours'], [W.p90, f.p90Hours, 'p90Hours'],
    [W.complaints, c.opened, 'complaintsOpened'], [W.cleared24, c.clearedWithin24Hours, 'clearedWithin24Hours'],
    [W.stillOpen, c.stillOpen, 'stillOpen']]);
}

let latest = 0; // answers to an older request are dropped (the first report may answer after the one asked next)

async function show(ev) {
  if (ev) ev.preventDefault();
  const mine = ++latest;
  try {
    const report = await api('GET', query());
    if (mine !== latest) return;
    render(report);
    say($('#report-msg'), '');
  } catch (e) {
    if (mine === latest) say($('#report-msg'), errorText(e));
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
  W = words(T);
  translate(document, W);
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
