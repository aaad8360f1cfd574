import { sql, type Kysely } from 'kysely';

/**
 * `messages.compliance_overrides`: the reply-check rules an agent chose to send past ("send
 * anyway"), as a JSON array of rule ids, null when the reply was sent clean. Synced like every
 * other message column, so QA and supervisors see what was overridden.
 *
 * The undo-log triggers of migration 0002 copy a row's columns as they were listed then; the
 * update and delete triggers of `messages` are recreated so a before-image carries the new column.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('compliance_overrides', 'text').execute();

  const columns = (await sql<{ name: string }>`select name from pragma_table_info('messages')`.execute(db)).rows.map((r) => r.name);
  const oldImage = columns.map((c) => `'${c}', old.${c}`).join(', ');
  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  for (const event of ['update', 'delete'] as const) {
    await sql.raw(`drop trigger undo_messages_${event}`).execute(db);
    await sql
      .raw(
        `create trigger undo_messages_${event} after ${event} on messages when ${active} begin
          insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, 'messages', json_object('id', old.id), json_object(${oldImage}));
        end`,
      )
      .execute(db);
  }
}
