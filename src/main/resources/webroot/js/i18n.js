// The pages speak English or Chinese (zh-CN). A person's choice is remembered by the service (PUT /api/me/language)
// for every device; before they choose, and on the login page, the browser's language decides (and the last choice
// made on this browser). Each page keeps its words in one object per language: {en: {...}, 'zh-CN': {...}}.
// Dates, numbers and money are formatted for the language with the browser's Intl.

export const LANGUAGES = { en: 'English', 'zh-CN': '中文' };
const STORED = 'loandesk.language';
let current = null;

function fromBrowser() {
  try {
    const stored = localStorage.getItem(STORED);
    if (stored && LANGUAGES[stored]) return stored;
  } catch (e) { /* storage refused: the browser's language */ }
  const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  return wanted.some(l => String(l).toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** The language the page speaks now. */
export function language() {
  return current || fromBrowser();
}

/** Speaks {@code lang} from now on (an unknown one: English); remembered on this browser too. */
export function useLanguage(lang) {
  current = LANGUAGES[lang] ? lang : 'en';
  document.documentElement.lang = current;
  try { localStorage.setItem(STORED, current); } catch (e) { /* not remembered here: the service remembers it */ }
}

/** A page's words in the language spoken: {@code table} is {en: {...}, 'zh-CN': {...}}; a missing word falls back to English. */
export function words(table) {
  return { ...table.en, ...(table[language()] || {}) };
}

/**
 * Puts the words into the page's fixed text: an element with data-t="key" gets the word as its text, data-t-placeholder
 * and data-t-label set the placeholder and aria-label. Only text: never markup.
 */
export function translate(root, w) {
  root.querySelectorAll('[data-t]').forEach(el => { if (typeof w[el.dataset.t] === 'string') el.textContent = w[el.dataset.t]; });
  root.querySelectorAll('[data-t-placeholder]').forEach(el => {
    if (typeof w[el.dataset.tPlaceholder] === 'string') el.placeholder = w[el.dataset.tPlaceholder];
  });
  root.querySelectorAll('[data-t-label]').forEach(el => {
    if (typeof w[el.dataset.tLabel] === 'string') el.setAttribute('aria-label', w[el.dataset.tLabel]);
  });
  // a choice of channel names the channel in the language spoken
  root.querySelectorAll('option[data-channel]').forEach(o => { o.textContent = channelName(o.value); });
  if (typeof w.title === 'string') document.title = w.title + ' · LoanDesk';
}

/** A date and time for people, in the language spoken and the browser's zone. */
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(language(), { dateStyle: 'short', timeStyle: 'medium' });
}

/** A number for people (digit grouping of the language). */
export function fmtNumber(n) {
  return n === null || n === undefined || n === '' ? '' : new Intl.NumberFormat(language()).format(Number(n));
}

/** An amount of money in its currency (ISO 4217), as the language writes it: "¥1,500.00", "US$1,500.00". */
export function fmtMoney(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '';
  try {
    return new Intl.NumberFormat(language(), { style: 'currency', currency }).format(Number(amount));
  } catch (e) {
    return amount + ' ' + (currency || '');
  }
}

/** Entry {@code id} of a table of names ({id: {en, 'zh-CN'}}) in the language spoken, English if it has none; an id the table does not know as it is. */
function nameIn(table, id) {
  const names = table[id];
  return names ? (names[language()] || names.en) : id;
}

// The contact rules by their ids, for people: what each one guards (a lender's own rule ids are shown as they are).
const RULES = {
  QUIET_HOURS: { en: 'quiet hours', 'zh-CN': '免打扰时段' },
  CALLBACK: { en: 'call-back asked for', 'zh-CN': '借款人要求的回电' },
  TASK_WINDOW: { en: "the task's window", 'zh-CN': '任务时段' },
  DAILY_CAP: { en: 'daily cap', 'zh-CN': '每日联系上限' },
  WEEKLY_CAP_PER_DEBT: { en: 'weekly cap per debt', 'zh-CN': '每笔债务每周上限' },
  CALLS_7_IN_7: { en: '7 calls in 7 days', 'zh-CN': '7 天内 7 次通话' },
  CONNECTED_CALLS_PER_DAY: { en: 'connected calls per day', 'zh-CN': '每日接通次数上限' },
  UNANSWERED_PER_NUMBER_PER_DAY: { en: 'unanswered calls per number per day', 'zh-CN': '每号码每日未接通上限' },
  MESSAGES_PER_DAY: { en: 'messages per day', 'zh-CN': '每日消息上限' },
  TALK_TIME_PER_DAY: { en: 'talk time per day', 'zh-CN': '每日通话时长上限' },
  CONVERSATION_LOCK: { en: 'recent conversation', 'zh-CN': '近期已通话' },
  HOLD: { en: 'hold on the case', 'zh-CN': '案件暂停联系' },
  OPTED_OUT: { en: 'opted out', 'zh-CN': '已退订' },
  NO_CONSENT: { en: 'no consent', 'zh-CN': '未获同意' },
  INCONVENIENT_TIME: { en: 'inconvenient time', 'zh-CN': '借款人不便时段' },
  CASE_CLOSED: { en: 'case closed', 'zh-CN': '案件已结清或撤回' },
  INVALID_NUMBER: { en: 'invalid number', 'zh-CN': '号码无效' },
  INVALID_ADDRESS: { en: 'invalid address', 'zh-CN': '地址无效' },
  REASSIGNED_NUMBER: { en: 'reassigned number', 'zh-CN': '号码已重新分配' },
  TEXT_SAFE_HARBOR: { en: 'text safe harbour', 'zh-CN': '短信安全港' },
  THIRD_PARTY: { en: 'third party', 'zh-CN': '第三方' },
  TIME_BARRED: { en: 'time-barred debt', 'zh-CN': '债务已过诉讼时效' },
  LETTER_MIN_BALANCE: { en: 'formal notice minimum', 'zh-CN': '正式通知最低金额' },
  UNAPPROVED_TEMPLATE: { en: 'unapproved template', 'zh-CN': '模板未获批准' },
  NO_APPROVED_TEMPLATE: { en: 'no approved template', 'zh-CN': '没有已批准的模板' },
  GATE_ERROR: { en: 'rule error', 'zh-CN': '规则出错' },
  WAVE_CANCELLED: { en: 'wave cancelled', 'zh-CN': '批次已取消' },
  RETRY_BUDGET: { en: 'retry budget', 'zh-CN': '重试额度' },
  HANDED_BACK: { en: 'handed back at stop', 'zh-CN': '停机时交回' },
  NO_CHANNEL: { en: 'channel not configured', 'zh-CN': '渠道未配置' },
};

/** Rule {@code id} for people in the language spoken ("免打扰时段"), or null for a rule this table does not know. */
export function ruleName(id) {
  return RULES[id] ? nameIn(RULES, id) : null;
}

/** "QUIET_HOURS (quiet hours)": the rule's id as the record keeps it, and what it guards in the language spoken. */
export function ruleLabel(id) {
  const name = ruleName(id);
  return name ? id + ' (' + name + ')' : id;
}

// The kinds of hold a case may be under, for people (the record keeps the id).
const HOLD_KINDS = {
  dispute: { en: 'dispute', 'zh-CN': '争议' }, complaint: { en: 'complaint', 'zh-CN': '投诉' }, fraud: { en: 'fraud', 'zh-CN': '欺诈' },
  illness: { en: 'illness', 'zh-CN': '患病' }, pregnancy: { en: 'pregnancy', 'zh-CN': '孕期' },
  bereavement: { en: 'bereavement', 'zh-CN': '丧亲' }, bankruptcy: { en: 'bankruptcy', 'zh-CN': '破产' },
  deceased: { en: 'deceased', 'zh-CN': '已故' }, cease_communication: { en: 'cease communication', 'zh-CN': '要求停止联系' },
  repayment_plan: { en: 'repayment plan', 'zh-CN': '还款计划' },
};

/** The hold kinds, in the order the pages offer them. */
export const HOLD_KIND_IDS = Object.keys(HOLD_KINDS);

/** Hold kind {@code id} in the language spoken ("争议"); an unknown one as it is. */
export function holdKindName(id) {
  return nameIn(HOLD_KINDS, id);
}

// What the case history records (its events, and a task's states), for people; the record keeps the id.
const EVENTS = {
  task_created: { en: 'scheduled', 'zh-CN': '已安排' },
  sending: { en: 'sending', 'zh-CN': '发送中' },
  sent: { en: 'sent', 'zh-CN': '已发送' },
  delivered: { en: 'delivered', 'zh-CN': '已送达' },
  failed: { en: 'failed', 'zh-CN': '失败' },
  blocked: { en: 'blocked', 'zh-CN': '被拦截' },
  deferred: { en: 'deferred', 'zh-CN': '已推迟' },
  refused: { en: 'refused', 'zh-CN': '被拒绝' },
  unknown: { en: 'outcome unknown', 'zh-CN': '结果未知' },
  call_status: { en: 'call', 'zh-CN': '通话' },
  call_outcome: { en: 'call outcome', 'zh-CN': '通话结果' },
  hold_set: { en: 'hold set', 'zh-CN': '设置暂停' },
  hold_cleared: { en: 'hold cleared', 'zh-CN': '解除暂停' },
  case_imported: { en: 'case imported', 'zh-CN': '案件导入' },
  pending: { en: 'pending', 'zh-CN': '待发送' },
  reconciled: { en: 'reconciled with the provider', 'zh-CN': '已与服务商核对' },
  settled: { en: 'settled by a person', 'zh-CN': '已人工结清' },
  delivery_status: { en: 'delivery report', 'zh-CN': '送达回执' },
  recording: { en: 'recording', 'zh-CN': '录音' },
  answered_by: { en: 'answered by', 'zh-CN': '接听方' },
  voicemail_drop: { en: 'voicemail left', 'zh-CN': '已留语音信箱' },
  call_leg: { en: 'call leg', 'zh-CN': '通话分段' },
  gather: { en: 'key pressed', 'zh-CN': '按键' },
  amd_verdict: { en: 'answering-machine check', 'zh-CN': '答录机判断' },
  inbound_sms: { en: 'SMS from the borrower', 'zh-CN': '借款人短信' },
  consent_evidence: { en: 'consent evidence', 'zh-CN': '同意凭证' },
  rnd_check: { en: 'reassigned-number check', 'zh-CN': '号码转让核查' },
  stage_changed: { en: 'stage changed', 'zh-CN': '阶段变更' },
  status_changed: { en: 'status changed', 'zh-CN': '状态变更' },
};

/** History event or task state {@code id} in the language spoken ("已送达"); an unknown one as it is. */
export function eventName(id) {
  return nameIn(EVENTS, id);
}

// The channels, for people.
const CHANNELS = { sms: { en: 'SMS', 'zh-CN': '短信' }, voice: { en: 'voice', 'zh-CN': '语音' }, email: { en: 'e-mail', 'zh-CN': '邮件' } };

/** Channel {@code id} in the language spoken ("短信"); an unknown one as it is. */
export function channelName(id) {
  return nameIn(CHANNELS, id);
}

// The roles people have, for people.
const ROLES = { scheduler: { en: 'scheduler', 'zh-CN': '调度员' }, collector: { en: 'collector', 'zh-CN': '催收员' },
  compliance: { en: 'compliance', 'zh-CN': '合规专员' }, admin: { en: 'admin', 'zh-CN': '管理员' } };

/** Role {@code id} in the language spoken ("催收员"); an unknown one as it is. */
export function roleName(id) {
  return nameIn(ROLES, id);
}
