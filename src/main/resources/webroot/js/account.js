// Anyone's own password: the current one, then the new one. The other sessions end; this one stays.
import { api, $, say, errorText, signedIn } from './common.js';

$('#password-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const button = $('#change-password');
  button.disabled = true;
  try {
    await api('POST', '/api/me/password', { currentPassword: $('#current-password').value, newPassword: $('#new-password').value });
    $('#password-form').reset();
    say($('#password-msg'), 'Password changed. Your other sessions have ended.', 'ok');
  } catch (e) {
    say($('#password-msg'), errorText(e));
  } finally {
    button.disabled = false;
  }
});

signedIn().catch(() => { /* the form still answers with the API's own errors */ });
