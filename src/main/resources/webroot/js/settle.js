// Unknown sends a person settles (compliance, admin): each e-mail or click-to-call the provider cannot be asked about,
// oldest first, settled as sent or not sent with a reason. The API writes the case history and the ledger.
import { api, h, $, say, errorText, fmtTime, signedIn, words, translate, channelName } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Sends to settle', colTask: 'Task', colCase: 'Case', colChannel: 'Channel', colContact: 'Contact',
    colSince: 'Unknown since', colError: 'Last error', colSettle: 'Settle',
    intro: 'E-mails and collectors\' calls whose outcome no provider can tell: say whether each went out, and why you know. '
      + '"Not sent" puts it back to be tried again; "sent" counts it against the caps.',
    reason: 'How do you know?', sent: 'Sent', notSent: 'Not sent', none: 'Nothing waits to be settled.',
    settled: (id, outcome) => 'Task ' + id + ' settled: ' + (outcome === 'sent' ? 'sent' : 'not sent') + '.',
  },
  'zh-CN': {
    title: '待确认发送', colTask: '任务', colCase: '案件', colChannel: '渠道', colContact: '联系方式',
    colSince: '状态未知起', colError: '最近错误', colSettle: '确认',
    intro: '服务商无法告知结果的邮件和催收员外呼：请确认每一条是否已发出，并说明依据。“未发送”会重新排队尝试；“已发送”计入频次上限。',
    reason: '依据是什么？', sent: '已发送', notSent: '未发送', none: '没有待确认的发送。',
    settled: (id, outcome) => '任务 ' + id + ' 已确认：' + (outcome === 'sent' ? '已发送' : '未发送') + '。',
  },
};
let W = T.en;

function row(t) {
  const reason = h('input', { 'aria-label': W.reason + ' (task ' + t.taskId + ')', placeholder: W.reason, maxlength: 2000,
    'data-reason': t.taskId });
  const settle = outcome => async () => {
    try {
      await api('POST', '/api/tasks/' + t.taskId + '/settle', { outcome, reason: reason.value.trim() });
      say($('#settle-msg'), W.settled(t.taskId, outcome), 'ok');
      await load();
    } catch (e) {
      say($('#list-msg'), errorText(e));
      reason.focus();
    }
  };
  return h('tr', { dataset: { taskId: t.taskId } }, h('td', { class: 'n' }, t.taskId), h('td', null, t.caseRef),
    h('td', null, channelName(t.channel) + (t.template ? ' · ' + t.template : '')), h('td', null, (t.contactKind || '') + ' ' + (t.contactValue || '')),
    h('td', null, fmtTime(t.unknownSince)), h('td', null, t.lastError || ''),
    h('td', null, reason, h('button', { type: 'button', 'data-sent': t.taskId, onclick: settle('sent') }, W.sent),
      h('button', { type: 'button', class: 'secondary', 'data-not-sent': t.taskId, onclick: settle('not_sent') }, W.notSent)));
}

async function load() {
  try {
    const { tasks } = await api('GET', '/api/unknown-tasks?limit=200');
    $('#settle-list tbody').replaceChildren(...(tasks.length ? tasks.map(row)
      : [h('tr', null, h('td', { colspan: 7, class: 'muted' }, W.none))]));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

signedIn().then(() => {
  W = words(T);
  translate(document, W);
  return load();
}).catch(() => { /* signedIn said why */ });
