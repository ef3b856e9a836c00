// Opening a recording: the API records the view (who, when, which recording) before it answers; the audio is played
// through the service (GET /api/recordings/{sid}/audio), with the session, and each request for it is audited.
import { api, h, say, errorText } from './common.js';

/** A button that, clicked, fetches recording sid and shows its link in msgEl. */
export function recordingButton(sid, msgEl) {
  return h('button', {
    type: 'button', class: 'secondary recording', dataset: { recording: sid },
    onclick: async () => {
      try {
        const r = await api('GET', '/api/recordings/' + encodeURIComponent(sid));
        // played through the service with the session (Twilio's own link needs the account's credentials); every
        // request for the audio is audited too
        msgEl.replaceChildren('Recording ' + r.recordingSid + (r.durationS != null ? ' (' + r.durationS + ' s)' : '') + ': ',
          h('audio', { controls: true, preload: 'none', src: r.audio, class: 'recording-audio', 'aria-label': 'Recording ' + r.recordingSid }),
          ' ', h('a', { href: r.audio, download: r.recordingSid + '.mp3', class: 'recording-link' }, 'download'),
          h('span', { class: 'muted' }, ' · this view, and every play, is recorded in the access audit'));
        msgEl.className = 'msg ok';
      } catch (e) {
        say(msgEl, errorText(e));
      }
    },
  }, 'Recording');
}
