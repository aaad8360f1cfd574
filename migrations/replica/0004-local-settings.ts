import { sql, type Kysely } from 'kysely';

/**
 * Per-user UI settings of this desktop (key bindings, font size, theme, attention). Local only:
 * never synced, one row per user and setting so a change writes one small row. `value` is the
 * setting as JSON; the core validates it on the way out, so a value written by an older version
 * that no longer fits falls back to the default instead of breaking the console.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('local_settings')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull().check(sql`json_valid(value)`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('local_settings_pk', ['user_id', 'key'])
    .execute();
}
