import { sql, type Kysely } from 'kysely';

/**
 * Chinese full-text search over kb_articles (docs/search.md). SQLite has no Chinese tokenizer, so
 * the tokens are computed in JS (src/main/core/search) and FTS5 only splits them on spaces
 * ('ascii'). Triggers queue every changed article id in kb_search_dirty; the search drains the
 * queue before it queries. The triggers call no application function, so any writer — the sync
 * engine, the CLI, the sqlite3 shell — keeps the index consistent.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table kb_search_dirty (article_id text primary key) without rowid`.execute(db);
  // autoincrement: rowids only grow, so "newest rowid" means "most recently indexed".
  await sql`create table kb_search_docs (
    doc integer primary key autoincrement,
    article_id text not null unique
  )`.execute(db);
  // Contentless: the text lives in kb_articles; contentless_delete lets a changed article be removed by rowid.
  await sql`create virtual table kb_search_head using fts5(
    title, questions, content = '', contentless_delete = 1, tokenize = 'ascii'
  )`.execute(db);
  await sql`create virtual table kb_search_all using fts5(
    title, questions, body, notes, content = '', contentless_delete = 1, tokenize = 'ascii'
  )`.execute(db);

  await sql`create trigger kb_articles_search_insert after insert on kb_articles begin
    insert or ignore into kb_search_dirty (article_id) values (new.id);
  end`.execute(db);
  // The old id too: an id change must drop the old entry.
  await sql`create trigger kb_articles_search_update after update of id, title, questions, body, notes, status on kb_articles begin
    insert or ignore into kb_search_dirty (article_id) values (old.id);
    insert or ignore into kb_search_dirty (article_id) values (new.id);
  end`.execute(db);
  await sql`create trigger kb_articles_search_delete after delete on kb_articles begin
    insert or ignore into kb_search_dirty (article_id) values (old.id);
  end`.execute(db);

  // Articles that existed before this migration are indexed by the first search.
  await sql`insert into kb_search_dirty (article_id) select id from kb_articles`.execute(db);
}
