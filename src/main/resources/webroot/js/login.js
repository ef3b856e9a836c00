import { api, homeOf, say, errorText, $, h, words, translate, language } from './common.js';
import { LANGUAGES, useLanguage } from './i18n.js';

// the page's words (before login the browser's language, or the last one chosen on this browser, decides)
const T = {
  en: { title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', language: 'Language',
    invalid: 'Invalid username or password.' },
  'zh-CN': { title: '登录', username: '用户名', password: '密码', submit: '登录', language: '语言',
    invalid: '用户名或密码错误。' },
};
useLanguage(language());
let W = words(T);
translate(document, W);
const choose = $('#login-language');
choose.replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, selected: code === language() }, name)));
choose.addEventListener('change', () => {
  useLanguage(choose.value);
  W = words(T);
  translate(document, W);
});

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
    say($('#login-msg'), e.status === 401 ? W.invalid : errorText(e));
    button.disabled = false;
  }
});
