// Unknown sends a person settles (compliance, admin): each e-mail or click-to-call the provider cannot be asked about,
// oldest first, settled as sent or not sent with a reason. The API writes the case history and the ledger.
import { api, h, $, say, errorText, fmtTime, signedIn } from './common.js';

// the page's words in one place (a translation replaces this object)
const T = {
  reason: 'How do you know?', sent: 'Sent', notSent: 'Not sent', none: 'Nothing waits to be settled.',
  settled: (id, outcome) => 'Task ' + id + ' settled: ' + outcome.replace('_', ' ') + '.',
};

function row(t) {
  const reason = h('input', { 'aria-label': T.reason + ' (task ' + t.taskId + ')', placeholder: T.reason, maxlength: 2000,
    'data-reason': t.taskId });
  const settle = outcome => async () => {
    try {
      await api('POST', '/api/tasks/' + t.taskId + '/settle', { outcome, reason: reason.value.trim() });
      say($('#settle-msg'), T.settled(t.taskId, outcome), 'ok');
      await load();
    } catch (e) {
      say($('#list-msg'), errorText(e));
      reason.focus();
    }
  };
  return h('tr', { dataset: { taskId: t.taskId } }, h('td', { class: 'n' }, t.taskId), h('td', null, t.caseRef),
    h('td', null, t.channel + (t.template ? ' · ' + t.template : '')), h('td', null, (t.contactKind || '') + ' ' + (t.contactValue || '')),
    h('td', null, fmtTime(t.unknownSince)), h('td', null, t.lastError || ''),
    h('td', null, reason, h('button', { type: 'button', 'data-sent': t.taskId, onclick: settle('sent') }, T.sent),
      h('button', { type: 'button', class: 'secondary', 'data-not-sent': t.taskId, onclick: settle('not_sent') }, T.notSent)));
}

async function load() {
  try {
    const { tasks } = await api('GET', '/api/unknown-tasks?limit=200');
    $('#settle-list tbody').replaceChildren(...(tasks.length ? tasks.map(row)
      : [h('tr', null, h('td', { colspan: 7, class: 'muted' }, T.none))]));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

signedIn().then(load).catch(() => { /* signedIn said why */ });
