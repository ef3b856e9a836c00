// The admin's page of people and API tokens: users (create, role, password reset, end sessions, disable, enable) and
// tokens (create, shown once; list without secrets; revoke). Every change is the API's, audited there.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues, words, translate, roleName, openableRow } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'People and tokens', newUser: 'New user', username: 'Username', role: 'Role', password: 'Password (none: API tokens only)',
    rules: 'At least 12 characters, not a common password, not containing the username.', createUser: 'Create user', user: 'User',
    changeRole: 'Change role', newPassword: 'New password', reset: 'Reset password',
    resetNote: 'A reset ends their sessions; their API tokens stay. Disabling ends their sessions and revokes their tokens.',
    endSessions: 'End all sessions', disable: 'Disable', enable: 'Enable', newToken: 'New API token', label: 'Label',
    expires: 'Expires (optional, your time)', createToken: 'Create token', copyNow: 'Copy this token now; it is not shown again:',
    users: 'Users', state: 'State', colPassword: 'Password', sessions: 'Sessions', tokens: 'Tokens', created: 'Created',
    apiTokens: 'API tokens', owner: 'Owner', colExpires: 'Expires', lastUsed: 'Last used',
    lastUseNote: 'Last use is recorded at most once a minute per token.', active: 'active', disabled: 'disabled', tokenStates: { active: 'active', revoked: 'revoked', expired: 'expired' }, set: 'set', none: 'none (tokens only)', never: 'never', revoke: 'Revoke', bootstrap: ' (bootstrap)',
    revoked: t => 'Token ' + t.id + ' (' + t.label + ') revoked.', userCreated: u => 'User ' + u + ' created.',
    roleChanged: r => r.username + ' is now ' + r.role + ' (was ' + r.previousRole + ').',
    passwordReset: r => 'Password of ' + r.username + ' reset; ' + r.sessionsEnded + ' session(s) ended.',
    sessionsEnded: r => r.sessionsEnded + ' session(s) of ' + r.username + ' ended.',
    userDisabled: r => r.username + ' disabled; ' + r.sessionsEnded + ' session(s) ended, ' + r.tokensRevoked + ' token(s) revoked.',
    userEnabled: r => r.username + ' enabled.',
  },
  'zh-CN': {
    title: '用户与令牌', newUser: '新建用户', username: '用户名', role: '角色', password: '密码（留空：仅用 API 令牌）',
    rules: '至少 12 个字符，不能是常见密码，不能包含用户名。', createUser: '创建用户', user: '用户',
    changeRole: '修改角色', newPassword: '新密码', reset: '重置密码',
    resetNote: '重置密码会结束其会话，API 令牌保留。停用会结束其会话并吊销其令牌。',
    endSessions: '结束所有会话', disable: '停用', enable: '启用', newToken: '新建 API 令牌', label: '标签',
    expires: '过期时间（可选，您的时间）', createToken: '创建令牌', copyNow: '请立即复制此令牌，之后不会再显示：',
    users: '用户', state: '状态', colPassword: '密码', sessions: '会话', tokens: '令牌', created: '创建时间',
    apiTokens: 'API 令牌', owner: '所有者', colExpires: '过期时间', lastUsed: '最近使用',
    lastUseNote: '每个令牌的最近使用时间至多每分钟记录一次。', active: '启用中', disabled: '已停用', tokenStates: { active: '有效', revoked: '已吊销', expired: '已过期' }, set: '已设置', none: '无（仅令牌）', never: '从未', revoke: '吊销', bootstrap: '（初始）',
    revoked: t => '令牌 ' + t.id + '（' + t.label + '）已吊销。', userCreated: u => '用户 ' + u + ' 已创建。',
    roleChanged: r => r.username + ' 的角色已改为 ' + roleName(r.role) + '（原为 ' + roleName(r.previousRole) + '）。',
    passwordReset: r => r.username + ' 的密码已重置；结束了 ' + r.sessionsEnded + ' 个会话。',
    sessionsEnded: r => '已结束 ' + r.username + ' 的 ' + r.sessionsEnded + ' 个会话。',
    userDisabled: r => r.username + ' 已停用；结束了 ' + r.sessionsEnded + ' 个会话，吊销了 ' + r.tokensRevoked + ' 个令牌。',
    userEnabled: r => r.username + ' 已启用。',
  },
};
let W = T.en;

let me = null;
let users = [];
let selected = null;   // the username shown in the detail card

const path = (u) => '/api/users/' + encodeURIComponent(u);

async function loadUsers() {
  try {
    users = (await api('GET', '/api/users')).users;
    $('#user-list tbody').replaceChildren(...users.map(u => openableRow({ selected: u.username === selected,
      label: u.username + ', ' + roleName(u.role), dataset: { username: u.username } }, () => openUser(u.username),
    h('td', null, u.username), h('td', { 'data-col': 'role', dataset: { role: u.role } }, roleName(u.role)),
      h('td', { 'data-col': 'state' }, u.disabledAt ? W.disabled : W.active), h('td', null, u.hasPassword ? W.set : W.none),
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
      h('td', { class: 'n' }, t.id), h('td', null, t.label + (t.bootstrap ? W.bootstrap : '')), h('td', null, t.username),
      h('td', null, fmtTime(t.createdAt)), h('td', null, t.expiresAt ? fmtTime(t.expiresAt) : W.never),
      h('td', { 'data-col': 'last-used' }, t.lastUsedAt ? fmtTime(t.lastUsedAt) : W.never),
      h('td', { 'data-col': 'state' }, h('span', { class: 'pill', dataset: { state: t.state } }, W.tokenStates[t.state] || t.state)),
      h('td', null, t.state === 'active'
        ? h('button', { type: 'button', class: 'danger', 'data-revoke': t.id, onclick: () => revoke(t) }, W.revoke)
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
  $('#detail-state').textContent = u.disabledAt ? W.disabled : W.active;
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
    say($('#people-msg'), W.revoked(t), 'ok');
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
    say($('#people-msg'), W.userCreated(body.username), 'ok');
    selected = body.username;
    await loadUsers();
  } catch (e) {
    say($('#user-form-msg'), errorText(e));
  }
});

$('#change-role').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/role', { role: $('#detail-role').value }),
  r => W.roleChanged(r)));
$('#reset').addEventListener('click', () => change(
  async () => { const r = await api('POST', path(selected) + '/password', { password: $('#reset-password').value }); $('#reset-password').value = ''; return r; },
  r => W.passwordReset(r)));
$('#end-sessions').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/end-sessions', {}),
  r => W.sessionsEnded(r)));
$('#disable').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/disable', {}),
  r => W.userDisabled(r)));
$('#enable').addEventListener('click', () => change(
  () => api('POST', path(selected) + '/enable', {}),
  r => W.userEnabled(r)));
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
  W = words(T);
  translate(document, W);
  // the roles offered, named in the page's language
  document.querySelectorAll('#new-role option, #detail-role option').forEach(o => { o.textContent = roleName(o.value); });
  return Promise.all([loadUsers(), loadTokens()]);
}).catch(() => { /* signedIn said why */ });
