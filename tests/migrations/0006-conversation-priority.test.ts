import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0006-conversation-priority', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const conversation = (id: string) => ({
    id,
    customer_id: 'cu1',
    channel: 'web' as const,
    status: 'queued' as const,
    group_id: 'g-senior',
    assignee_id: null,
    subject: '账号被盗',
    created_at: now,
    updated_at: now,
    last_message_at: now,
    last_message_preview: '',
    waiting_since: now,
    unread_count: 1,
    first_response_at: null,
    closed_at: null,
  });

  it('adds conversations.priority, 0 for the conversations already there', async () => {
    replica = await replicaAt('0005-compliance-overrides');
    await replica.db.insertInto('conversations').values(conversation('c-before')).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0006-conversation-priority');
    expect(result.error).toBeUndefined();
    await replica.db.insertInto('conversations').values({ ...conversation('c-after'), priority: 2 }).execute();
    const rows = await replica.db.selectFrom('conversations').select(['id', 'priority']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'c-after', priority: 2 },
      { id: 'c-before', priority: 0 },
    ]);
  });

  it('records the new column in the undo image, so a rebase restores it', async () => {
    replica = await replicaAt('0006-conversation-priority');
    await replica.db.insertInto('conversations').values({ ...conversation('c1'), priority: 2 }).execute();
    await sql`update undo_capture set mutation_seq = 7 where id = 1`.execute(replica.db);
    await replica.db.updateTable('conversations').set({ unread_count: 0 }).where('id', '=', 'c1').execute();
    await replica.db.deleteFrom('conversations').where('id', '=', 'c1').execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const entries = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.mutation_seq, e.table_name, e.row_key])).toEqual([
      [7, 'conversations', JSON.stringify({ id: 'c1' })],
      [7, 'conversations', JSON.stringify({ id: 'c1' })],
    ]);
    expect(JSON.parse(entries[0]?.old_row ?? '{}')).toEqual({ ...conversation('c1'), priority: 2 });
    expect(JSON.parse(entries[1]?.old_row ?? '{}')).toEqual({ ...conversation('c1'), unread_count: 0, priority: 2 });
  });

  it('recreates only the conversation update and delete triggers', async () => {
    const triggers = async (r: Replica) =>
      (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(r.db)).rows;
    const before = await replicaAt('0005-compliance-overrides');
    const earlier = await triggers(before);
    await before.close();
    replica = await replicaAt('0006-conversation-priority');
    const later = await triggers(replica);
    expect(later.map((t) => t.name)).toEqual(earlier.map((t) => t.name));
    const changed = later.filter((t) => earlier.find((e) => e.name === t.name)?.sql !== t.sql).map((t) => t.name);
    expect(changed).toEqual(['undo_conversations_delete', 'undo_conversations_update']);
  });
});
