import { sql, type Kysely } from 'kysely';
import { addScriptReviewTables, backfillScriptVersions } from '../domain/0004-script-review';

/**
 * Script versions and review, script usage and admin-edited reply rules (migrations/domain/0004,
 * mirrored by server 0007).
 *
 * `drafts` remembers the script a draft was made from.
 *
 * Undo-log triggers (as in 0002) for the new tables, and the `messages` update and delete
 * triggers recreated so a before-image carries the new script columns.
 *
 * A replica that has never synced (the offline demo, a CLI replica) records its scripts as their
 * first versions here; one that syncs gets the server's versions, in its scope only: an agent's
 * replica never holds any.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addScriptReviewTables(db);
  // Local only: the script a draft was made from survives a restart, so the reply still counts for it when sent.
  await db.schema.alterTable('drafts').addColumn('script_id', 'text').execute();
  await db.schema.alterTable('drafts').addColumn('script_version', 'integer').execute();

  const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
  const seq = `(select mutation_seq from undo_capture where id = 1)`;
  const image = async (table: string, alias: 'old' | 'new') => {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    return columns.map((c) => `'${c}', ${alias}.${c}`).join(', ');
  };
  const run = (statement: string) => sql.raw(statement).execute(db);
  const keys: Record<string, string[]> = { script_versions: ['id'], script_usage: ['id'], reply_rule_groups: ['id'] };

  for (const [table, key] of Object.entries(keys)) {
    const keyOf = (alias: string) => key.map((c) => `'${c}', ${alias}.${c}`).join(', ');
    await run(`create trigger undo_${table}_insert after insert on ${table} when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object(${keyOf('new')}), null);
    end`);
    for (const event of ['update', 'delete'] as const) {
      await run(`create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
        insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object(${keyOf('old')}), json_object(${await image(table, 'old')}));
      end`);
    }
  }
  for (const event of ['update', 'delete'] as const) {
    await run(`drop trigger undo_messages_${event}`);
    await run(`create trigger undo_messages_${event} after ${event} on messages when ${active} begin
      insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, 'messages', json_object('id', old.id), json_object(${await image('messages', 'old')}));
    end`);
  }

  const synced = await sql<{ n: number }>`select count(*) as n from sync_state where key in ('cursor', 'bootstrap')`.execute(db);
  if (Number(synced.rows[0]?.n ?? 0) === 0) await backfillScriptVersions(db);
}
