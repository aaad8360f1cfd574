import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0002-sync-undo-log', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  it('keeps rows written before it and records before-images only while a mutation is captured', async () => {
    replica = await replicaAt('0001-initial');
    await replica.db.insertInto('customers').values({ id: 'cu1', name: '王芳', phone: null, id_number: null, address: null, value_level: 2, tags: '[]', created_at: now, updated_at: now }).execute();
    await replica.db
      .insertInto('conversations')
      .values({ id: 'c1', customer_id: 'cu1', channel: 'app', status: 'active', group_id: null, assignee_id: null, subject: '物流', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: now, unread_count: 2, first_response_at: null, closed_at: null })
      .execute();

    const result = await replicaMigrator(replica.db).migrateTo('0002-sync-undo-log');
    expect(result.error).toBeUndefined();
    expect((await replica.db.selectFrom('conversations').select('subject').executeTakeFirstOrThrow()).subject).toBe('物流');

    // Outside a captured mutation (e.g. rows arriving from the server) nothing is recorded.
    await replica.db.updateTable('conversations').set({ unread_count: 0 }).execute();
    expect(await replica.db.selectFrom('undo_log').selectAll().execute()).toEqual([]);

    await sql`update undo_capture set mutation_seq = 7 where id = 1`.execute(replica.db);
    await replica.db.updateTable('conversations').set({ waiting_since: null }).where('id', '=', 'c1').execute();
    await replica.db.insertInto('messages').values({ id: 'm1', conversation_id: 'c1', sender_kind: 'agent', sender_id: null, body: '已催促快递', channel: 'app', created_at: now }).execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const log = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(log.map((r) => [r.mutation_seq, r.table_name, JSON.parse(r.row_key)])).toEqual([
      [7, 'conversations', { id: 'c1' }],
      [7, 'messages', { id: 'm1' }],
    ]);
    expect(JSON.parse(log[0]?.old_row ?? '{}')).toMatchObject({ id: 'c1', waiting_since: now, subject: '物流' });
    expect(log[1]?.old_row).toBeNull();
  });

  it('captures composite keys (group membership)', async () => {
    replica = await replicaAt('0002-sync-undo-log');
    await replica.db.insertInto('skill_groups').values({ id: 'g1', name: '售后', keywords: '[]', updated_at: now }).execute();
    await replica.db.insertInto('users').values({ id: 'u1', username: 'a', display_name: 'A', agent_no: 'KF1', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    await sql`update undo_capture set mutation_seq = 1 where id = 1`.execute(replica.db);
    await replica.db.insertInto('group_members').values({ group_id: 'g1', user_id: 'u1' }).execute();
    const [entry] = await replica.db.selectFrom('undo_log').selectAll().execute();
    expect(JSON.parse(entry?.row_key ?? '{}')).toEqual({ group_id: 'g1', user_id: 'u1' });
  });
});
