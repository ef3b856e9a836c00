// The wave board: the waves, a new wave (dry run first), and one wave's live progress, polled every 2 s.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues, words, translate, markInvalid, clearInvalid, openableRow } from './common.js';
import { drawStateChart, drawBars, STATE_COLOURS } from './chart.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Wave board', newWave: 'New reminder wave', name: 'Name', channel: 'Channel', sms: 'SMS', voice: 'Voice', email: 'E-mail',
    template: 'Template (approved)', selection: 'Selection', stage: 'Stage', any: 'any', early: 'early', middle: 'middle', late: 'late',
    dpdMin: 'Days past due from', dpdMax: 'Days past due to', product: 'Product', jurisdiction: 'Jurisdiction',
    balanceMin: 'Balance from', balanceMax: 'Balance to', riskGrade: 'Risk grade', high: 'high', medium: 'medium', low: 'low',
    when: 'When', windowStart: "Borrower's local window from", windowEnd: 'to', startsAt: 'Starts at (your time)',
    notAfter: 'Not after (your time)', rate: 'Rate per minute', dryRun: 'Dry run', create: 'Create wave',
    hintFirst: 'A dry run of these settings comes first.', hintReady: 'Create enqueues exactly what the dry run counted.',
    hintEmpty: skipped => 'Nothing to create: this selection matches no case' + (skipped > 0 ? ' not already in another wave.' : '.')
      + ' Change it and dry-run again.',
    waves: 'Waves', colTemplate: 'Template', colState: 'State', colEnqueued: 'Enqueued', colSkipped: 'Skipped', colCreated: 'Created',
    pause: 'Pause', resume: 'Resume', cancel: 'Cancel wave…', cancelWhat: 'Blocks every unsent task of this wave.',
    cancelYes: 'Yes, cancel the wave', cancelNo: 'Keep it', overTime: 'Tasks by state over time',
    byRule: 'Blocked and deferred, by rule', events: 'Events', noTemplate: '(no approved template for this channel)',
    atStart: t => 'at its start, ' + t, now: 'now',
    pace: (rate, n, min) => 'At ' + rate + ' a minute, its ' + n + ' tasks are made over about ' + min + ' min from its start.',
    allAtStart: n => 'Every task is made at its start' + (n > 0 ? ' (no rate set).' : '.'),
    wouldEnqueue: ['Would enqueue ', ' tasks (', ' skipped: already in another wave).'],
    judged: (start) => 'Judged ' + start + ': ', wouldGo: ' would go, ', deferredN: ' deferred, ', blockedN: ' blocked',
    group: (outcome, rule) => ' ' + outcome + ' by ' + rule, going: at => ', going ' + at + ' their time', eg: ex => ' — e.g. ' + ex,
    smsGo: 'Texts that may go: ', billed: ', billed as ', segments: ' segments',
    ucs2: n => ' (' + n + ' in UCS-2: 70 characters a text, 67 a segment)', gsm: ' (all GSM-7)',
    unrendered: n => '; ' + n + ' could not be rendered',
    created: c => 'Wave ' + c.waveId + ' created: ' + c.enqueued + ' tasks enqueued, ' + c.skipped + ' skipped.',
    meta: { template: ' · template ', noFilter: 'no filter', window: (a, b) => ' · window ' + a + '–' + b + ' local',
      notAfter: t => ' · not after ' + t, by: (who, t) => ' · by ' + who + ' ' + t },
    cells: { tasks: 'tasks', members: 'members', queued: 'queued', unfed: 'never fed (cancelled)', contacts: 'contacts' },
    span: (n, since, s) => '(' + n + ' samples since ' + since + '; the service keeps them, this page adds one every ' + s + ' s)',
    deferredBy: (n, r) => n + ' deferred by ' + r, dueAgain: t => ', the first due again ' + t + ' (your time)',
    stillToMake: (n, rate, min) => n + ' still to be made at ' + rate + ' a minute: about ' + min + ' min',
    colProgress: 'Progress', progressOf: (d, n) => d + ' of ' + n + ' done',
    listCounts: (s, d, f, b) => d + ' delivered · ' + s + ' sent · ' + f + ' failed · ' + b + ' blocked',
    states: { running: 'running', paused: 'paused', cancelled: 'cancelled', done: 'done' },
    blockedBar: r => r + ' (blocked)', deferredBar: r => r + ' (deferred)',
    waveEvents: { created: 'created', paused: 'paused', resumed: 'resumed', cancelled: 'cancelled' }, eventBy: (e, who) => e + ' by ' + who,
    selectionKeys: {},
  },
  'zh-CN': {
    title: '批量提醒', newWave: '新建提醒批次', name: '名称', channel: '渠道', sms: '短信', voice: '语音', email: '邮件',
    template: '模板（已审批）', selection: '筛选条件', stage: '阶段', any: '不限', early: '早期', middle: '中期', late: '后期',
    dpdMin: '逾期天数自', dpdMax: '逾期天数至', product: '产品', jurisdiction: '司法辖区',
    balanceMin: '金额自', balanceMax: '金额至', riskGrade: '风险等级', high: '高', medium: '中', low: '低',
    when: '时间', windowStart: '借款人当地时段自', windowEnd: '至', startsAt: '开始时间（您的时间）',
    notAfter: '截止时间（您的时间）', rate: '每分钟数量', dryRun: '试运行', create: '创建批次',
    hintFirst: '请先对当前设置试运行。', hintReady: '创建时入队的正是试运行统计的内容。',
    hintEmpty: skipped => '无可创建：' + (skipped > 0 ? '符合条件的案件都已在其他批次中。' : '没有符合条件的案件。') + '请修改条件后重新试运行。',
    waves: '批次', colTemplate: '模板', colState: '状态', colEnqueued: '入队', colSkipped: '跳过', colCreated: '创建时间',
    pause: '暂停', resume: '继续', cancel: '取消批次…', cancelWhat: '将拦截本批次所有未发送的任务。',
    cancelYes: '确认取消批次', cancelNo: '保留', overTime: '各状态任务数随时间变化',
    byRule: '按规则统计的拦截与延后', events: '事件', noTemplate: '（此渠道没有已审批的模板）',
    atStart: t => '按开始时间 ' + t, now: '按当前时间',
    pace: (rate, n, min) => '按每分钟 ' + rate + ' 条，' + n + ' 个任务约在开始后 ' + min + ' 分钟内生成。',
    allAtStart: n => '所有任务在开始时生成' + (n > 0 ? '（未设速率）。' : '。'),
    wouldEnqueue: ['将入队 ', ' 个任务（', ' 个已在其他批次中，跳过）。'],
    judged: (start) => start + '评估：', wouldGo: ' 条可发送，', deferredN: ' 条延后，', blockedN: ' 条拦截',
    group: (outcome, rule) => ' 条' + (outcome === 'deferred' ? '延后' : '拦截') + '，规则 ' + rule,
    going: at => '，借款人当地时间 ' + at + ' 可发送', eg: ex => ' — 例如 ' + ex,
    smsGo: '可能发送的短信：', billed: ' 条，计费 ', segments: ' 段',
    ucs2: n => '（其中 ' + n + ' 条为 UCS-2 编码：单条 70 字，分段每段 67 字）', gsm: '（均为 GSM-7 编码）',
    unrendered: n => '；' + n + ' 条无法生成',
    created: c => '批次 ' + c.waveId + ' 已创建：入队 ' + c.enqueued + ' 个任务，跳过 ' + c.skipped + ' 个。',
    meta: { template: ' · 模板 ', noFilter: '无筛选', window: (a, b) => ' · 当地时段 ' + a + '–' + b,
      notAfter: t => ' · 截止 ' + t, by: (who, t) => ' · 由 ' + who + ' 于 ' + t + ' 创建' },
    cells: { tasks: '任务', members: '成员', queued: '排队中', unfed: '未生成（已取消）', contacts: '联系次数',
      pending: '待发送', deferred: '延后', sending: '发送中', sent: '已发送', delivered: '已送达', failed: '失败',
      blocked: '已拦截', unknown: '状态未知' },
    span: (n, since, s) => '（自 ' + since + ' 起 ' + n + ' 个采样；服务端保存采样，本页每 ' + s + ' 秒追加一个）',
    deferredBy: (n, r) => n + ' 条因 ' + r + ' 延后', dueAgain: t => '，最早 ' + t + '（您的时间）再次到期',
    stillToMake: (n, rate, min) => '还有 ' + n + ' 个按每分钟 ' + rate + ' 条生成：约 ' + min + ' 分钟',
    colProgress: '进度', progressOf: (d, n) => '已完成 ' + d + ' / ' + n,
    listCounts: (s, d, f, b) => '送达 ' + d + ' · 已发送 ' + s + ' · 失败 ' + f + ' · 拦截 ' + b,
    states: { running: '进行中', paused: '已暂停', cancelled: '已取消', done: '已完成' },
    blockedBar: r => r + '（拦截）', deferredBar: r => r + '（延后）',
    waveEvents: { created: '创建', paused: '暂停', resumed: '继续', cancelled: '取消' }, eventBy: (e, who) => who + ' ' + e,
    selectionKeys: { stage: '阶段', dpdMin: '逾期天数自', dpdMax: '逾期天数至', product: '产品', jurisdiction: '司法辖区',
      balanceMin: '金额自', balanceMax: '金额至', riskGrade: '风险等级' },
  },
};
let W = T.en;

const POLL_MS = 2000;
const LIST_MS = 10000;
const MAX_SAMPLES = 300;
let me = null;
let templates = [];
let selected = null;      // the wave id shown
let samples = [];         // [{t, counts}] of the shown wave: the service's samples from its start, then this page's polls
let seeded = false;       // whether the service's samples are in
let timer = null;
let dryRunOf = null;      // the JSON of the form a successful dry run answered for

function spec() {
  const v = formValues($('#wave-form'));
  const num = k => (v[k] === undefined ? undefined : Number(v[k]));
  const selection = {};
  for (const k of ['stage', 'product', 'jurisdiction', 'riskGrade']) if (v[k]) selection[k] = v[k];
  for (const k of ['dpdMin', 'dpdMax', 'balanceMin', 'balanceMax']) if (v[k] !== undefined) selection[k] = num(k);
  const body = { name: v.name, channel: v.channel, template: v.template, selection };
  if (v.windowStart || v.windowEnd) body.window = { start: v.windowStart, end: v.windowEnd };
  if (v.startsAt) body.startsAt = new Date(v.startsAt).toISOString();
  if (v.notAfter) body.notAfter = new Date(v.notAfter).toISOString();
  if (v.ratePerMinute) body.ratePerMinute = num('ratePerMinute');
  return body;
}

function fillTemplates() {
  const channel = $('#wave-channel').value;
  // click-to-call is a collector's own call from the desk: never a wave's (the API refuses it too)
  const codes = [...new Set(templates.filter(t => t.channel === channel && t.approved && t.code !== 'click-to-call').map(t => t.code))].sort();
  const select = $('#wave-template');
  select.replaceChildren(...codes.map(c => h('option', { value: c }, c)));
  if (codes.length === 0) select.append(h('option', { value: '' }, W.noTemplate));
}

// the form control an API error's field names: selection.stage → stage, window.start → windowStart, else the same name
// the form's control for a field the API names
function controlName(field) {
  return field.startsWith('selection.') ? field.slice('selection.'.length)
    : field === 'window.start' || field === 'window' ? 'windowStart' : field === 'window.end' ? 'windowEnd'
      : field === 'selection' ? 'stage' : field;
}

// says what was wrong and marks the field to blame, so it is seen and not only named
function refused(e) {
  say($('#wave-msg'), errorText(e));
  markInvalid($('#wave-form'), e && e.body ? e.body.field : null, 'wave-msg', controlName);
}

function formChanged() {
  clearInvalid($('#wave-form'));
  dryRunOf = null;
  $('#create-wave').disabled = true;
  $('#create-hint').textContent = W.hintFirst;
}

async function dryRun() {
  const body = spec();
  const result = $('#dry-run-result');
  say($('#wave-msg'), '');
  result.classList.add('hidden');
  try {
    const counts = await api('POST', '/api/waves', { ...body, dryRun: true });
    // the dry run answers a page of whole borrowers at a time: add the pages up
    const gate = { sendNow: 0, deferred: 0, blocked: 0, byRule: {} };
    const groups = new Map();   // outcome|rule|local time → {outcome, ruleId, localAt, count, examples}
    const sms = { messages: 0, segments: 0, ucs2: 0, unrendered: 0 };
    let after = null;
    do {
      const page = await api('POST', '/api/dry-run', { selection: body.selection, channel: body.channel, template: body.template,
        details: 0, ...(body.window ? { window: body.window } : {}), ...(body.startsAt ? { startsAt: body.startsAt } : {}),
        ...(after ? { after } : {}) });
      gate.sendNow += page.sendNow;
      gate.deferred += page.deferred;
      gate.blocked += page.blocked;
      Object.entries(page.byRule || {}).forEach(([r, n]) => { gate.byRule[r] = (gate.byRule[r] || 0) + n; });
      for (const g of page.groups || []) {
        const key = g.outcome + '|' + g.ruleId + '|' + (g.localAt || '');
        const into = groups.get(key) || { ...g, count: 0, examples: [] };
        into.count += g.count;
        for (const ex of g.examples) if (into.examples.length < 3) into.examples.push(ex);
        groups.set(key, into);
      }
      if (page.sms) for (const k of Object.keys(sms)) sms[k] += page.sms[k] || 0;
      after = page.next;
    } while (after);
    const rules = Object.entries(gate.byRule || {}).map(([r, n]) => r + ' ' + n).join(', ');
    const start = body.startsAt ? W.atStart(fmtTime(body.startsAt)) : W.now;
    const pace = body.ratePerMinute && counts.enqueued > 0
      ? W.pace(body.ratePerMinute, counts.enqueued, Math.max(1, Math.ceil(counts.enqueued / body.ratePerMinute)))
      : W.allAtStart(counts.enqueued);
    result.replaceChildren(
      h('div', { id: 'dry-run-counts' }, W.wouldEnqueue[0], h('b', { id: 'dry-enqueued' }, counts.enqueued), W.wouldEnqueue[1],
        h('span', { id: 'dry-skipped' }, counts.skipped), W.wouldEnqueue[2]),
      h('div', { id: 'dry-run-gate' }, W.judged(start), h('b', { id: 'dry-send-now' }, gate.sendNow), W.wouldGo,
        h('b', { id: 'dry-deferred' }, gate.deferred), W.deferredN, h('b', { id: 'dry-blocked' }, gate.blocked), W.blockedN,
        rules ? ' (' + rules + ')' : '', '.'),
      h('ul', { id: 'dry-run-groups' }, ...[...groups.values()].map(g => h('li', { dataset: { outcome: g.outcome, rule: g.ruleId } },
        h('b', null, g.count), W.group(g.outcome, g.ruleId),
        g.localAt ? W.going(g.localAt.replace('T', ' ')) : '',
        g.examples.length ? W.eg(g.examples.join(', ')) : ''))),
      h('div', { id: 'dry-run-pace' }, pace),
      body.channel === 'sms' ? h('div', { id: 'dry-run-sms' }, W.smsGo, h('b', { id: 'dry-sms-messages' }, sms.messages),
        W.billed, h('b', { id: 'dry-sms-segments' }, sms.segments), W.segments,
        sms.ucs2 ? W.ucs2(sms.ucs2) : W.gsm, sms.unrendered ? W.unrendered(sms.unrendered) : '', '.') : '');
    dryRunOf = JSON.stringify(body);
    // a selection that would enqueue nothing is not a wave: Create stays off, and the page says why
    const empty = counts.enqueued === 0;
    result.className = empty ? 'msg warn' : 'msg ok';
    $('#create-wave').disabled = empty;
    $('#create-hint').textContent = empty ? W.hintEmpty(counts.skipped) : W.hintReady;
  } catch (e) {
    refused(e);
  }
}

async function create(ev) {
  ev.preventDefault();
  const body = spec();
  if (JSON.stringify(body) !== dryRunOf) {
    formChanged();
    return;
  }
  $('#create-wave').disabled = true;
  try {
    const created = await api('POST', '/api/waves', body);
    say($('#wave-msg'), W.created(created), 'ok');
    $('#dry-run-result').classList.add('hidden');
    formChanged();
    await loadList();
    open(created.waveId);
    // the new wave's progress, where the eye is: not 900 px further down the page
    $('#wave-detail').scrollIntoView({ block: 'start' });
    $('#wave-title').focus();
  } catch (e) {
    refused(e);
    $('#create-wave').disabled = false;
  }
}

// a wave's progress in the list, from the service's latest sample of it (no task is counted for the list)
function progressCell(w) {
  const c = w.latest ? w.latest.counts : null;
  if (!c) return h('td', { class: 'progress', 'data-col': 'progress' }, '—');
  const done = Math.max(0, w.enqueued - (c.open || 0));
  return h('td', { class: 'progress', 'data-col': 'progress' },
    h('progress', { max: Math.max(1, w.enqueued), value: done, 'aria-label': W.progressOf(done, w.enqueued) }),
    ' ', W.listCounts(c.sent || 0, c.delivered || 0, c.failed || 0, c.blocked || 0));
}

async function loadList() {
  try {
    const { waves } = await api('GET', '/api/waves');
    $('#wave-list tbody').replaceChildren(...waves.map(w => openableRow({ selected: w.id === selected,
      label: 'wave ' + w.id + ' ' + w.name + ', ' + w.state, dataset: { waveId: w.id } }, () => open(w.id),
    h('td', { class: 'n' }, w.id), h('td', null, w.name), h('td', null, W[w.channel] || w.channel), h('td', null, w.template),
      h('td', null, h('span', { class: 'pill ' + w.state, dataset: { state: w.state } }, W.states[w.state] || w.state)), h('td', { class: 'n' }, w.enqueued),
      h('td', { class: 'n' }, w.skipped), progressCell(w), h('td', null, fmtTime(w.createdAt)))));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

function open(id) {
  selected = id;
  samples = [];
  seeded = false;
  document.querySelectorAll('#wave-list tr[data-wave-id]').forEach(tr => tr.classList.toggle('selected', Number(tr.dataset.waveId) === id));
  $('#wave-detail').classList.remove('hidden');
  $('#cancel-confirm').classList.add('hidden');
  say($('#detail-msg'), '');
  clearInterval(timer);
  poll();
  timer = setInterval(poll, POLL_MS);
}

async function poll() {
  const id = selected;
  try {
    const w = await api('GET', '/api/waves/' + id);
    if (id === selected) render(w);
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
}

function render(w) {
  const p = w.progress || {};
  const counts = { ...(p.byState || {}) };
  if (typeof p.queued === 'number') counts.queued = p.queued;
  if (!seeded) {
    // the service sampled the wave since its start: a reload, or another person's screen, sees the same history
    samples = (w.samples || []).map(x => ({ t: Date.parse(x.at), counts: x.counts }));
    seeded = true;
  }
  samples.push({ t: Date.now(), counts });
  if (samples.length > MAX_SAMPLES) samples.shift();

  $('#wave-title').textContent = '#' + w.id + ' ' + w.name;
  const state = $('#wave-state');
  state.textContent = W.states[w.state] || w.state;
  state.className = 'pill ' + w.state;
  state.dataset.state = w.state;
  const sel = Object.entries(w.selection || {}).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => (W.selectionKeys[k] || k) + '=' + ((k === 'stage' || k === 'riskGrade') && typeof W[v] === 'string' ? W[v] : v)).join(', ');
  $('#wave-meta').textContent = (W[w.channel] || w.channel) + W.meta.template + w.template + ' · ' + (sel || W.meta.noFilter) +
    (w.window ? W.meta.window(w.window.start, w.window.end) : '') +
    (w.notAfter ? W.meta.notAfter(fmtTime(w.notAfter)) : '') + W.meta.by(w.createdBy, fmtTime(w.createdAt));

  const writer = me && (me.role === 'scheduler' || me.role === 'admin');
  $('#wave-pause').disabled = !writer || w.state !== 'running';
  $('#wave-resume').disabled = !writer || w.state !== 'paused';
  $('#wave-cancel').disabled = !writer || !(w.state === 'running' || w.state === 'paused');

  const cells = [['tasks', p.tasks]];
  if (typeof w.members === 'number') cells.push(['members', w.members]);
  if (typeof p.members === 'number') cells.push(['members', p.members]);
  if (typeof p.queued === 'number') cells.push(['queued', p.queued]);
  if (p.unfed) cells.push(['unfed', p.unfed]);
  for (const st of Object.keys(STATE_COLOURS)) if (st !== 'queued' && counts[st] !== undefined) cells.push([st, counts[st]]);
  for (const [st, n] of Object.entries(counts)) if (!(st in STATE_COLOURS)) cells.push([st, n]);
  cells.push(['contacts', p.contacts]);
  $('#wave-counts').replaceChildren(...cells.map(([k, n]) => h('div', null, h('dt', null, W.cells[k] || k), h('dd', { dataset: { state: k } }, n ?? 0))));

  const drawn = drawStateChart($('#state-chart'), samples);
  $('#chart-span').textContent = W.span(samples.length, fmtTime(new Date(samples[0].t).toISOString()), POLL_MS / 1000);
  $('#state-chart').dataset.since = new Date(samples[0].t).toISOString();
  $('#state-legend').replaceChildren(...drawn.map(st => h('span', null, h('i', { class: 'swatch', dataset: { colour: st } }), W.cells[st] || st)));
  document.querySelectorAll('#state-legend i').forEach(i => { i.style.background = STATE_COLOURS[i.dataset.colour]; });

  const bars = [
    ...Object.entries(p.blockedByRule || {}).map(([r, n]) => ({ label: W.blockedBar(r), n, colour: STATE_COLOURS.blocked })),
    ...Object.entries(p.deferredByRule || {}).map(([r, n]) => ({ label: W.deferredBar(r), n, colour: STATE_COLOURS.deferred })),
  ];
  drawBars($('#rule-chart'), bars);
  // when the deferred go: each rule's first task due again (the dispatcher judges it afresh then), and the wave's pace
  const next = p.deferredNext || {};
  $('#wave-deferred').replaceChildren(...Object.entries(p.deferredByRule || {}).map(([r, n]) => h('li', { dataset: { rule: r } },
    W.deferredBy(n, r) + (next[r] ? W.dueAgain(fmtTime(next[r])) : ''))),
  ...(w.ratePerMinute && p.queued > 0 ? [h('li', { id: 'wave-pace' },
    W.stillToMake(p.queued, w.ratePerMinute, Math.ceil(p.queued / w.ratePerMinute)))] : []));

  $('#wave-events').replaceChildren(...(w.events || []).map(e => h('li', null, h('span', { class: 'when' }, fmtTime(e.at)),
    W.eventBy(W.waveEvents[e.event] || e.event, e.actor))));
}

async function act(verb) {
  const id = selected;
  say($('#detail-msg'), '');
  try {
    await api('POST', '/api/waves/' + id + '/' + verb);
    $('#cancel-confirm').classList.add('hidden');
    await Promise.all([poll(), loadList()]);
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
}

async function main() {
  me = await signedIn();
  W = words(T);
  translate(document, W);
  if (!(me.role === 'scheduler' || me.role === 'admin')) {
    $('#create-card').classList.add('hidden');
  } else {
    templates = (await api('GET', '/api/templates')).templates;
    fillTemplates();
    $('#wave-channel').addEventListener('change', fillTemplates);
    $('#wave-form').addEventListener('input', formChanged);
    $('#wave-form').addEventListener('change', formChanged);
    $('#dry-run').addEventListener('click', dryRun);
    $('#wave-form').addEventListener('submit', create);
  }
  $('#wave-pause').addEventListener('click', () => act('pause'));
  $('#wave-resume').addEventListener('click', () => act('resume'));
  $('#wave-cancel').addEventListener('click', () => $('#cancel-confirm').classList.remove('hidden'));
  $('#wave-cancel-no').addEventListener('click', () => $('#cancel-confirm').classList.add('hidden'));
  $('#wave-cancel-yes').addEventListener('click', () => act('cancel'));
  await loadList();
  // the list's progress comes from the service's samples: refreshing it as often as they are taken is enough
  setInterval(loadList, LIST_MS);
  const wanted = Number(new URLSearchParams(location.search).get('wave'));
  if (wanted > 0) open(wanted);
}

main().catch(e => console.warn('wave board:', e.message));
