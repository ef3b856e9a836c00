-- The language a person's pages speak, chosen on the pages and remembered (null: the browser's).
alter table users add column page_language text check (page_language in ('en', 'zh-CN'));
