// Opening a recording: the API records the view (who, when, which recording) before it answers with the link.
import { api, h, say, errorText } from './common.js';

/** A button that, clicked, fetches recording sid and shows its link in msgEl. */
export function recordingButton(sid, msgEl) {
  return h('button', {
    type: 'button', class: 'secondary recording', dataset: { recording: sid },
    onclick: async () => {
      try {
        const r = await api('GET', '/api/recordings/' + encodeURIComponent(sid));
        msgEl.replaceChildren('Recording ' + r.recordingSid + (r.durationS != null ? ' (' + r.durationS + ' s)' : '') + ': ',
          h('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer', class: 'recording-link' }, 'open'),
          h('span', { class: 'muted' }, ' · this view is recorded in the access audit'));
        msgEl.className = 'msg ok';
      } catch (e) {
        say(msgEl, errorText(e));
      }
    },
  }, 'Recording');
}
