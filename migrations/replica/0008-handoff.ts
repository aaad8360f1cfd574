import { sql, type Kysely } from 'kysely';
import { addHandoffTables } from '../domain/0003-handoff';

/**
 * Handing chats over (migrations/domain/0003, mirrored by server 0006): the wrap-up summary,
 * internal notes, invited colleagues and the hand-over history.
 *
 * Undo-log triggers (as in 0002) for the new tables; the `conversations` and `messages` update
 * and delete triggers are recreated so a before-image carries the new columns and a rebase
 * restores them. The hand-over history is append-only, like messages.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addHandoffTables(db);

  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  const image = async (table: string) => {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    return columns.map((c) => `'${c}', old.${c}`).join(', ');
  };
  const run = (statement: string) => sql.raw(statement).execute(db);

  for (const table of ['conversation_participants', 'conversation_events']) {
    await run(`create trigger undo_${table}_insert after insert on ${table} when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', new.id), null);
    end`);
    for (const event of ['update', 'delete'] as const) {
      await run(`create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
        insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', old.id), json_object(${await image(table)}));
      end`);
    }
  }
  for (const table of ['conversations', 'messages']) {
    for (const event of ['update', 'delete'] as const) {
      await run(`drop trigger undo_${table}_${event}`);
      await run(`create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
        insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object('id', old.id), json_object(${await image(table)}));
      end`);
    }
  }
  await run(`create trigger conversation_events_append_only before update on conversation_events
    begin select raise(abort, 'conversation history is append-only'); end`);
}
