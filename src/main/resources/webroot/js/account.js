// Anyone's own password: the current one, then the new one. The other sessions end; this one stays.
import { api, $, say, errorText, signedIn, words, translate } from './common.js';

const T = {
  en: { title: 'My password', current: 'Current password', next: 'New password', submit: 'Change password',
    rules: 'At least 12 characters, not a common password, not containing your username. Your other sessions end.',
    changed: 'Password changed. Your other sessions have ended.' },
  'zh-CN': { title: '我的密码', current: '当前密码', next: '新密码', submit: '修改密码',
    rules: '至少 12 个字符，不能是常见密码，不能包含用户名。修改后您的其他会话将结束。',
    changed: '密码已修改，您的其他会话已结束。' },
};
let W = T.en;

$('#password-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const button = $('#change-password');
  button.disabled = true;
  try {
    await api('POST', '/api/me/password', { currentPassword: $('#current-password').value, newPassword: $('#new-password').value });
    $('#password-form').reset();
    say($('#password-msg'), W.changed, 'ok');
  } catch (e) {
    say($('#password-msg'), errorText(e));
  } finally {
    button.disabled = false;
  }
});

signedIn().then(() => {
  W = words(T);
  translate(document, W);
}).catch(() => { /* the form still answers with the API's own errors */ });
