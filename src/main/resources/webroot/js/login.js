import { api, homeOf, say, errorText, $ } from './common.js';

/** Only a page of this application may be the target after login (no open redirect). */
function nextPage(role) {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/app\/[a-z]+\.html(\?[^#]*)?$/.test(next) ? next : homeOf(role);
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const button = $('#login-submit');
  button.disabled = true;
  say($('#login-msg'), '');
  try {
    const me = await api('POST', '/api/login', { username: $('#username').value.trim(), password: $('#password').value });
    location.assign(nextPage(me.role));
  } catch (e) {
    say($('#login-msg'), e.status === 401 ? 'Invalid username or password.' : errorText(e));
    button.disabled = false;
  }
});
