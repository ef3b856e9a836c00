// The pages' home: the pages this person's role may use, each saying what it is for, in their language.
import { signedIn, PAGES, h, $, language, words, translate } from './common.js';

const T = {
  en: { title: 'LoanDesk', status: 'Service status: ' },
  'zh-CN': { title: 'LoanDesk', status: '服务状态：' },
};

signedIn().then(me => {
  const W = words(T);
  translate(document, W);
  const lang = language();
  $('#pages').replaceChildren(...PAGES.filter(p => p.roles.includes(me.role)).map(p => h('li', { dataset: { page: p.href } },
    h('a', { href: p.href }, p.label[lang] || p.label.en), lang === 'zh-CN' ? '：' : ': ', p.about[lang] || p.about.en)));
}).catch(() => { /* not signed in: signedIn sent the person to the login page */ });
