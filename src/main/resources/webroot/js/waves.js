// The wave board: the waves, a new wave (dry run first), and one wave's live progress, polled every 2 s.
import { api, h, $, say, errorText, fmtTime, signedIn, formValues } from './common.js';
import { drawStateChart, drawBars, STATE_COLOURS } from './chart.js';

const POLL_MS = 2000;
const MAX_SAMPLES = 300;
let me = null;
let templates = [];
let selected = null;      // the wave id shown
let samples = [];         // [{t, counts}] of the shown wave, since it was opened
let timer = null;
let dryRunOf = null;      // the JSON of the form a successful dry run answered for

function spec() {
  const v = formValues($('#wave-form'));
  const num = k => (v[k] === undefined ? undefined : Number(v[k]));
  const selection = {};
  for (const k of ['stage', 'product', 'jurisdiction', 'riskGrade']) if (v[k]) selection[k] = v[k];
  for (const k of ['dpdMin', 'dpdMax', 'balanceMin', 'balanceMax']) if (v[k] !== undefined) selection[k] = num(k);
  const body = { name: v.name, channel: v.channel, template: v.template, selection };
  if (v.windowStart || v.windowEnd) body.window = { start: v.windowStart, end: v.windowEnd };
  if (v.startsAt) body.startsAt = new Date(v.startsAt).toISOString();
  if (v.notAfter) body.notAfter = new Date(v.notAfter).toISOString();
  if (v.ratePerMinute) body.ratePerMinute = num('ratePerMinute');
  return body;
}

function fillTemplates() {
  const channel = $('#wave-channel').value;
  // click-to-call is a collector's own call from the desk: never a wave's (the API refuses it too)
  const codes = [...new Set(templates.filter(t => t.channel === channel && t.approved && t.code !== 'click-to-call').map(t => t.code))].sort();
  const select = $('#wave-template');
  select.replaceChildren(...codes.map(c => h('option', { value: c }, c)));
  if (codes.length === 0) select.append(h('option', { value: '' }, '(no approved template for this channel)'));
}

// the form control an API error's field names: selection.stage → stage, window.start → windowStart, else the same name
function controlFor(field) {
  if (!field) return null;
  const name = field.startsWith('selection.') ? field.slice('selection.'.length)
    : field === 'window.start' || field === 'window' ? 'windowStart' : field === 'window.end' ? 'windowEnd'
      : field === 'selection' ? 'stage' : field;
  return $('#wave-form').elements.namedItem(name);
}

function clearInvalid() {
  document.querySelectorAll('#wave-form [aria-invalid]').forEach(el => { el.removeAttribute('aria-invalid'); el.classList.remove('invalid'); });
}

// says what was wrong and marks the field to blame, so it is seen and not only named
function refused(e) {
  say($('#wave-msg'), errorText(e));
  clearInvalid();
  const control = controlFor(e && e.body ? e.body.field : null);
  if (control && control.setAttribute) {
    control.setAttribute('aria-invalid', 'true');
    control.classList.add('invalid');
    control.setAttribute('aria-describedby', 'wave-msg');
    control.focus();
  }
}

function formChanged() {
  clearInvalid();
  dryRunOf = null;
  $('#create-wave').disabled = true;
  $('#create-hint').textContent = 'A dry run of these settings comes first.';
}

async function dryRun() {
  const body = spec();
  const result = $('#dry-run-result');
  say($('#wave-msg'), '');
  result.classList.add('hidden');
  try {
    const counts = await api('POST', '/api/waves', { ...body, dryRun: true });
    // the dry run answers a page of whole borrowers at a time: add the pages up
    const gate = { sendNow: 0, deferred: 0, blocked: 0, byRule: {} };
    const groups = new Map();   // outcome|rule|local time → {outcome, ruleId, localAt, count, examples}
    const sms = { messages: 0, segments: 0, ucs2: 0, unrendered: 0 };
    let after = null;
    do {
      const page = await api('POST', '/api/dry-run', { selection: body.selection, channel: body.channel, template: body.template,
        details: 0, ...(body.window ? { window: body.window } : {}), ...(body.startsAt ? { startsAt: body.startsAt } : {}),
        ...(after ? { after } : {}) });
      gate.sendNow += page.sendNow;
      gate.deferred += page.deferred;
      gate.blocked += page.blocked;
      Object.entries(page.byRule || {}).forEach(([r, n]) => { gate.byRule[r] = (gate.byRule[r] || 0) + n; });
      for (const g of page.groups || []) {
        const key = g.outcome + '|' + g.ruleId + '|' + (g.localAt || '');
        const into = groups.get(key) || { ...g, count: 0, examples: [] };
        into.count += g.count;
        for (const ex of g.examples) if (into.examples.length < 3) into.examples.push(ex);
        groups.set(key, into);
      }
      if (page.sms) for (const k of Object.keys(sms)) sms[k] += page.sms[k] || 0;
      after = page.next;
    } while (after);
    const rules = Object.entries(gate.byRule || {}).map(([r, n]) => r + ' ' + n).join(', ');
    const start = body.startsAt ? 'at its start, ' + fmtTime(body.startsAt) : 'now';
    const pace = body.ratePerMinute && counts.enqueued > 0
      ? 'At ' + body.ratePerMinute + ' a minute, its ' + counts.enqueued + ' tasks are made over about '
        + Math.max(1, Math.ceil(counts.enqueued / body.ratePerMinute)) + ' min from its start.'
      : 'Every task is made at its start' + (counts.enqueued > 0 ? ' (no rate set).' : '.');
    result.replaceChildren(
      h('div', { id: 'dry-run-counts' }, 'Would enqueue ', h('b', { id: 'dry-enqueued' }, counts.enqueued), ' tasks (',
        h('span', { id: 'dry-skipped' }, counts.skipped), ' skipped: already in another wave).'),
      h('div', { id: 'dry-run-gate' }, 'Judged ' + start + ': ', h('b', { id: 'dry-send-now' }, gate.sendNow), ' would go, ',
        h('b', { id: 'dry-deferred' }, gate.deferred), ' deferred, ', h('b', { id: 'dry-blocked' }, gate.blocked), ' blocked',
        rules ? ' (' + rules + ')' : '', '.'),
      h('ul', { id: 'dry-run-groups' }, ...[...groups.values()].map(g => h('li', { dataset: { outcome: g.outcome, rule: g.ruleId } },
        h('b', null, g.count), ' ' + g.outcome + ' by ' + g.ruleId,
        g.localAt ? ', going ' + g.localAt.replace('T', ' ') + ' their time' : '',
        g.examples.length ? ' — e.g. ' + g.examples.join(', ') : ''))),
      h('div', { id: 'dry-run-pace' }, pace),
      body.channel === 'sms' ? h('div', { id: 'dry-run-sms' }, 'Texts that may go: ', h('b', { id: 'dry-sms-messages' }, sms.messages),
        ', billed as ', h('b', { id: 'dry-sms-segments' }, sms.segments), ' segments',
        sms.ucs2 ? ' (' + sms.ucs2 + ' in UCS-2: 70 characters a text, 67 a segment)' : ' (all GSM-7)',
        sms.unrendered ? '; ' + sms.unrendered + ' could not be rendered' : '', '.') : '');
    result.className = 'msg ok';
    dryRunOf = JSON.stringify(body);
    $('#create-wave').disabled = false;
    $('#create-hint').textContent = 'Create enqueues exactly what the dry run counted.';
  } catch (e) {
    refused(e);
  }
}

async function create(ev) {
  ev.preventDefault();
  const body = spec();
  if (JSON.stringify(body) !== dryRunOf) {
    formChanged();
    return;
  }
  $('#create-wave').disabled = true;
  try {
    const created = await api('POST', '/api/waves', body);
    say($('#wave-msg'), 'Wave ' + created.waveId + ' created: ' + created.enqueued + ' tasks enqueued, ' + created.skipped + ' skipped.', 'ok');
    $('#dry-run-result').classList.add('hidden');
    formChanged();
    await loadList();
    open(created.waveId);
    // the new wave's progress, where the eye is: not 900 px further down the page
    $('#wave-detail').scrollIntoView({ block: 'start' });
    $('#wave-title').focus();
  } catch (e) {
    refused(e);
    $('#create-wave').disabled = false;
  }
}

async function loadList() {
  try {
    const { waves } = await api('GET', '/api/waves');
    $('#wave-list tbody').replaceChildren(...waves.map(w => h('tr', {
      class: 'selectable' + (w.id === selected ? ' selected' : ''), dataset: { waveId: w.id }, onclick: () => open(w.id),
      tabindex: '0', 'aria-label': 'wave ' + w.id + ' ' + w.name + ', ' + w.state,
      onkeydown: ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); open(w.id); } },
    }, h('td', { class: 'n' }, w.id), h('td', null, w.name), h('td', null, w.channel), h('td', null, w.template),
      h('td', null, h('span', { class: 'pill ' + w.state }, w.state)), h('td', { class: 'n' }, w.enqueued),
      h('td', { class: 'n' }, w.skipped), h('td', null, fmtTime(w.createdAt)))));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

function open(id) {
  selected = id;
  samples = [];
  document.querySelectorAll('#wave-list tr[data-wave-id]').forEach(tr => tr.classList.toggle('selected', Number(tr.dataset.waveId) === id));
  $('#wave-detail').classList.remove('hidden');
  $('#cancel-confirm').classList.add('hidden');
  say($('#detail-msg'), '');
  clearInterval(timer);
  poll();
  timer = setInterval(poll, POLL_MS);
}

async function poll() {
  const id = selected;
  try {
    const w = await api('GET', '/api/waves/' + id);
    if (id === selected) render(w);
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
}

function render(w) {
  const p = w.progress || {};
  const counts = { ...(p.byState || {}) };
  if (typeof p.queued === 'number') counts.queued = p.queued;
  samples.push({ t: Date.now(), counts });
  if (samples.length > MAX_SAMPLES) samples.shift();

  $('#wave-title').textContent = '#' + w.id + ' ' + w.name;
  const state = $('#wave-state');
  state.textContent = w.state;
  state.className = 'pill ' + w.state;
  const sel = Object.entries(w.selection || {}).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => k + '=' + v).join(', ');
  $('#wave-meta').textContent = w.channel + ' · template ' + w.template + ' · ' + (sel || 'no filter') +
    (w.window ? ' · window ' + w.window.start + '–' + w.window.end + ' local' : '') +
    (w.notAfter ? ' · not after ' + fmtTime(w.notAfter) : '') + ' · by ' + w.createdBy + ' ' + fmtTime(w.createdAt);

  const writer = me && (me.role === 'scheduler' || me.role === 'admin');
  $('#wave-pause').disabled = !writer || w.state !== 'running';
  $('#wave-resume').disabled = !writer || w.state !== 'paused';
  $('#wave-cancel').disabled = !writer || !(w.state === 'running' || w.state === 'paused');

  const cells = [['tasks', p.tasks]];
  if (typeof w.members === 'number') cells.push(['members', w.members]);
  if (typeof p.members === 'number') cells.push(['members', p.members]);
  if (typeof p.queued === 'number') cells.push(['queued', p.queued]);
  if (p.unfed) cells.push(['never fed (cancelled)', p.unfed]);
  for (const st of Object.keys(STATE_COLOURS)) if (st !== 'queued' && counts[st] !== undefined) cells.push([st, counts[st]]);
  for (const [st, n] of Object.entries(counts)) if (!(st in STATE_COLOURS)) cells.push([st, n]);
  cells.push(['contacts', p.contacts]);
  $('#wave-counts').replaceChildren(...cells.map(([k, n]) => h('div', null, h('dt', null, k), h('dd', { dataset: { state: k } }, n ?? 0))));

  const drawn = drawStateChart($('#state-chart'), samples);
  $('#chart-span').textContent = '(' + samples.length + ' samples, every ' + POLL_MS / 1000 + ' s)';
  $('#state-legend').replaceChildren(...drawn.map(st => h('span', null, h('i', { class: 'swatch', dataset: { colour: st } }), st)));
  document.querySelectorAll('#state-legend i').forEach(i => { i.style.background = STATE_COLOURS[i.dataset.colour]; });

  const bars = [
    ...Object.entries(p.blockedByRule || {}).map(([r, n]) => ({ label: r + ' (blocked)', n, colour: STATE_COLOURS.blocked })),
    ...Object.entries(p.deferredByRule || {}).map(([r, n]) => ({ label: r + ' (deferred)', n, colour: STATE_COLOURS.deferred })),
  ];
  drawBars($('#rule-chart'), bars);
  // when the deferred go: each rule's first task due again (the dispatcher judges it afresh then), and the wave's pace
  const next = p.deferredNext || {};
  $('#wave-deferred').replaceChildren(...Object.entries(p.deferredByRule || {}).map(([r, n]) => h('li', { dataset: { rule: r } },
    n + ' deferred by ' + r + (next[r] ? ', the first due again ' + fmtTime(next[r]) + ' (your time)' : ''))),
  ...(w.ratePerMinute && p.queued > 0 ? [h('li', { id: 'wave-pace' }, p.queued + ' still to be made at ' + w.ratePerMinute
    + ' a minute: about ' + Math.ceil(p.queued / w.ratePerMinute) + ' min')] : []));

  $('#wave-events').replaceChildren(...(w.events || []).map(e => h('li', null, h('span', { class: 'when' }, fmtTime(e.at)),
    e.event + ' by ' + e.actor)));
}

async function act(verb) {
  const id = selected;
  say($('#detail-msg'), '');
  try {
    await api('POST', '/api/waves/' + id + '/' + verb);
    $('#cancel-confirm').classList.add('hidden');
    await Promise.all([poll(), loadList()]);
  } catch (e) {
    say($('#detail-msg'), errorText(e));
  }
}

async function main() {
  me = await signedIn();
  if (!(me.role === 'scheduler' || me.role === 'admin')) {
    $('#create-card').classList.add('hidden');
  } else {
    templates = (await api('GET', '/api/templates')).templates;
    fillTemplates();
    $('#wave-channel').addEventListener('change', fillTemplates);
    $('#wave-form').addEventListener('input', formChanged);
    $('#wave-form').addEventListener('change', formChanged);
    $('#dry-run').addEventListener('click', dryRun);
    $('#wave-form').addEventListener('submit', create);
  }
  $('#wave-pause').addEventListener('click', () => act('pause'));
  $('#wave-resume').addEventListener('click', () => act('resume'));
  $('#wave-cancel').addEventListener('click', () => $('#cancel-confirm').classList.remove('hidden'));
  $('#wave-cancel-no').addEventListener('click', () => $('#cancel-confirm').classList.add('hidden'));
  $('#wave-cancel-yes').addEventListener('click', () => act('cancel'));
  await loadList();
  const wanted = Number(new URLSearchParams(location.search).get('wave'));
  if (wanted > 0) open(wanted);
}

main().catch(e => console.warn('wave board:', e.message));
