import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0006-handoff on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
    const { db } = store;
    for (const id of ['u1', 'u2', 'u3']) {
      await db.insertInto('users').values({ id, username: id, display_name: id, agent_no: id, role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    }
    await db.insertInto('skill_groups').values({ id: 'g1', name: '售后', keywords: '[]', updated_at: now }).execute();
    await db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    await db.insertInto('orders').values({ id: 'o1', customer_id: 'cu1', order_no: 'DD1', status: 'paid', amount_fen: 100, items: '[]', placed_at: now, updated_at: now }).execute();
    await db
      .insertInto('conversations')
      .values({ id: 'c1', customer_id: 'cu1', channel: 'app', status: 'active', group_id: 'g1', assignee_id: 'u1', subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: null })
      .execute();
    await db.insertInto('channel_customers').values({ channel: 'app', external_id: 'app-1', customer_id: 'cu1' }).execute();
    await db.insertInto('messages').values({ id: 'm1', conversation_id: 'c1', sender_kind: 'customer', sender_id: 'cu1', body: '我要退款', channel: 'app', created_at: now, compliance_overrides: null }).execute();
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  const since = async () => Number((await store.db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max ?? 0);
  const entriesAfter = async (from: number) =>
    (await store.db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', from).orderBy('change_no').execute()).map((e) => `${e.tbl}:${e.row_id}:${e.tags}`);
  const tagged = (entries: string[], tag: string) => entries.filter((e) => e.includes(`|${tag}|`)).map((e) => e.split(':').slice(0, 2).join(':'));

  it('leaves existing chats without a summary and existing messages visible to customers', async () => {
    expect(await store.db.selectFrom('conversations').select('summary').where('id', '=', 'c1').executeTakeFirstOrThrow()).toEqual({ summary: null });
    expect(await store.db.selectFrom('messages').select('internal').where('id', '=', 'm1').executeTakeFirstOrThrow()).toEqual({ internal: 0 });
  });

  it('never queues an internal note for the channel; a reply still is', async () => {
    const base = { conversation_id: 'c1', sender_kind: 'agent' as const, sender_id: 'u1', channel: 'app' as const, created_at: now, compliance_overrides: null };
    await store.db.insertInto('messages').values({ ...base, id: 'm-note', body: '内部：老客户', internal: 1 }).execute();
    await store.db.insertInto('messages').values({ ...base, id: 'm-reply', body: '您好', internal: 0 }).execute();
    expect((await store.db.selectFrom('outbound_deliveries').select('message_id').execute()).map((r) => r.message_id)).toEqual(['m-reply']);
  });

  it('brings an invited colleague the chat with everything of it, keeps them hearing while in, and takes it back when they leave', async () => {
    let from = await since();
    await store.db.insertInto('conversation_participants').values({ id: 'p1', conversation_id: 'c1', user_id: 'u3', invited_by: 'u1', note: '', invited_at: now, ended_at: null, ended_by: null }).execute();
    let entries = await entriesAfter(from);
    expect(tagged(entries, 'u:u3').sort()).toEqual(['conversation_participants:p1', 'conversations:c1', 'customers:cu1', 'messages:m-note', 'messages:m-reply', 'messages:m1', 'orders:o1'].sort());
    expect(tagged(entries, 'u:u1')).toEqual(['conversation_participants:p1']);

    from = await since();
    await store.db.insertInto('messages').values({ id: 'm2', conversation_id: 'c1', sender_kind: 'customer', sender_id: 'cu1', body: '多久到账', channel: 'app', created_at: now, compliance_overrides: null }).execute();
    await store.db.insertInto('conversation_events').values({ id: 'e1', conversation_id: 'c1', kind: 'invite', actor_id: 'u1', from_user_id: null, to_user_id: 'u3', to_group_id: null, reason: null, note: null, created_at: now }).execute();
    await store.db.updateTable('conversations').set({ unread_count: 1 }).where('id', '=', 'c1').execute();
    entries = await entriesAfter(from);
    expect(tagged(entries, 'u:u3')).toEqual(['messages:m2', 'conversation_events:e1', 'conversations:c1']);
    expect(tagged(entries, 'u:u1')).toEqual(['messages:m2', 'conversation_events:e1', 'conversations:c1']);

    from = await since();
    await store.db.updateTable('conversation_participants').set({ ended_at: now, ended_by: 'u3' }).where('id', '=', 'p1').execute();
    entries = await entriesAfter(from);
    expect(tagged(entries, 'u:u3').sort()).toEqual(['conversation_events:e1', 'conversation_participants:p1', 'conversations:c1', 'customers:cu1', 'messages:m-note', 'messages:m-reply', 'messages:m1', 'messages:m2', 'orders:o1'].sort());
    from = await since();
    await store.db.insertInto('messages').values({ id: 'm3', conversation_id: 'c1', sender_kind: 'customer', sender_id: 'cu1', body: '在吗', channel: 'app', created_at: now, compliance_overrides: null }).execute();
    expect(tagged(await entriesAfter(from), 'u:u3')).toEqual([]);
  });

  it('moves the history and participants with a transfer, and takes a closing chat out of the scope of whoever is still in it', async () => {
    await store.db.insertInto('conversation_participants').values({ id: 'p2', conversation_id: 'c1', user_id: 'u3', invited_by: 'u1', note: '', invited_at: now, ended_at: null, ended_by: null }).execute();
    let from = await since();
    await store.db.updateTable('conversations').set({ assignee_id: 'u2' }).where('id', '=', 'c1').execute();
    let entries = await entriesAfter(from);
    expect(tagged(entries, 'u:u2')).toEqual(expect.arrayContaining(['conversation_events:e1', 'conversation_participants:p1', 'conversation_participants:p2', 'messages:m1', 'customers:cu1']));
    expect(tagged(entries, 'u:u1')).toEqual(expect.arrayContaining(['conversation_events:e1', 'conversation_participants:p2']));

    from = await since();
    await store.db.updateTable('conversations').set({ status: 'closed', closed_at: now }).where('id', '=', 'c1').execute();
    entries = await entriesAfter(from);
    expect(tagged(entries, 'u:u3').sort()).toEqual(
      ['conversation_events:e1', 'conversation_participants:p1', 'conversation_participants:p2', 'conversations:c1', 'customers:cu1', 'messages:m-note', 'messages:m-reply', 'messages:m1', 'messages:m2', 'messages:m3', 'orders:o1'].sort(),
    );
  });

  it('keeps the hand-over history append-only', async () => {
    await expect(sql`update conversation_events set note = 'x' where id = 'e1'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from conversation_events where id = 'e1'`.execute(store.db)).rejects.toThrow(/append-only/);
  });
});
