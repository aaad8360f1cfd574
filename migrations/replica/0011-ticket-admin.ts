import { sql, type Kysely } from 'kysely';
import { addTicketAdminColumns } from '../domain/0006-ticket-admin';

/**
 * Ticket administration and the satisfaction history (migrations/domain/0006, mirrored by
 * server 0009): retired categories, the milestone each clock waits for, a chat's CSAT score.
 *
 * The undo-log update and delete triggers of the three tables are recreated so a before-image
 * carries the new column and a rebase restores it (as 0006 did for conversations).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addTicketAdminColumns(db);

  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  for (const table of ['ticket_categories', 'ticket_deadlines', 'conversations']) {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    const oldImage = columns.map((c) => `'${c}', old.${c}`).join(', ');
    for (const event of ['update', 'delete'] as const) {
      await sql.raw(`drop trigger undo_${table}_${event}`).execute(db);
      await sql
        .raw(
          `create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
            insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', old.id), json_object(${oldImage}));
          end`,
        )
        .execute(db);
    }
  }
}
