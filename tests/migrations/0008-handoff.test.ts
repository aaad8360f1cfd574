import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0008-handoff', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const conversation = (id: string) => ({
    id,
    customer_id: 'cu1',
    channel: 'web' as const,
    status: 'active' as const,
    group_id: 'g-aftersales',
    assignee_id: 'u-agent-1',
    subject: '未发货订单申请退款',
    created_at: now,
    updated_at: now,
    last_message_at: now,
    last_message_preview: '',
    waiting_since: null,
    unread_count: 0,
    first_response_at: now,
    closed_at: null,
  });
  const message = (id: string) => ({ id, conversation_id: 'c1', sender_kind: 'agent' as const, sender_id: 'u-agent-1', body: '您好', channel: 'web' as const, created_at: now, compliance_overrides: null });

  it('keeps the chats and messages already there: no summary, every message one the customer saw', async () => {
    replica = await replicaAt('0007-ticket-process');
    await replica.db.insertInto('conversations').values(conversation('c1')).execute();
    await replica.db.insertInto('messages').values(message('m1')).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0008-handoff');
    expect(result.error).toBeUndefined();
    expect(await replica.db.selectFrom('conversations').select(['id', 'summary']).execute()).toEqual([{ id: 'c1', summary: null }]);
    expect(await replica.db.selectFrom('messages').select(['id', 'internal']).execute()).toEqual([{ id: 'm1', internal: 0 }]);
    await expect(replica.db.insertInto('messages').values({ ...message('m2'), internal: 2 }).execute()).rejects.toThrow(/CHECK/);
    expect(await replica.db.selectFrom('conversation_participants').selectAll().execute()).toEqual([]);
    expect(await replica.db.selectFrom('conversation_events').selectAll().execute()).toEqual([]);
  });

  it('records before-images of the new tables and columns, so a rebase takes a local hand-over back', async () => {
    replica = await replicaAt('0008-handoff');
    await replica.db.insertInto('conversations').values({ ...conversation('c1'), summary: '已退款' }).execute();
    await replica.db.insertInto('messages').values({ ...message('m1'), internal: 1 }).execute();
    await replica.db.insertInto('conversation_participants').values({ id: 'p1', conversation_id: 'c1', user_id: 'u-agent-3', invited_by: 'u-agent-1', note: '', invited_at: now, ended_at: null, ended_by: null }).execute();
    await sql`update undo_capture set mutation_seq = 4 where id = 1`.execute(replica.db);
    await replica.db.updateTable('conversations').set({ assignee_id: 'u-agent-2' }).where('id', '=', 'c1').execute();
    await replica.db.updateTable('conversation_participants').set({ ended_at: now, ended_by: 'u-agent-1' }).where('id', '=', 'p1').execute();
    await replica.db
      .insertInto('conversation_events')
      .values({ id: 'e1', conversation_id: 'c1', kind: 'transfer', actor_id: 'u-agent-1', from_user_id: 'u-agent-1', to_user_id: 'u-agent-2', to_group_id: null, reason: 'specialist', note: '客户要退款', created_at: now })
      .execute();
    await replica.db.deleteFrom('messages').where('id', '=', 'm1').execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const entries = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.mutation_seq, e.table_name, e.row_key, e.old_row === null])).toEqual([
      [4, 'conversations', JSON.stringify({ id: 'c1' }), false],
      [4, 'conversation_participants', JSON.stringify({ id: 'p1' }), false],
      [4, 'conversation_events', JSON.stringify({ id: 'e1' }), true],
      [4, 'messages', JSON.stringify({ id: 'm1' }), false],
    ]);
    expect(JSON.parse(entries[0]?.old_row ?? '{}')).toMatchObject({ assignee_id: 'u-agent-1', summary: '已退款', priority: 0 });
    expect(JSON.parse(entries[1]?.old_row ?? '{}')).toMatchObject({ ended_at: null, ended_by: null });
    expect(JSON.parse(entries[3]?.old_row ?? '{}')).toMatchObject({ id: 'm1', internal: 1 });
  });

  it('keeps the hand-over history append-only', async () => {
    replica = await replicaAt('0008-handoff');
    await replica.db
      .insertInto('conversation_events')
      .values({ id: 'e1', conversation_id: 'c1', kind: 'invite', actor_id: 'u-agent-1', from_user_id: null, to_user_id: 'u-agent-3', to_group_id: null, reason: null, note: null, created_at: now })
      .execute();
    await expect(replica.db.updateTable('conversation_events').set({ note: '改写' }).where('id', '=', 'e1').execute()).rejects.toThrow(/append-only/);
  });

  it('recreates only the conversation and message update and delete triggers', async () => {
    const triggers = async (r: Replica) => (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(r.db)).rows;
    const before = await replicaAt('0007-ticket-process');
    const earlier = await triggers(before);
    await before.close();
    replica = await replicaAt('0008-handoff');
    const later = await triggers(replica);
    const added = later.filter((t) => !earlier.some((e) => e.name === t.name)).map((t) => t.name);
    expect(added.sort()).toEqual(
      [
        'conversation_events_append_only',
        ...['conversation_events', 'conversation_participants'].flatMap((table) => ['insert', 'update', 'delete'].map((op) => `undo_${table}_${op}`)),
      ].sort(),
    );
    const changed = later.filter((t) => earlier.some((e) => e.name === t.name && e.sql !== t.sql)).map((t) => t.name);
    expect(changed.sort()).toEqual(['undo_conversations_delete', 'undo_conversations_update', 'undo_messages_delete', 'undo_messages_update']);
  });
});
