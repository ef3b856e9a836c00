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
