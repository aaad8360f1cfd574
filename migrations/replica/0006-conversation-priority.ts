import { sql, type Kysely } from 'kysely';

/**
 * `conversations.priority` (0 normal, 1 high, 2 urgent: 賬號被盜), set by the central server's
 * routing (server migration 0003) and synced like every other conversation column.
 *
 * The undo-log triggers of migration 0002 copy a row's columns as they were listed then; the
 * update and delete triggers of `conversations` are recreated so a before-image carries the new
 * column and a rebase restores it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('conversations').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const columns = (await sql<{ name: string }>`select name from pragma_table_info('conversations')`.execute(db)).rows.map((r) => r.name);
  const oldImage = columns.map((c) => `'${c}', old.${c}`).join(', ');
  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  for (const event of ['update', 'delete'] as const) {
    await sql.raw(`drop trigger undo_conversations_${event}`).execute(db);
    await sql
      .raw(
        `create trigger undo_conversations_${event} after ${event} on conversations when ${active} begin
          insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, 'conversations', json_object('id', old.id), json_object(${oldImage}));
        end`,
      )
      .execute(db);
  }
}
