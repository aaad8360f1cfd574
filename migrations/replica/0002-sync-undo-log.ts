import { sql, type Kysely } from 'kysely';

/**
 * Rebase support for optimistic mutations. While a local mutation runs, triggers record the
 * before-image of every domain row it touches, tagged with the mutation's outbox seq. A rebase
 * plays those images back in reverse to recover the server's state, applies what the server
 * sent, and replays the still-pending mutations on top. Triggers (not application code)
 * capture the images, so no write path of a mutator can escape being undone.
 */
// A frozen copy of the key columns as of this migration: later schema changes must not alter it.
const DOMAIN_TABLES: Record<string, string[]> = {
  users: ['id'],
  skill_groups: ['id'],
  group_members: ['group_id', 'user_id'],
  customers: ['id'],
  orders: ['id'],
  conversations: ['id'],
  messages: ['id'],
  ticket_categories: ['id'],
  tickets: ['id'],
  ticket_events: ['id'],
  scripts: ['id'],
  kb_categories: ['id'],
  kb_articles: ['id'],
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  // One row; mutation_seq is non-null only inside a local mutation's transaction.
  await sql`create table undo_capture (id integer primary key check (id = 1), mutation_seq integer)`.execute(db);
  await sql`insert into undo_capture (id, mutation_seq) values (1, null)`.execute(db);
  await sql`create table undo_log (
    id integer primary key autoincrement,
    mutation_seq integer not null,
    table_name text not null,
    row_key text not null,
    old_row text
  )`.execute(db);

  for (const [table, keyColumns] of Object.entries(DOMAIN_TABLES)) {
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
    const json = (alias: 'new' | 'old', names: string[]) => names.map((c) => `'${c}', ${alias}.${c}`).join(', ');
    const active = `(select mutation_seq from undo_capture where id = 1) is not null`;
    const seq = `(select mutation_seq from undo_capture where id = 1)`;
    // An inserted row is undone by deleting it (old_row null); updated and deleted rows by restoring the old image.
    await sql
      .raw(
        `create trigger undo_${table}_insert after insert on ${table} when ${active} begin
          insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object(${json('new', keyColumns)}), null);
        end`,
      )
      .execute(db);
    for (const event of ['update', 'delete'] as const) {
      await sql
        .raw(
          `create trigger undo_${table}_${event} after ${event} on ${table} when ${active} begin
            insert into undo_log (mutation_seq, table_name, row_key, old_row) values (${seq}, '${table}', json_object(${json('old', keyColumns)}), json_object(${json('old', columns)}));
          end`,
        )
        .execute(db);
    }
  }
}
