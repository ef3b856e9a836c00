// Importing cases: a CSV file streamed to POST /api/imports (the browser sends the file as it reads it: a file of a
// million rows is never held by the page), then the job polled every second until it is done or failed, with its
// counts and the report of its rejected rows. The job's id is kept in the page's URL: a reload finds it again.
import { api, h, $, say, errorText, fmtNumber, fmtTime, signedIn, words, translate, openableRow } from './common.js';

// the page's words, one object per language (i18n.js)
const T = {
  en: {
    title: 'Import cases', uploadTitle: 'A file of cases', file: 'CSV file', upload: 'Upload and import', jobTitle: 'Import',
    columns: 'A CSV file with a header row. Required: borrower_external_id, borrower_name, jurisdiction, case_external_id, '
      + 'product, amount_overdue, currency, due_date, stage, status; optional: locale, time_zone, address_region, postal_code, '
      + 'days_past_due, risk_grade, assigned_collector, mobile, home, work, emergency, email, sms_consent, voice_consent and the '
      + "phones' consent and reassigned-number columns. A case already imported is updated by its external id.",
    rejectsLink: 'Rejected rows (CSV: row, field, reason)', uploading: name => 'Uploading ' + name + '…',
    queued: id => 'Import ' + id + ' queued: the file is checked to its end before anything is written.',
    states: { queued: 'queued', checking: 'checking the file', importing: 'importing', done: 'done', failed: 'failed' },
    rowsDone: 'rows done', rowsTotal: 'rows in the file', inserted: 'new cases', updated: 'cases updated', rejected: 'rows rejected',
    failedWhy: e => 'Nothing more was written: ' + e,
    recentTitle: 'Recent imports', colState: 'State', colBy: 'By', colAt: 'Started', none: 'No imports yet.',
    rowLabel: j => 'import ' + j.id + ', ' + (T.en.states[j.state] || j.state),
  },
  'zh-CN': {
    title: '导入案件', uploadTitle: '案件文件', file: 'CSV 文件', upload: '上传并导入', jobTitle: '导入',
    columns: '带表头行的 CSV 文件。必填列：borrower_external_id、borrower_name、jurisdiction、case_external_id、product、'
      + 'amount_overdue、currency、due_date、stage、status；可选列：locale、time_zone、address_region、postal_code、days_past_due、'
      + 'risk_grade、assigned_collector、mobile、home、work、emergency、email、sms_consent、voice_consent 以及各电话的同意凭证与号码转让核查列。'
      + '已导入的案件按外部编号更新。',
    rejectsLink: '被拒绝的行（CSV：行号、字段、原因）', uploading: name => '正在上传 ' + name + '…',
    queued: id => '导入 ' + id + ' 已排队：写入前会先完整检查文件。',
    states: { queued: '排队中', checking: '正在检查文件', importing: '正在导入', done: '已完成', failed: '失败' },
    rowsDone: '已处理行数', rowsTotal: '文件总行数', inserted: '新增案件', updated: '更新案件', rejected: '被拒绝行数',
    failedWhy: e => '未再写入任何内容：' + e,
    recentTitle: '最近的导入', colState: '状态', colBy: '操作人', colAt: '开始时间', none: '还没有导入。',
    rowLabel: j => '导入 ' + j.id + '，' + (T['zh-CN'].states[j.state] || j.state),
  },
};
let W = T.en;
const POLL_MS = 1000;
let timer = null;

function showJob(job) {
  $('#job').classList.remove('hidden');
  $('#job-id').textContent = '#' + job.id;
  const state = $('#job-state');
  state.textContent = W.states[job.state] || job.state;
  state.dataset.state = job.state;
  $('#job-progress').value = job.percent ?? 0;
  $('#job-percent').textContent = job.percent == null ? '' : job.percent + ' %';
  const cells = [['rowsDone', job.rowsDone], ['rowsTotal', job.rowsTotal], ['inserted', job.inserted], ['updated', job.updated],
    ['rejected', job.rejected]];
  $('#job-counts').replaceChildren(...cells.map(([k, n]) => h('div', null, h('dt', null, W[k]), h('dd', { dataset: { key: k } },
    n == null ? '—' : fmtNumber(n)))));
  say($('#job-error'), job.error ? W.failedWhy(job.error) : '');
  $('#job-rejects').classList.toggle('hidden', !(job.rejected > 0));
  $('#rejects-link').href = job.rejects;
  $('#rejects-link').setAttribute('download', 'import-' + job.id + '-rejects.csv');
}

const ended = job => job.state === 'done' || job.state === 'failed';

async function follow(id) {
  clearTimeout(timer);
  history.replaceState(null, '', '?job=' + id);
  try {
    const job = await api('GET', '/api/imports/' + id);
    showJob(job);
    document.querySelectorAll('#job-list tr[data-job-id]').forEach(tr => tr.classList.toggle('selected', tr.dataset.jobId === String(id)));
    if (!ended(job)) timer = setTimeout(() => follow(id), POLL_MS);
    else loadList();
  } catch (e) {
    say($('#import-msg'), errorText(e));
  }
}

/** The newest jobs, each opened by a click, or by Enter or Space once the keyboard reaches it. */
async function loadList() {
  try {
    const { jobs } = await api('GET', '/api/imports?limit=20');
    const shown = new URLSearchParams(location.search).get('job');
    const rows = jobs.map(j => openableRow({ selected: String(j.id) === shown, label: W.rowLabel(j), dataset: { jobId: j.id } },
      () => follow(j.id), h('td', { class: 'n' }, j.id), h('td', null, h('span', { class: 'pill', dataset: { state: j.state } }, W.states[j.state] || j.state)),
    h('td', null, j.createdBy), h('td', null, fmtTime(j.createdAt)), h('td', { class: 'n' }, j.rowsTotal == null ? '—' : fmtNumber(j.rowsTotal)),
    h('td', { class: 'n' }, fmtNumber(j.inserted)), h('td', { class: 'n' }, fmtNumber(j.updated)), h('td', { class: 'n' }, fmtNumber(j.rejected))));
    $('#job-list tbody').replaceChildren(...(rows.length ? rows : [h('tr', null, h('td', { colspan: 8, class: 'muted' }, W.none))]));
    say($('#list-msg'), '');
  } catch (e) {
    say($('#list-msg'), errorText(e));
  }
}

async function upload(ev) {
  ev.preventDefault();
  const file = $('#import-file').files[0];
  if (!file) return;
  const button = $('#import-upload');
  button.disabled = true;
  say($('#import-msg'), W.uploading(file.name), 'warn');
  try {
    // the file itself as the body: the browser streams it from the disk
    const accepted = await api('POST', '/api/imports', file, 'text/csv');
    say($('#import-msg'), W.queued(accepted.id), 'ok');
    await follow(accepted.id);
    loadList();
  } catch (e) {
    say($('#import-msg'), errorText(e));
  } finally {
    button.disabled = !$('#import-file').files.length;
  }
}

async function main() {
  await signedIn();
  W = words(T);
  translate(document, W);
  $('#import-file').addEventListener('change', () => { $('#import-upload').disabled = !$('#import-file').files.length; });
  $('#import-form').addEventListener('submit', upload);
  const job = Number(new URLSearchParams(location.search).get('job'));
  if (job > 0) follow(job);
  loadList();
}

main().catch(() => { /* signedIn said why */ });
