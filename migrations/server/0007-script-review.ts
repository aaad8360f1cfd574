import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { addScriptReviewTables, backfillScriptVersions } from '../domain/0004-script-review';

/**
 * Script versions and review, script usage and admin-edited reply rules (SPEC §4, issue #6;
 * docs/scripts.md), on SQLite and PostgreSQL:
 *
 * - The shared domain changes of migrations/domain/0004.
 * - Change capture for the new synced tables: script versions and usage figures are staff-only
 *   (`staff`), reply-rule groups reach everyone (`all`).
 * - Usage counted by triggers, so no client's counter is trusted and nothing writes around it:
 *   a message inserted with a script counts once for its script version (a retried push inserts
 *   no second message), the first such message of a chat counts the chat, and the chat's first
 *   satisfaction answer (csat_responses, 4–5 of 5 is good) counts for every script version used in it.
 * - The existing scripts become their first versions (drafts and reviews leave `scripts`),
 *   after the capture triggers exist, so every replica in scope hears of them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };
  const trigger = async (name: string, table: string, op: string, body: string, when = '') => {
    if (sqlite) {
      await run(`create trigger ${name} after ${op} on ${table} for each row ${when ? `when ${when}` : ''} begin ${body}; end`);
    } else {
      const guarded = when ? `if ${when} then ${body}; end if` : body;
      await run(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${guarded}; return null; end $fn$`);
      await run(`create trigger ${name} after ${op} on ${table} for each row execute function ${name}()`);
    }
  };

  await addScriptReviewTables(db);

  const tags: Record<string, string> = { script_versions: 'staff|', script_usage: 'staff|', reply_rule_groups: 'all|' };
  for (const [table, tag] of Object.entries(tags)) {
    for (const op of ['insert', 'update', 'delete']) {
      const r = op === 'delete' ? 'old' : 'new';
      await trigger(`cs_capture_${table}_${op}`, table, op, `insert into change_log (tbl, row_id, row_id2, tags) values ('${table}', ${r}.id, null, '|${tag}')`);
    }
  }

  const firstInChat = `not exists (select 1 from messages m where m.conversation_id = new.conversation_id
    and m.script_id = new.script_id and m.script_version = new.script_version and m.id <> new.id)`;
  const rating = `(select s.score from csat_responses s where s.conversation_id = new.conversation_id)`;
  const chatCount = `case when ${firstInChat} then 1 else 0 end`;
  const ratedCount = `case when ${firstInChat} and ${rating} is not null then 1 else 0 end`;
  const goodCount = `case when ${firstInChat} and ${rating} >= 4 then 1 else 0 end`;
  await trigger(
    'cs_script_usage_count',
    'messages',
    'insert',
    `insert into script_usage (id, script_id, version, uses, chats, rated_chats, good_chats, last_used_at)
      values (new.script_id || '@' || cast(new.script_version as text), new.script_id, new.script_version, 1, ${chatCount}, ${ratedCount}, ${goodCount}, new.created_at)
      on conflict (id) do update set uses = script_usage.uses + 1, chats = script_usage.chats + excluded.chats,
        rated_chats = script_usage.rated_chats + excluded.rated_chats, good_chats = script_usage.good_chats + excluded.good_chats,
        last_used_at = excluded.last_used_at`,
    `new.script_id is not null and new.script_version is not null`,
  );
  await trigger(
    'cs_script_usage_rating',
    'csat_responses',
    'insert',
    `update script_usage set rated_chats = rated_chats + 1, good_chats = good_chats + case when new.score >= 4 then 1 else 0 end
      where id in (select distinct m.script_id || '@' || cast(m.script_version as text) from messages m
        where m.conversation_id = new.conversation_id and m.script_id is not null and m.script_version is not null)`,
  );

  await backfillScriptVersions(db);
}
