import type { Kysely } from 'kysely';

/**
 * The routing pass (after every commit touching conversations, and on its timer) looks for
 * active chats past their deadlines and queued ones to serve; without an index each of its
 * queries read every conversation, and the pass held the server's event loop long enough to
 * double live-sync latency at 10,000 conversations (docs/sync.md, "Live p95").
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('conversations_status').on('conversations').columns(['status', 'group_id']).execute();
}
