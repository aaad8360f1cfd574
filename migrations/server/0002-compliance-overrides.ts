import type { Kysely } from 'kysely';

/**
 * `messages.compliance_overrides` (replica migration 0005): the reply-check rules an agent sent
 * past, JSON text, null when none. Plain `text` on both dialects, like every other JSON column.
 *
 * The change-capture triggers of 0001 stay as they are: they log only a message's id and the tags
 * of its conversation, never its columns, and a pull reads the whole current row (`select r.*`), so
 * the new column travels without them being recreated (tests/server/compliance-overrides.test.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('compliance_overrides', 'text').execute();
}
