import { sql, type Kysely } from 'kysely';
import { addTicketProcessTables } from '../domain/0002-ticket-process';

/**
 * The service process of SPEC §6 (migrations/domain/0002, mirrored by server 0004): ticket
 * columns, clocks, approvals, authority limits and follow-up alerts.
 *
 * Undo-log triggers (as in 0002) for the new tables, and the `tickets` update and delete
 * triggers recreated so a before-image carries the new columns and a rebase restores them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addTicketProcessTables(db);

  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  const image = async (table: string, alias: 'old' | 'new') => {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    return columns.map((c) => `'${c}', ${alias}.${c}`).join(', ');
  };
  const run = (statement: string) => sql.raw(statement).execute(db);

  for (const table of ['ticket_deadlines', 'approvals', 'authority_limits', 'ticket_alerts']) {
    await run(`create trigger undo_${table}_insert after insert on ${table} when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', new.id), null);
    end`);
    for (const event of ['update', 'delete'] as const) {
      await run(`create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
        insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', old.id), json_object(${await image(table, 'old')}));
      end`);
    }
  }
  for (const event of ['update', 'delete'] as const) {
    await run(`drop trigger undo_tickets_${event}`);
    await run(`create trigger undo_tickets_${event} after ${event} on tickets when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, 'tickets', json_object('id', old.id), json_object(${await image('tickets', 'old')}));
    end`);
  }
}
