import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0003-routing on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
    const { db } = store;
    await db.insertInto('skill_groups').values({ id: 'g1', name: '售后', keywords: '[]', updated_at: now }).execute();
    await db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    for (const id of ['cu-app', 'cu-seeded']) {
      await db.insertInto('customers').values({ id, name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    }
    await db.insertInto('channel_customers').values({ channel: 'app', external_id: 'app-user-7', customer_id: 'cu-app' }).execute();
    const conversation = { channel: 'app' as const, status: 'active' as const, group_id: 'g1', assignee_id: 'u1', subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: null };
    await db.insertInto('conversations').values({ ...conversation, id: 'c-app', customer_id: 'cu-app' }).execute();
    await db.insertInto('conversations').values({ ...conversation, id: 'c-seeded', customer_id: 'cu-seeded' }).execute();
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  const message = (id: string, conversationId: string, senderKind: 'customer' | 'agent' | 'bot' | 'system') => ({
    id,
    conversation_id: conversationId,
    sender_kind: senderKind,
    sender_id: senderKind === 'agent' ? 'u1' : null,
    body: '您好',
    channel: 'app' as const,
    created_at: now,
  });

  it('adds conversations.priority: 0 unless set, 0–2 only', async () => {
    const { db } = store;
    expect((await db.selectFrom('conversations').select('priority').where('id', '=', 'c-app').executeTakeFirstOrThrow()).priority).toBe(0);
    await expect(db.updateTable('conversations').set({ priority: 3 }).where('id', '=', 'c-app').execute()).rejects.toThrow();
  });

  it('captures a change of priority alone, so replicas receive it', async () => {
    const { db } = store;
    const before = Number((await db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max);
    await db.updateTable('conversations').set({ priority: 2 }).where('id', '=', 'c-app').execute();
    const entries = await db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', before).execute();
    expect(entries).toEqual([{ tbl: 'conversations', row_id: 'c-app', tags: '|u:u1|u:u1|' }]);
  });

  it('queues agent and bot messages of a channel conversation for delivery, once, in the same write', async () => {
    const { db } = store;
    await db.insertInto('messages').values(message('m-customer', 'c-app', 'customer')).execute();
    await db.insertInto('messages').values(message('m-agent', 'c-app', 'agent')).execute();
    await db.insertInto('messages').values(message('m-bot', 'c-app', 'bot')).execute();
    await db.insertInto('messages').values(message('m-note', 'c-app', 'system')).execute();
    // A conversation that did not come in through the channel API has nowhere to be delivered.
    await db.insertInto('messages').values(message('m-seeded', 'c-seeded', 'agent')).execute();
    const queued = await db.selectFrom('outbound_deliveries').select(['message_id', 'conversation_id', 'channel', 'status', 'attempts', 'next_attempt_at']).orderBy('message_id').execute();
    expect(queued).toEqual([
      { message_id: 'm-agent', conversation_id: 'c-app', channel: 'app', status: 'pending', attempts: 0, next_attempt_at: now },
      { message_id: 'm-bot', conversation_id: 'c-app', channel: 'app', status: 'pending', attempts: 0, next_attempt_at: now },
    ]);
  });

  it("keeps each channel's message ids unique", async () => {
    const { db } = store;
    const row = { channel: 'app', external_id: 'wx-1', message_id: 'm-customer', conversation_id: 'c-app', created_at: now };
    await db.insertInto('inbound_messages').values(row).execute();
    await expect(db.insertInto('inbound_messages').values(row).execute()).rejects.toThrow();
    await db.insertInto('inbound_messages').values({ ...row, channel: 'wechat' }).execute();
  });
});
