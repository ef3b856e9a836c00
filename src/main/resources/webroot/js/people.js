// The admin's page of people and API tokens: users (create, role, password reset, end sessions, disable, enable) and
// tokens (create, shown once; list without secrets; revoke). Every change is the API's, audited there.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues } from './common.js';

let me = null;
let users = [];
let selected = null;   // the username shown in the detail card

const path = (u) => '/api/users/' + encodeURIComponent(u);

async function loadUsers() {
  try {
    users = (await api('GET', '/api/users')).users;
    $('#user-list tbody').replaceChildren(...users.map(u => h('tr', {
      class: 'selectable' + (u.username === selected ? ' selected' : ''), dataset: { username: u.username },
      onclick: () => openUser(u.username),
    }, h('td', null, u.username), h('td', { 'data-col': 'role' }, u.role),
      h('td', { 'data-col': 'state' }, u.disabledAt ? 'disabled' : 'active'), h('td', null, u.hasPassword ? 'set' : 'none (tokens only)'),
      h('td', { class: 'n', 'data-col': 'sessions' }, u.activeSessions), h('td', { class: 'n', 'data-col': 'tokens' }, u.activeTokens),
      h('td', null, fmtTime(u.createdAt)))));
    say($('#users-msg'), '');
    if (selected) openUser(selected);
  } catch (e) {
    say($('#users-msg'), errorText(e));
  }
}

async function loadTokens() {
  try {
    const tokens = (await api('GET', '/api/tokens')).tokens;
    $('#token-list tbody').replaceChildren(...tokens.map(t => h('tr', { dataset: { tokenId: t.id } },
      h('td', { class: 'n' }, t.id), h('td', null, t.label + (t.bootstrap ? ' (bootstrap)' : '')), h('td', null, t.username),
      h('td', null, fmtTime(t.createdAt)), h('td', null, t.expiresAt ? fmtTime(t.expiresAt) : 'never'),
      h('td', { 'data-col': 'last-used' }, t.lastUsedAt ? fmtTime(t.lastUsedAt) : 'never'),
      h('td', { 'data-col': 'state' }, h('span', { class: 'pill' }, t.state)),
      h('td', null, t.state === 'active'
        ? h('button', { type: 'button', class: 'danger', 'data-revoke': t.id, onclick: () => revoke(t) }, 'Revoke')
        : ''))));
    say($('#tokens-msg'), '');
  } catch (e) {
    say($('#tokens-msg'), errorText(e));
  }
}

function openUser(username) {
  const u = users.find(x => x.username === username);
  if (!u) return;
  if (selected !== username) $('#token-secret').classList.add('hidden');   // a secret is shown once, beside its owner
  selected = username;
  document.querySelectorAll('#user-list tr[data-username]').forEach(tr => tr.classList.toggle('selected', tr.dataset.username === username));
  $('#user-detail').classList.remove('hidden');
  $('#detail-username').textContent = u.username;
  $('#detail-state').textContent = u.disabledAt ? 'disabled' : 'active';
  $('#detail-role').value = u.role;
  const self = me && u.username === me.username;
  $('#disable').classList.toggle('hidden', !!u.disabledAt);
  $('#enable').classList.toggle('hidden', !u.disabledAt);
  for (const id of ['#disable', '#change-role', '#reset']) $(id).disabled = self;
}

/** Runs one change, then says what it did and reloads both lists. */
async function change(run, done) {
  say($('#detail-msg'), '');
  $('#token-secret').classList.add('hidden');
  try {
    const r = await run();
    say($('#people-msg'), done(r), 'ok');
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
  await Promise.all([loadUsers(), loadTokens()]);
}

async function revoke(t) {
  say($('#tokens-msg'), '');
  try {
    await api('POST', '/api/tokens/' + t.id + '/revoke', {});
    say($('#people-msg'), 'Token ' + t.id + ' (' + t.label + ') revoked.', 'ok');
  } catch (e) {
    say($('#tokens-msg'), errorText(e));
  }
  await Promise.all([loadUsers(), loadTokens()]);
}

$('#user-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const v = formValues($('#user-form'));
  const body = { username: v.username, role: v.role };
  if ($('#new-password').value) body.password = $('#new-password').value;
  try {
    await api('POST', '/api/users', body);
    $('#user-form').reset();
    say($('#user-form-msg'), '');
    say($('#people-msg'), 'User ' + body.username + ' created.', 'ok');
    selected = body.username;
    await loadUsers();
  } catch (e) {
    say($('#user-form-msg'), errorText(e));
  }
});

$('#change-role').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/role', { role: $('#detail-role').value }),
  r => r.username + ' is now ' + r.role + ' (was ' + r.previousRole + ').'));
$('#reset').addEventListener('click', () => change(
  async () => { const r = await api('POST', path(selected) + '/password', { password: $('#reset-password').value }); $('#reset-password').value = ''; return r; },
  r => 'Password of ' + r.username + ' reset; ' + r.sessionsEnded + ' session(s) ended.'));
$('#end-sessions').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/end-sessions', {}),
  r => r.sessionsEnded + ' session(s) of ' + r.username + ' ended.'));
$('#disable').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/disable', {}),
  r => r.username + ' disabled; ' + r.sessionsEnded + ' session(s) ended, ' + r.tokensRevoked + ' token(s) revoked.'));
$('#enable').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/enable', {}),
  r => r.username + ' enabled.'));
$('#create-token').addEventListener('click', async () => {
  say($('#detail-msg'), '');
  $('#token-secret').classList.add('hidden');
  const body = { label: $('#token-label').value.trim() };
  const expires = $('#token-expires').value;
  if (expires) body.expiresAt = new Date(expires).toISOString();
  try {
    const r = await api('POST', path(selected) + '/tokens', body);
    $('#token-value').textContent = r.token;
    $('#token-secret').classList.remove('hidden');
    $('#token-label').value = '';
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
  await Promise.all([loadUsers(), loadTokens()]);
});

signedIn().then(m => {
  me = m;
  return Promise.all([loadUsers(), loadTokens()]);
}).catch(() => { /* signedIn said why */ });
