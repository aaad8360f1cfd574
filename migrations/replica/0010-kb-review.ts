import { sql, type Kysely } from 'kysely';
import { addKbReviewTables } from '../domain/0005-kb-review';

/**
 * The knowledge base's review workflow (migrations/domain/0005, mirrored by server 0008):
 * review schedule columns on `kb_articles`, `kb_revisions` and `kb_feedback`.
 *
 * Undo-log triggers (as in 0002) for the new tables, and the `kb_articles` update and delete
 * triggers recreated so a before-image carries the new columns. No row is backfilled here: a
 * synced replica receives its revisions from the server, and one that works alone gets them from
 * the demo seed or its own edits.
 *
 * The search triggers of 0003 are recreated too. They fire on the same columns (the indexed ones
 * and the status: all a new version changes for the index), but queued the id with
 * `insert or ignore`, which SQLite does not honour inside a trigger fired by an upsert: the sync
 * engine writes pulled rows with `insert … on conflict do update`, so the first new version of an
 * article a replica already had failed the whole sync page on kb_search_dirty's key. They now
 * queue the id only when it is not queued yet.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addKbReviewTables(db);

  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  const image = async (table: string) => {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    return columns.map((c) => `'${c}', old.${c}`).join(', ');
  };
  const run = (statement: string) => sql.raw(statement).execute(db);

  for (const table of ['kb_revisions', 'kb_feedback']) {
    await run(`create trigger undo_${table}_insert after insert on ${table} when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', new.id), null);
    end`);
    for (const event of ['update', 'delete'] as const) {
      await run(`create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
        insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', old.id), json_object(${await image(table)}));
      end`);
    }
  }
  for (const event of ['update', 'delete'] as const) {
    await run(`drop trigger undo_kb_articles_${event}`);
    await run(`create trigger undo_kb_articles_${event} after ${event} on kb_articles when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, 'kb_articles', json_object('id', old.id), json_object(${await image('kb_articles')}));
    end`);
  }

  const queue = (ref: 'old' | 'new') => `insert into kb_search_dirty (article_id) select ${ref}.id where not exists (select 1 from kb_search_dirty where article_id = ${ref}.id);`;
  await run(`drop trigger kb_articles_search_insert`);
  await run(`drop trigger kb_articles_search_update`);
  await run(`drop trigger kb_articles_search_delete`);
  await run(`create trigger kb_articles_search_insert after insert on kb_articles begin ${queue('new')} end`);
  // The old id too: an id change must drop the old entry.
  await run(`create trigger kb_articles_search_update after update of id, title, questions, body, notes, status on kb_articles begin ${queue('old')} ${queue('new')} end`);
  await run(`create trigger kb_articles_search_delete after delete on kb_articles begin ${queue('old')} end`);
}
