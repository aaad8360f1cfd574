import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0001-initial on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
    await store.db.insertInto('skill_groups').values({ id: 'g1', name: '售后', keywords: '[]', updated_at: now }).execute();
    await store.db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    await store.db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    await store.db
      .insertInto('conversations')
      .values({ id: 'c1', customer_id: 'cu1', channel: 'web', status: 'queued', group_id: 'g1', assignee_id: null, subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: null })
      .execute();
    await store.db.insertInto('messages').values({ id: 'm1', conversation_id: 'c1', sender_kind: 'customer', sender_id: 'cu1', body: '我要退款', channel: 'web', created_at: now }).execute();
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('keeps chat messages append-only: no update, no delete', async () => {
    await expect(store.db.updateTable('messages').set({ body: '改过的内容' }).where('id', '=', 'm1').execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom('messages').where('id', '=', 'm1').execute()).rejects.toThrow(/append-only/);
    expect((await store.db.selectFrom('messages').select('body').where('id', '=', 'm1').executeTakeFirstOrThrow()).body).toBe('我要退款');
  });

  it('records every domain write in the change log with increasing change numbers, and a move with what hangs off it', async () => {
    const before = await store.db.selectFrom('change_log').select(['change_no', 'tbl', 'row_id', 'tags']).orderBy('change_no').execute();
    expect(before.map((e) => `${e.tbl}:${e.row_id}:${e.tags}`)).toEqual([
      'skill_groups:g1:|all|',
      'users:u1:|all|s:u1|',
      'customers:cu1:|',
      'conversations:c1:|q:g1|',
      'customers:cu1:|q:g1|',
      'messages:m1:|q:g1|',
    ]);

    await store.db.updateTable('conversations').set({ status: 'active', assignee_id: 'u1' }).where('id', '=', 'c1').execute();
    await store.db.updateTable('conversations').set({ unread_count: 2 }).where('id', '=', 'c1').execute();
    const after = await store.db.selectFrom('change_log').select(['change_no', 'tbl', 'row_id', 'tags']).where('change_no', '>', before.at(-1)?.change_no ?? 0).orderBy('change_no').execute();
    // A queued conversation leaving the queue moves in scope: its customer and messages are re-examined; a plain update is not a move.
    expect(after.map((e) => `${e.tbl}:${e.row_id}:${e.tags}`)).toEqual([
      'conversations:c1:|q:g1|u:u1|',
      'customers:cu1:|q:g1|u:u1|',
      'messages:m1:|q:g1|u:u1|',
      'conversations:c1:|u:u1|u:u1|',
    ]);
    const numbers = [...before, ...after].map((e) => Number(e.change_no));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
