// The collector's desk: my cases, one case's timeline and contact points (masked), click-to-call and the outcome.
import { api, h, $, say, errorText, fmtTime, fmtMoney, signedIn, formValues, words, translate, language, ruleName, ruleLabel, holdKindName, eventName, openableRow } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: "Collector's desk", awaiting: 'Calls awaiting an outcome', colTask: 'Task', colCase: 'Case', colNumber: 'Number',
    colPlaced: 'Placed', colCall: 'Call', searchLabel: 'Search my cases', searchHint: 'case, borrower ref or name',
    statusLabel: 'Case status', anyStatus: 'any status', overdue: 'overdue', warning: 'warning', current: 'current', paid: 'paid',
    withdrawn: 'withdrawn', search: 'Search', colBorrower: 'Borrower', colDpd: 'DPD', colOverdue: 'Overdue', colHolds: 'Holds',
    more: 'More', points: 'Contact points', colKind: 'Kind', colValue: 'Number / address', colRole: 'Role',
    colConsent: 'Consent, opt-outs', outcomeOf: 'Outcome of call', outcome: 'Outcome', oPromise: 'Promise to pay',
    oDispute: 'Dispute (opens a hold)', oWrong: 'Wrong number (marks it invalid)', oCallback: 'Call back at…', oNoAnswer: 'No answer',
    oRefused: 'Refused to pay', oPaid: 'Says already paid', oOther: 'Other', amount: 'Amount', on: 'On',
    callbackAt: 'Call back at (your time)', note: 'Note', record: 'Record outcome', timeline: 'Timeline', newestFirst: '(newest first)',
    myCases: 'My cases', cases: 'Cases', noCases: 'No cases.', open: n => n + ' open', noneAwaiting: 'None: every call has its outcome.',
    onHold: 'On hold: ', calling: 'Calling… your phone rings first, then the borrower is connected.',
    allowed: id => 'Allowed: your phone rings first, then the borrower is connected (task ' + id + '). Record its outcome below.',
    notAllowed: 'Not allowed now: ', nextAllowed: 'Next allowed: ', theirTime: (yours) => " borrower's time (" + yours + ' yours)',
    noLater: 'No later time is allowed for this contact.',
    colNow: 'Now', theirNow: 'Their time: ', zoneFrom: { explicit: 'zone given', postal_code: 'zone from postal code',
      region: 'zone from region', area_code: 'zone from area code', phone: 'zone from the phone number',
      fallback: 'zone guessed (fallback)' },
    callableNow: 'can be called now', callableFrom: 'from ', notCallable: 'cannot be called: ',
    day: 'My day', next: 'Next', nextHint: 'opens the next case in this list that can be called now (key N)', colWhy: 'Why now',
    why: { callback_due: c => 'asked to be called back until ' + fmtTime(c.callbackUntil),
      promise_broken: c => 'promised ' + (c.promiseAmount || '') + ' by ' + c.promiseDate + ', not paid', new: () => 'never contacted',
      priority: () => 'most overdue' },
    noneCallable: 'No case in your day can be called now.', dayEmpty: 'Nothing in your day.',
    channels: { sms: 'SMS', voice: 'Call', email: 'E-mail' },
    byRule: 'by ', by: 'by ', theirs: 'their time',
    recorded: r => 'Outcome recorded: ' + (T.en.outcomes[r.outcome] || r.outcome) + (r.holdId ? ' (hold ' + r.holdId + ' opened)' : '')
      + (r.callbackRequestId ? ' (call-back ' + r.callbackRequestId + ' noted)' : '') + '.',
    recordedFor: r => 'Outcome of task ' + r.taskId + ' recorded: ' + (T.en.outcomes[r.outcome] || r.outcome) + '.',
    meta: (c, b, money) => [c.product, money + ' overdue since ' + c.dueDate + ' (' + c.daysPastDue + ' days)',
      (T.en.stages[c.stage] || c.stage) + ' stage', T.en[c.status] || c.status, b.jurisdiction, b.timeZone,
      'collector ' + (c.assignedCollector || 'none')].filter(Boolean).join(' · '),
    stages: { early: 'early', middle: 'middle', late: 'late' },
    kinds: { mobile: 'mobile', home: 'home', work: 'work', email: 'e-mail', emergency: 'emergency' },
    roles: { borrower: 'borrower', guarantor: 'guarantor', third_party: 'third party' },
    voiceConsent: 'voice consent', noVoiceConsent: 'no voice consent', smsConsent: 'SMS consent', voiceOptedOut: 'opted out of calls',
    smsOptedOut: 'opted out of SMS', invalidFor: list => 'invalid for ' + list,
    consentVia: (kind, source, at) => 'consent ' + kind + ' via ' + source + ' on ' + at,
    rndCheck: (at, result) => 'reassigned-numbers check ' + at + ': ' + result.replace('_', ' '), textedUs: at => 'texted us ' + at,
    callButton: 'Call', amountIn: cur => 'Amount (' + cur + ')',
    outcomes: { promise_to_pay: 'promise to pay', dispute: 'dispute', wrong_number: 'wrong number', callback: 'call back',
      no_answer: 'no answer', refused: 'refused to pay', paid_claimed: 'says already paid', other: 'other' },
    outcomeIs: o => 'outcome: ' + o, promised: (money, date) => 'promise ' + money + (date ? ' on ' + date : ''),
    callStates: { queued: 'queued', initiated: 'dialling', ringing: 'ringing', 'in-progress': 'in progress', answered: 'answered',
      completed: 'completed', busy: 'busy', 'no-answer': 'no answer', canceled: 'cancelled', failed: 'failed',
      sending: 'being placed', sent: 'placed', unknown: 'outcome unknown' },
    seconds: n => n + ' s', sep: ', ',
  },
  'zh-CN': {
    title: '催收工作台', awaiting: '待记录结果的通话', colTask: '任务', colCase: '案件', colNumber: '号码',
    colPlaced: '拨出时间', colCall: '通话', searchLabel: '搜索我的案件', searchHint: '案件、借款人编号或姓名',
    statusLabel: '案件状态', anyStatus: '全部状态', overdue: '逾期', warning: '预警', current: '正常', paid: '已结清',
    withdrawn: '已撤回', search: '搜索', colBorrower: '借款人', colDpd: '逾期天数', colOverdue: '逾期金额', colHolds: '暂停',
    more: '更多', points: '联系方式', colKind: '类型', colValue: '号码 / 地址', colRole: '关系',
    colConsent: '同意与退订', outcomeOf: '通话结果', outcome: '结果', oPromise: '承诺还款',
    oDispute: '有争议（设置暂停）', oWrong: '号码错误（标记无效）', oCallback: '约定回电…', oNoAnswer: '无人接听',
    oRefused: '拒绝还款', oPaid: '称已还款', oOther: '其他', amount: '金额', on: '日期',
    callbackAt: '回电时间（您的时间）', note: '备注', record: '记录结果', timeline: '时间线', newestFirst: '（最新在前）',
    myCases: '我的案件', cases: '案件', noCases: '没有案件。', open: n => n + ' 个生效', noneAwaiting: '没有：每通电话都已记录结果。',
    onHold: '暂停中：', calling: '正在呼叫…先接通您的电话，再接通借款人。',
    allowed: id => '允许：先接通您的电话，再接通借款人（任务 ' + id + '）。请在下方记录结果。',
    notAllowed: '现在不允许：', nextAllowed: '下次允许：', theirTime: (yours) => ' 借款人当地时间（您的时间 ' + yours + '）',
    noLater: '此联系方式之后没有允许的时间。',
    colNow: '现在', theirNow: '借款人当地时间：', zoneFrom: { explicit: '时区由资料给出', postal_code: '时区按邮编',
      region: '时区按地区', area_code: '时区按区号', phone: '时区按电话号码',
      fallback: '时区为推测（默认）' },
    callableNow: '现在可以拨打', callableFrom: '可拨打时间：', notCallable: '不可拨打：',
    day: '今日工作', next: '下一个', nextHint: '打开此列表中下一个现在可以拨打的案件（N 键）', colWhy: '原因',
    why: { callback_due: c => '要求回电，截至 ' + fmtTime(c.callbackUntil),
      promise_broken: c => '承诺于 ' + c.promiseDate + ' 还款 ' + (c.promiseAmount || '') + '，未还', new: () => '从未联系',
      priority: () => '逾期最久' },
    noneCallable: '今日列表中没有现在可以拨打的案件。', dayEmpty: '今日没有案件。',
    channels: { sms: '短信', voice: '电话', email: '邮件' },
    byRule: '规则 ', by: '操作人 ', theirs: '借款人当地时间',
    recorded: r => '结果已记录：' + (T['zh-CN'].outcomes[r.outcome] || r.outcome) + (r.holdId ? '（已设置暂停 ' + r.holdId + '）' : '')
      + (r.callbackRequestId ? '（已记录回电 ' + r.callbackRequestId + '）' : '') + '。',
    recordedFor: r => '任务 ' + r.taskId + ' 的结果已记录：' + (T['zh-CN'].outcomes[r.outcome] || r.outcome) + '。',
    meta: (c, b, money) => [c.product, '逾期 ' + money + '，自 ' + c.dueDate + ' 起（' + c.daysPastDue + ' 天）',
      (T['zh-CN'].stages[c.stage] || c.stage) + '阶段', T['zh-CN'][c.status] || c.status, b.jurisdiction, b.timeZone,
      '催收员 ' + (c.assignedCollector || '无')].filter(Boolean).join(' · '),
    stages: { early: '早期', middle: '中期', late: '后期' },
    kinds: { mobile: '手机', home: '家庭电话', work: '单位电话', email: '邮箱', emergency: '紧急联系人电话' },
    roles: { borrower: '借款人', guarantor: '担保人', third_party: '第三方' },
    voiceConsent: '已同意电话联系', noVoiceConsent: '未同意电话联系', smsConsent: '已同意短信', voiceOptedOut: '已退订电话',
    smsOptedOut: '已退订短信', invalidFor: list => '无效渠道：' + list,
    consentVia: (kind, source, at) => '同意（' + kind + '，来源 ' + source + '，' + at + '）',
    rndCheck: (at, result) => '号码转让核查 ' + at + '：' + result.replace('_', ' '), textedUs: at => '借款人来信 ' + at,
    callButton: '拨打', amountIn: cur => '金额（' + cur + '）',
    outcomes: { promise_to_pay: '承诺还款', dispute: '有争议', wrong_number: '号码错误', callback: '约定回电',
      no_answer: '无人接听', refused: '拒绝还款', paid_claimed: '称已还款', other: '其他' },
    outcomeIs: o => '结果：' + o, promised: (money, date) => '承诺' + (date ? '于 ' + date + ' ' : '') + '还款 ' + money,
    callStates: { queued: '排队中', initiated: '正在拨号', ringing: '振铃中', 'in-progress': '通话中', answered: '已接听',
      completed: '已结束', busy: '占线', 'no-answer': '无人接听', canceled: '已取消', failed: '失败',
      sending: '正在发起', sent: '已拨出', unknown: '结果未知' },
    seconds: n => n + ' 秒', sep: '，',
  },
};
let W = T.en;
import { recordingButton } from './recordings.js';

const PHONE_KINDS = new Set(['mobile', 'home', 'work', 'emergency']);
let me = null;
let next = null;
let current = null;      // the case reference shown
let callTask = null;     // the task id of the call placed from this page

/**
 * A case as a row of a list: its reference, borrower and days past due, then {@code cells}; opened by a click, or by
 * Enter or Space once the keyboard reaches it. {@code data}: more of the row's data attributes.
 */
function caseRow(c, data, ...cells) {
  return openableRow({ selected: c.caseRef === current, label: c.caseRef + ', ' + c.borrowerName, dataset: { caseRef: c.caseRef, ...data } },
    () => openCase(c.caseRef), h('td', null, c.caseRef), h('td', null, c.borrowerName), h('td', { class: 'n' }, c.daysPastDue), ...cells);
}

async function loadCases(more) {
  const v = formValues($('#case-filter'));
  const q = new URLSearchParams({ limit: '50', ...v });
  if (more && next) q.set('after', next);
  try {
    const page = await api('GET', '/api/cases?' + q);
    const rows = page.cases.map(c => caseRow(c, {},
      h('td', { class: 'n' }, fmtMoney(c.amountOverdue, c.currency)), h('td', null, c.openHolds > 0 ? W.open(c.openHolds) : '')));
    const body = $('#case-list tbody');
    if (more) body.append(...rows); else body.replaceChildren(...rows);
    if (!more && rows.length === 0) body.append(h('tr', null, h('td', { colspan: 5, class: 'muted' }, W.noCases)));
    next = page.next;
    $('#case-more').classList.toggle('hidden', !next);
    say($('#cases-msg'), '');
  } catch (e) {
    say($('#cases-msg'), errorText(e));
  }
}

let day = [];            // the collector's day, in the order to work it (GET /api/desk/queue)

/** The collector's day: call-backs due, broken promises, new cases, then the most overdue, each saying why. */
async function loadDay() {
  try {
    const r = await api('GET', '/api/desk/queue?limit=100');
    day = r.cases;
    const rows = day.map(c => caseRow(c, { reason: c.reason }, h('td', null, (W.why[c.reason] || (() => c.reason))(c))));
    $('#day-list tbody').replaceChildren(...rows);
    if (rows.length === 0) $('#day-list tbody').append(h('tr', null, h('td', { colspan: 4, class: 'muted' }, W.dayEmpty)));
    say($('#day-msg'), '');
  } catch (e) {
    say($('#day-msg'), errorText(e));
  }
}

/**
 * Opens the next case of the day after the one shown (from the top when it is not in the day) that can be called now:
 * the service judges the day's cases in its order and answers the first (GET /api/desk/next), in one request.
 */
async function nextCase() {
  const button = $('#next-case');
  button.disabled = true;
  try {
    const r = await api('GET', '/api/desk/next' + (current ? '?after=' + encodeURIComponent(current) : ''));
    if (r.caseRef) {
      say($('#day-msg'), '');
      await openCase(r.caseRef);
      document.querySelectorAll('#day-list tr[data-case-ref]').forEach(tr => tr.classList.toggle('selected', tr.dataset.caseRef === r.caseRef));
      return;
    }
    say($('#day-msg'), day.length ? W.noneCallable : W.dayEmpty, 'warn');
  } catch (e) {
    say($('#day-msg'), errorText(e));
  } finally {
    button.disabled = false;
  }
}

/** Twilio's last word on a call awaiting its outcome: the collector's leg, the call, or the task's own state. */
function callStatus(c) {
  return c.legStatus || c.callStatus || c.state;
}

// a call Twilio has not finished with: its state is shown live (every 2 s) while it lasts, then every 10 s
const FINAL_CALL_STATES = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed', 'unknown']);
const LIVE_MS = 2000;
const AWAITING_MS = 10000;
const LIVE_FOR_MS = 3600 * 1000;
const firstSeen = new Map();   // task id → when this page first listed it
let awaitingTimer = null;

/**
 * The calls this person placed that still have no outcome, from any page or day: each can be recorded from here.
 * Read again in 2 s while one of them is still ringing or talking, else in 10 s.
 */
async function loadAwaiting() {
  let live = false;
  try {
    const r = await api('GET', '/api/calls/awaiting-outcome');
    // live for an hour from when this page first saw the call: one whose last callback never came is not read every 2 s for ever
    const now = Date.now();
    r.calls.forEach(c => { if (!firstSeen.has(c.taskId)) firstSeen.set(c.taskId, now); });
    live = r.calls.some(c => !FINAL_CALL_STATES.has(callStatus(c)) && now - firstSeen.get(c.taskId) < LIVE_FOR_MS);
    const rows = r.calls.map(c => h('tr', { dataset: { task: String(c.taskId) } },
      h('td', null, '#' + c.taskId), h('td', null, c.caseRef), h('td', null, (W.kinds[c.contactKind] || c.contactKind) + ' ' + c.contactValue),
      h('td', null, fmtTime(c.placedAt)),
      h('td', { class: 'call-state', dataset: { status: callStatus(c) } }, [W.callStates[callStatus(c)] || callStatus(c),
        c.durationSeconds != null ? W.seconds(c.durationSeconds) : null].filter(Boolean).join(W.sep)),
      h('td', null, h('button', { type: 'button', class: 'secondary record-outcome', onclick: () => outcomeFor(c) },
        W.record))));
    const body = $('#awaiting-list tbody');
    body.replaceChildren(...rows);
    if (rows.length === 0) body.append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, W.noneAwaiting)));
    say($('#awaiting-msg'), '');
  } catch (e) {
    say($('#awaiting-msg'), errorText(e));
  }
  scheduleAwaiting(live ? LIVE_MS : AWAITING_MS);
}

/** Reads the awaiting calls again in {@code ms} (one timer at a time; none while the page is not seen). */
function scheduleAwaiting(ms) {
  clearTimeout(awaitingTimer);
  awaitingTimer = setTimeout(() => (document.hidden ? scheduleAwaiting(AWAITING_MS) : loadAwaiting()), ms);
}

/** Opens the call's case with the outcome form for that call. */
async function outcomeFor(c) {
  await openCase(c.caseRef);
  openOutcomeForm(c.taskId);
  $('#outcome-form').scrollIntoView({ block: 'nearest' });
}

function openOutcomeForm(taskId) {
  callTask = taskId;
  $('#outcome-task').textContent = '#' + taskId;
  $('#outcome-form').reset();
  showOutcomeFields();
  say($('#outcome-msg'), '');
  $('#outcome-form').classList.remove('hidden');
}

async function openCase(ref, keepMessages) {
  current = ref;
  document.querySelectorAll('#case-list tr[data-case-ref]').forEach(tr => tr.classList.toggle('selected', tr.dataset.caseRef === ref));
  history.replaceState(null, '', '?case=' + encodeURIComponent(ref));
  if (!keepMessages) {
    callTask = null;
    $('#outcome-form').classList.add('hidden');
    say($('#call-msg'), '');
    say($('#recording-msg'), '');
  }
  let v;
  // what the gate says now of a click on each phone (collectors, compliance, admins), read beside the case
  const checking = ['collector', 'admin', 'compliance'].includes(me.role)
    ? api('GET', '/api/cases/' + encodeURIComponent(ref) + '/callable').catch(() => null) : Promise.resolve(null);
  try {
    v = await api('GET', '/api/cases/' + encodeURIComponent(ref));
  } catch (e) {
    say($('#cases-msg'), errorText(e));
    return;
  }
  const callable = await checking;
  const checks = new Map(((callable && callable.points) || []).map(p => [p.contactPointId, p]));
  const local = callable && callable.borrower;
  const localEl = $('#case-local');
  localEl.textContent = local ? W.theirNow + localTime(local.localNow) + ' · ' + (W.zoneFrom[local.zonesFrom] || local.zonesFrom) : '';
  localEl.classList.toggle('hidden', !local);
  const c = v.case, b = v.borrower;
  $('#case-detail').classList.remove('hidden');
  $('#case-title').textContent = c.caseRef + ' · ' + b.fullName;
  $('#case-meta').textContent = W.meta(c, b, fmtMoney(c.amountOverdue, c.currency));
  // a promise is written in the case's currency
  $('#promise-amount-label').textContent = W.amountIn(c.currency);
  const holds = v.holds || [];
  const holdsEl = $('#case-holds');
  holdsEl.textContent = holds.length ? W.onHold + holds.map(x => holdKindName(x.kind) + (x.reason ? ' (' + x.reason + ')' : '')).join(', ') : '';
  holdsEl.classList.toggle('hidden', holds.length === 0);

  $('#points tbody').replaceChildren(...v.contactPoints.map(p => {
    const flags = [p.voiceConsent ? W.voiceConsent : W.noVoiceConsent, p.smsConsent ? W.smsConsent : null,
      p.voiceOptedOut ? W.voiceOptedOut : null, p.smsOptedOut ? W.smsOptedOut : null,
      (p.invalidChannels || []).length ? W.invalidFor(p.invalidChannels.map(ch => W.channels[ch] || ch).join(', ')) : null]
      .filter(Boolean).join(', ');
    // what the US text safe harbor and REASSIGNED_NUMBER read: consent evidence, the last RND check, the last text in
    const evidence = (p.consentEvidence || []).map(e => W.consentVia(e.kind, e.source, fmtTime(e.givenAt)));
    const rnd = p.rndCheck ? W.rndCheck(fmtTime(p.rndCheck.checkedAt), p.rndCheck.result) : null;
    const facts = [...evidence, rnd, p.lastInboundTextAt ? W.textedUs(fmtTime(p.lastInboundTextAt)) : null].filter(Boolean).join(' · ');
    const canCall = PHONE_KINDS.has(p.kind) && (me.role === 'collector' || me.role === 'admin');
    const check = checks.get(p.id);
    const now = nowCell(check);
    // a click the gate would refuse now is not offered: the button says why instead
    const button = canCall ? h('button', { type: 'button', class: 'call', dataset: { pointId: p.id }, onclick: () => call(p),
      disabled: check && check.verdict !== 'now' ? true : null, title: check && check.verdict !== 'now' ? now.text : null }, W.callButton) : '';
    return h('tr', { dataset: { pointId: p.id } }, h('td', null, W.kinds[p.kind] || p.kind), h('td', { class: 'point-value' }, p.value),
      h('td', null, W.roles[p.role] || p.role), h('td', { class: 'muted' }, flags, facts ? h('div', { class: 'point-facts' }, facts) : null),
      h('td', { class: 'point-now ' + now.kind, dataset: { verdict: check ? check.verdict : '' } }, now.text), h('td', null, button));
  }));

  const zone = (local && local.zone) || b.timeZone;
  $('#timeline').replaceChildren(...[...v.history].reverse().map(e => {
    const d = e.detail || {};
    const bits = sentence(e, zone);
    const extra = [d.outcome ? W.outcomeIs(W.outcomes[d.outcome] || d.outcome) : null, d.note ? '“' + d.note + '”' : null,
      d.promiseAmount ? W.promised(fmtMoney(d.promiseAmount, c.currency), d.promiseDate) : null,
      d.reason ? d.reason : null,
      e.event === 'consent_evidence' ? d.kind + ' via ' + d.source + ' given ' + d.givenAt : null,
      e.event === 'rnd_check' ? 'number …' + (d.numberLast4 || '') + ': ' + d.result : null].filter(Boolean).join(' · ');
    return h('li', { dataset: { event: e.event } }, h('span', { class: 'when' }, fmtTime(e.at)), bits,
      extra ? h('div', { class: 'muted' }, extra) : null,
      d.recordingSid ? recordingButton(d.recordingSid, $('#recording-msg')) : null);
  }));
}

async function call(point) {
  const msg = $('#call-msg');
  say(msg, W.calling, 'warn');
  document.querySelectorAll('button.call').forEach(b => { b.disabled = true; });
  try {
    const r = await api('POST', '/api/cases/' + encodeURIComponent(current) + '/calls', { contactPointId: point.id });
    callTask = r.taskId;
    say(msg, W.allowed(r.taskId), 'ok');
    openOutcomeForm(r.taskId);
    loadAwaiting();
  } catch (e) {
    if (e.status === 409 && e.body.error === 'not_allowed') {
      msg.replaceChildren(h('div', { id: 'refusal' }, W.notAllowed, h('b', { id: 'refusal-rule' }, e.body.ruleId),
        ruleName(e.body.ruleId) ? ' ' + ruleName(e.body.ruleId) : '', e.body.policy ? ' (' + e.body.policy + ')' : '', e.body.reason ? ' — ' + e.body.reason : ''),
        e.body.untilLocal ? h('div', { id: 'refusal-next' }, W.nextAllowed, h('b', null, localTime(e.body.untilLocal)),
          W.theirTime(fmtTime(e.body.until))) : h('div', null, W.noLater));
      msg.className = 'msg warn';
    } else {
      say(msg, errorText(e));
    }
  } finally {
    document.querySelectorAll('button.call').forEach(b => { b.disabled = false; });
    openCase(current, true);
  }
}

/**
 * A history entry as a sentence: what went where and how it ended ("SMS reminder-friendly delivered"), the rule and
 * its policy, who, and the time in the borrower's zone ("10:02 their time, America/New_York").
 */
function sentence(e, zone) {
  const what = e.channel ? [W.channels[e.channel] || e.channel, e.template] : [];
  const event = eventName(e.event);
  const state = e.state && e.state !== e.event ? '→ ' + eventName(e.state) : null;
  const rule = e.ruleId ? W.byRule + ruleLabel(e.ruleId) + (e.policy ? ' (' + e.policy + ')' : '') : null;
  return [...what, event, state, rule, W.by + e.actor, theirTime(e.at, zone)].filter(Boolean).join(' ');
}

/** "· 10:02 their time (America/New_York)" for an instant in the borrower's zone; nothing without a zone. */
function theirTime(iso, zone) {
  if (!zone || !iso) return null;
  try {
    const t = new Date(iso).toLocaleTimeString(language(), { timeZone: zone, hour: '2-digit', minute: '2-digit' });
    return '· ' + t + ' ' + W.theirs + ' (' + zone + ')';
  } catch (err) {
    return null;
  }
}

/** What the gate says now of a click on one phone, as a line of the points table: {text, kind (ok, warn, error)}. */
function nowCell(check) {
  if (!check) return { text: '', kind: '' };
  const rule = check.ruleId ? ruleLabel(check.ruleId) + (check.reason ? ' — ' + check.reason : '') : '';
  if (check.verdict === 'now') return { text: W.callableNow, kind: 'ok' };
  if (check.verdict === 'later') return { text: W.callableFrom + localTime(check.untilLocal || check.until) + ' · ' + rule, kind: 'warn' };
  return { text: W.notCallable + rule, kind: 'error' };
}

/** "2026-11-24T08:00-10:00 Pacific/Honolulu" (or "…[Pacific/Honolulu]") → "2026-11-24 08:00 (UTC-10:00, Pacific/Honolulu)". */
function localTime(text) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?(?:\[(.+)]| (.+))?$/.exec(text);
  if (!m) return text;
  const zone = [m[3] ? 'UTC' + (m[3] === 'Z' ? '' : m[3]) : null, m[4] || m[5]].filter(Boolean).join(', ');
  return m[1] + ' ' + m[2] + (zone ? ' (' + zone + ')' : '');
}

function showOutcomeFields() {
  const o = $('#outcome').value;
  document.querySelectorAll('.for-promise').forEach(el => el.classList.toggle('hidden', o !== 'promise_to_pay'));
  document.querySelectorAll('.for-callback').forEach(el => el.classList.toggle('hidden', o !== 'callback'));
}

async function recordOutcome(ev) {
  ev.preventDefault();
  const v = formValues($('#outcome-form'));
  const body = { outcome: v.outcome };
  if (v.note) body.note = v.note;
  if (v.outcome === 'promise_to_pay') {
    body.promiseAmount = v.promiseAmount;
    body.promiseDate = v.promiseDate;
  }
  if (v.outcome === 'callback' && v.callbackAt) body.callbackAt = new Date(v.callbackAt).toISOString();
  const button = $('#outcome-submit');
  button.disabled = true;
  try {
    const r = await api('POST', '/api/calls/' + callTask + '/outcome', body);
    say($('#outcome-msg'), W.recorded(r), 'ok');
    $('#outcome-form').classList.add('hidden');
    say($('#call-msg'), W.recordedFor(r), 'ok');
    await Promise.all([openCase(current, true), loadAwaiting(), me.role === 'collector' ? loadDay() : null]);
  } catch (e) {
    say($('#outcome-msg'), errorText(e));
  } finally {
    button.disabled = false;
  }
}

async function main() {
  me = await signedIn();
  W = words(T);
  translate(document, W);
  $('#cases-title').textContent = me.role === 'collector' ? W.myCases : W.cases;
  $('#case-filter').addEventListener('submit', ev => { ev.preventDefault(); loadCases(false); });
  $('#case-more').addEventListener('click', () => loadCases(true));
  if (me.role === 'collector') {
    $('#day').classList.remove('hidden');
    $('#next-case').addEventListener('click', nextCase);
    // one key works the day, as on a dialer's agent screen: N, when no field has the keyboard
    document.addEventListener('keydown', ev => {
      if ((ev.key === 'n' || ev.key === 'N') && !ev.ctrlKey && !ev.metaKey && !ev.altKey
          && !ev.target.closest('input, select, textarea, [contenteditable]')) {
        ev.preventDefault();
        nextCase();
      }
    });
    loadDay();
  }
  // what Twilio says of the calls awaiting an outcome (ringing, in progress, completed, their length), live while one lasts
  loadAwaiting();
  $('#outcome').addEventListener('change', showOutcomeFields);
  $('#outcome-form').addEventListener('submit', recordOutcome);
  await loadCases(false);
  const wanted = new URLSearchParams(location.search).get('case');
  if (wanted) openCase(wanted);
}

main().catch(e => console.warn('desk:', e.message));
