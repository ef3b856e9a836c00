// Opening a recording: the API records the view (who, when, which recording) before it answers; the audio is played
// through the service (GET /api/recordings/{sid}/audio), with the session, and each request for it is audited.
import { api, h, say, errorText, words } from './common.js';

// the button's and the player's words, one object per language (i18n.js)
const T = {
  en: { recording: 'Recording', download: 'download', audited: ' · this view, and every play, is recorded in the access audit',
    seconds: n => ' (' + n + ' s)' },
  'zh-CN': { recording: '录音', download: '下载', audited: ' · 本次查看及每次播放均记入访问审计', seconds: n => '（' + n + ' 秒）' },
};

/** A button that, clicked, fetches recording sid and shows its link in msgEl. */
export function recordingButton(sid, msgEl) {
  const W = words(T);
  return h('button', {
    type: 'button', class: 'secondary recording', dataset: { recording: sid },
    onclick: async () => {
      try {
        const r = await api('GET', '/api/recordings/' + encodeURIComponent(sid));
        // played through the service with the session (Twilio's own link needs the account's credentials); every
        // request for the audio is audited too
        msgEl.replaceChildren(W.recording + ' ' + r.recordingSid + (r.durationS != null ? W.seconds(r.durationS) : '') + ': ',
          h('audio', { controls: true, preload: 'none', src: r.audio, class: 'recording-audio', 'aria-label': W.recording + ' ' + r.recordingSid }),
          ' ', h('a', { href: r.audio, download: r.recordingSid + '.mp3', class: 'recording-link' }, W.download),
          h('span', { class: 'muted' }, W.audited));
        msgEl.className = 'msg ok';
      } catch (e) {
        say(msgEl, errorText(e));
      }
    },
  }, W.recording);
}
