// The collector's desk: my cases, one case's timeline and contact points (masked), click-to-call and the outcome.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues } from './common.js';
import { recordingButton } from './recordings.js';

const PHONE_KINDS = new Set(['mobile', 'home', 'work', 'emergency']);
let me = null;
let next = null;
let current = null;      // the case reference shown
let callTask = null;     // the task id of the call placed from this page

async function loadCases(more) {
  const v = formValues($('#case-filter'));
  const q = new URLSearchParams({ limit: '50', ...v });
  if (more && next) q.set('after', next);
  try {
    const page = await api('GET', '/api/cases?' + q);
    const rows = page.cases.map(c => h('tr', {
      class: 'selectable' + (c.caseRef === current ? ' selected' : ''), dataset: { caseRef: c.caseRef },
      onclick: () => openCase(c.caseRef),
    }, h('td', null, c.caseRef), h('td', null, c.borrowerName), h('td', { class: 'n' }, c.daysPastDue),
      h('td', { class: 'n' }, c.amountOverdue + ' ' + c.currency), h('td', null, c.openHolds > 0 ? c.openHolds + ' open' : '')));
    const body = $('#case-list tbody');
    if (more) body.append(...rows); else body.replaceChildren(...rows);
    if (!more && rows.length === 0) body.append(h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'No cases.')));
    next = page.next;
    $('#case-more').classList.toggle('hidden', !next);
    say($('#cases-msg'), '');
  } catch (e) {
    say($('#cases-msg'), errorText(e));
  }
}

/** The calls this person placed that still have no outcome, from any page or day: each can be recorded from here. */
async function loadAwaiting() {
  try {
    const r = await api('GET', '/api/calls/awaiting-outcome');
    const rows = r.calls.map(c => h('tr', { dataset: { task: String(c.taskId) } },
      h('td', null, '#' + c.taskId), h('td', null, c.caseRef), h('td', null, c.contactKind + ' ' + c.contactValue),
      h('td', null, fmtTime(c.placedAt)),
      h('td', { class: 'call-state' }, [c.legStatus || c.callStatus || c.state,
        c.durationSeconds != null ? c.durationSeconds + ' s' : null].filter(Boolean).join(', ')),
      h('td', null, h('button', { type: 'button', class: 'secondary record-outcome', onclick: () => outcomeFor(c) },
        'Record outcome'))));
    const body = $('#awaiting-list tbody');
    body.replaceChildren(...rows);
    if (rows.length === 0) body.append(h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'None: every call has its outcome.')));
    say($('#awaiting-msg'), '');
  } catch (e) {
    say($('#awaiting-msg'), errorText(e));
  }
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
  try {
    v = await api('GET', '/api/cases/' + encodeURIComponent(ref));
  } catch (e) {
    say($('#cases-msg'), errorText(e));
    return;
  }
  const c = v.case, b = v.borrower;
  $('#case-detail').classList.remove('hidden');
  $('#case-title').textContent = c.caseRef + ' · ' + b.fullName;
  $('#case-meta').textContent = c.product + ' · ' + c.amountOverdue + ' ' + c.currency + ' overdue since ' + c.dueDate +
    ' (' + c.daysPastDue + ' days) · ' + c.stage + ' · ' + c.status + ' · ' + b.jurisdiction +
    (b.timeZone ? ' · ' + b.timeZone : '') + ' · collector ' + (c.assignedCollector || 'none');
  const holds = v.holds || [];
  const holdsEl = $('#case-holds');
  holdsEl.textContent = holds.length ? 'On hold: ' + holds.map(x => x.kind + (x.reason ? ' (' + x.reason + ')' : '')).join(', ') : '';
  holdsEl.classList.toggle('hidden', holds.length === 0);

  $('#points tbody').replaceChildren(...v.contactPoints.map(p => {
    const flags = [p.voiceConsent ? 'voice consent' : 'no voice consent', p.smsConsent ? 'sms consent' : null,
      p.voiceOptedOut ? 'voice opted out' : null, p.smsOptedOut ? 'sms opted out' : null,
      (p.invalidChannels || []).length ? 'invalid for ' + p.invalidChannels.join(', ') : null].filter(Boolean).join(', ');
    // what the US text safe harbor and REASSIGNED_NUMBER read: consent evidence, the last RND check, the last text in
    const evidence = (p.consentEvidence || []).map(e => 'consent ' + e.kind + ' via ' + e.source + ' on ' + fmtTime(e.givenAt));
    const rnd = p.rndCheck ? 'reassigned-numbers check ' + fmtTime(p.rndCheck.checkedAt) + ': ' + p.rndCheck.result.replace('_', ' ') : null;
    const facts = [...evidence, rnd, p.lastInboundTextAt ? 'texted us ' + fmtTime(p.lastInboundTextAt) : null].filter(Boolean).join(' · ');
    const canCall = PHONE_KINDS.has(p.kind) && (me.role === 'collector' || me.role === 'admin');
    return h('tr', { dataset: { pointId: p.id } }, h('td', null, p.kind), h('td', { class: 'point-value' }, p.value),
      h('td', null, p.role), h('td', { class: 'muted' }, flags, facts ? h('div', { class: 'point-facts' }, facts) : null),
      h('td', null, canCall ? h('button', { type: 'button', class: 'call', dataset: { pointId: p.id }, onclick: () => call(p) }, 'Call') : ''));
  }));

  $('#timeline').replaceChildren(...[...v.history].reverse().map(e => {
    const d = e.detail || {};
    const bits = [e.event, e.state && e.state !== e.event ? '→ ' + e.state : null, e.ruleId ? 'rule ' + e.ruleId : null,
      e.policy ? '(' + e.policy + ')' : null, 'by ' + e.actor].filter(Boolean).join(' ');
    const extra = [d.outcome ? 'outcome ' + d.outcome : null, d.note ? '“' + d.note + '”' : null,
      d.promiseAmount ? 'promise ' + d.promiseAmount + (d.promiseDate ? ' on ' + d.promiseDate : '') : null,
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
  say(msg, 'Calling… your phone rings first, then the borrower is connected.', 'warn');
  document.querySelectorAll('button.call').forEach(b => { b.disabled = true; });
  try {
    const r = await api('POST', '/api/cases/' + encodeURIComponent(current) + '/calls', { contactPointId: point.id });
    callTask = r.taskId;
    say(msg, 'Allowed: your phone rings first, then the borrower is connected (task ' + r.taskId + '). Record its outcome below.', 'ok');
    openOutcomeForm(r.taskId);
    loadAwaiting();
  } catch (e) {
    if (e.status === 409 && e.body.error === 'not_allowed') {
      msg.replaceChildren(h('div', { id: 'refusal' }, 'Not allowed now: ', h('b', { id: 'refusal-rule' }, e.body.ruleId),
        e.body.policy ? ' (' + e.body.policy + ')' : '', e.body.reason ? ' — ' + e.body.reason : ''),
        e.body.untilLocal ? h('div', { id: 'refusal-next' }, 'Next allowed: ', h('b', null, localTime(e.body.untilLocal)),
          " borrower's time (" + fmtTime(e.body.until) + ' yours)') : h('div', null, 'No later time is allowed for this contact.'));
      msg.className = 'msg warn';
    } else {
      say(msg, errorText(e));
    }
  } finally {
    document.querySelectorAll('button.call').forEach(b => { b.disabled = false; });
    openCase(current, true);
  }
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
    say($('#outcome-msg'), 'Outcome recorded: ' + r.outcome + (r.holdId ? ' (hold ' + r.holdId + ' opened)' : '') +
      (r.callbackRequestId ? ' (call-back ' + r.callbackRequestId + ' noted)' : '') + '.', 'ok');
    $('#outcome-form').classList.add('hidden');
    say($('#call-msg'), 'Outcome of task ' + r.taskId + ' recorded: ' + r.outcome + '.', 'ok');
    await Promise.all([openCase(current, true), loadAwaiting()]);
  } catch (e) {
    say($('#outcome-msg'), errorText(e));
  } finally {
    button.disabled = false;
  }
}

async function main() {
  me = await signedIn();
  $('#cases-title').textContent = me.role === 'collector' ? 'My cases' : 'Cases';
  $('#case-filter').addEventListener('submit', ev => { ev.preventDefault(); loadCases(false); });
  $('#case-more').addEventListener('click', () => loadCases(true));
  loadAwaiting();
  // what Twilio says of the calls awaiting an outcome (ringing, in progress, completed, their length)
  setInterval(() => { if (!document.hidden) loadAwaiting(); }, 10000);
  $('#outcome').addEventListener('change', showOutcomeFields);
  $('#outcome-form').addEventListener('submit', recordOutcome);
  await loadCases(false);
  const wanted = new URLSearchParams(location.search).get('case');
  if (wanted) openCase(wanted);
}

main().catch(e => console.warn('desk:', e.message));
