// The compliance log: filters as /api/log's query parameters (kept in the page's URL), keyset pages, the same
// filters as a CSV export, and recordings opened through the audited recording view.
import { api, h, $, say, errorText, signedIn, formValues, words, translate, ruleName, eventName } from './common.js';
import { recordingButton } from './recordings.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Compliance log', fCase: 'Case', fBorrower: 'Borrower', fChannel: 'Channel', any: 'any', fEvent: 'Event', fState: 'State',
    fRule: 'Rule', fActor: 'Actor', fCollector: 'Collector', fFrom: 'From (UTC date)', fTo: 'To (UTC date, included)',
    fLimit: 'Rows per page', fSince: 'Period', last24h: 'last 24 hours', last7d: 'last 7 days', last30d: 'last 30 days', anyTime: 'any time',
    byDates: 'the dates below', fOrder: 'Order', newest: 'newest first', oldest: 'oldest first', search: 'Search', clear: 'Clear', csv: 'Export CSV (every matching row)',
    searchFirst: 'Search to see entries.', colAt: 'At (UTC)', colPolicy: 'Policy', colContact: 'Contact', colRef: 'Provider ref',
    colDetail: 'Detail', first: 'First page', next: 'Next page', page: n => 'page ' + n, none: 'No entries match.',
    summary: (n, more) => n + ' entries on this page' + (more ? '; more on the next.' : '.'),
    total: (n, over) => (over ? 'More than ' + n : n) + ' matching. ',
  },
  'zh-CN': {
    title: '合规日志', fCase: '案件', fBorrower: '借款人', fChannel: '渠道', any: '不限', fEvent: '事件', fState: '状态',
    fRule: '规则', fActor: '操作者', fCollector: '催收员', fFrom: '起（UTC 日期）', fTo: '止（UTC 日期，含）',
    fLimit: '每页行数', fSince: '时间范围', last24h: '最近 24 小时', last7d: '最近 7 天', last30d: '最近 30 天', anyTime: '不限时间',
    byDates: '按下方日期', fOrder: '排序', newest: '最新在前', oldest: '最早在前', search: '查询', clear: '清除', csv: '导出 CSV（全部匹配行）',
    searchFirst: '请查询以查看记录。', colAt: '时间（UTC）', colPolicy: '策略', colContact: '联系方式', colRef: '服务商编号',
    colDetail: '详情', first: '第一页', next: '下一页', page: n => '第 ' + n + ' 页', none: '没有匹配的记录。',
    summary: (n, more) => '本页 ' + n + ' 条记录' + (more ? '；下一页还有。' : '。'),
    total: (n, over) => '共' + (over ? '超过 ' + n : ' ' + n) + ' 条匹配。',
  },
};
let W = T.en;
let page = 1;
let cursor = null;
let latest = 0;          // answers to an older search are dropped

const SINCE_HOURS = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 };

// the form as /api/log's filters: a period (the last 24 hours unless the dates are chosen) becomes "from"
function filters() {
  const f = formValues($('#log-filter'));
  const since = f.since || '24h';
  delete f.since;
  if (since !== 'dates') {
    delete f.from;
    delete f.to;
    if (SINCE_HOURS[since]) f.from = new Date(Date.now() - SINCE_HOURS[since] * 3600 * 1000).toISOString();
  }
  return f;
}

let total = '';

function fillForm(params) {
  for (const [k, v] of params) {
    const el = $('#log-filter [name="' + CSS.escape(k) + '"]');
    if (el) el.value = v;
  }
}

/** A recorded event or state: its id as the record keeps it, and under it its name in the page's language. */
function named(id) {
  if (!id) return '';
  const name = eventName(id);
  return name === id ? id : [id, h('div', { class: 'muted name' }, name)];
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
  history.replaceState(null, '', '?' + new URLSearchParams(formValues($('#log-filter'))));
  if (after) q.set('after', after);
  say($('#log-msg'), '');
  const mine = ++latest;
  try {
    const res = await api('GET', '/api/log?' + q);
    if (mine !== latest) return;
    $('#log-table tbody').replaceChildren(...res.entries.map(e => h('tr', { dataset: { id: e.id, event: e.event } },
      h('td', null, e.at.replace('T', ' ').replace('Z', '')), h('td', { class: 'case' }, e.caseRef), h('td', null, e.borrowerRef),
      h('td', { class: 'event', dataset: { event: e.event } }, named(e.event)), h('td', { class: 'state' }, named(e.state)), h('td', { class: 'rule', title: ruleName(e.ruleId) || undefined }, e.ruleId || ''),
      h('td', null, e.policy || ''), h('td', null, e.channel || ''), h('td', null, e.contactValue || ''),
      h('td', null, e.providerRef || ''), h('td', null, e.actor),
      h('td', null, h('span', { class: 'muted' }, detailText(e.detail)),
        e.detail && e.detail.recordingSid ? recordingButton(e.detail.recordingSid, $('#recording-msg')) : null))));
    cursor = res.next;
    $('#log-next').disabled = !cursor;
    $('#log-first').disabled = page === 1;
    $('#log-page').textContent = W.page(page);
    if (typeof res.total === 'number') total = W.total(res.total, res.totalOver);
    $('#log-summary').textContent = total + (res.entries.length === 0 ? W.none : W.summary(res.entries.length, !!cursor));
  } catch (e) {
    say($('#log-msg'), errorText(e));
  }
}

async function main() {
  const me = await signedIn();
  W = words(T);
  translate(document, W);
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
  // the rule and state filters offer the values the log holds (typing anything else still works)
  api('GET', '/api/log/choices').then(c => {
    $('#rule-choices').replaceChildren(...c.rules.map(r => h('option', { value: r, label: ruleName(r) || r })));
    $('#event-choices').replaceChildren(...c.events.map(v => h('option', { value: v, label: eventName(v) })));
    $('#state-choices').replaceChildren(...c.states.map(s => h('option', { value: s, label: eventName(s) })));
  }).catch(e => console.warn('log choices:', e.message));
  // the log opens on the last 24 hours, newest first (or on what the page's address says)
  search(null);
}

main().catch(e => console.warn('log:', e.message));
