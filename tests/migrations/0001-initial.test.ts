import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0001-initial', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  async function seedConversation() {
    await replica.db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: '13800000000', id_number: null, address: null, value_level: 3, tags: '["VIP"]', created_at: now, updated_at: now }).execute();
    await replica.db
      .insertInto('conversations')
      .values({ id: 'c1', customer_id: 'cu1', channel: 'web', status: 'active', group_id: null, assignee_id: null, subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: null })
      .execute();
    await replica.db.insertInto('messages').values({ id: 'm1', conversation_id: 'c1', sender_kind: 'customer', sender_id: 'cu1', body: '我要退款', channel: 'web', created_at: now }).execute();
  }

  it('creates the domain tables and the local outbox, sync state and drafts', async () => {
    replica = await replicaAt('0001-initial');
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%' order by name`.execute(replica.db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      ['conversations', 'customers', 'drafts', 'group_members', 'kb_articles', 'kb_categories', 'messages', 'orders', 'outbox', 'scripts', 'skill_groups', 'sync_state', 'ticket_categories', 'ticket_events', 'tickets', 'users'],
    );
  });

  it('keeps chat messages append-only', async () => {
    replica = await replicaAt('0001-initial');
    await seedConversation();
    await expect(replica.db.updateTable('messages').set({ body: '改过的内容' }).where('id', '=', 'm1').execute()).rejects.toThrow(/append-only/);
    const row = await replica.db.selectFrom('messages').select('body').where('id', '=', 'm1').executeTakeFirstOrThrow();
    expect(row.body).toBe('我要退款');
  });

  it('accepts a reference to a row outside this replica (a partial copy; the server owns integrity)', async () => {
    replica = await replicaAt('0001-initial');
    await seedConversation();
    await replica.db
      .insertInto('tickets')
      .values({ id: 't1', number: 'T1', customer_id: 'cu1', conversation_id: 'someone-elses-chat', title: '退款', description: '', category_id: null, status: 'open', priority: 'normal', assignee_id: null, created_at: now, updated_at: now, closed_at: null })
      .execute();
    expect(await replica.db.selectFrom('tickets').select('conversation_id').executeTakeFirstOrThrow()).toEqual({ conversation_id: 'someone-elses-chat' });
  });

  it('refuses the same mutation id twice in the outbox', async () => {
    replica = await replicaAt('0001-initial');
    const row = { mutation_id: 'mu1', name: 'message.send', args: '{}', created_at: now, status: 'pending' as const, error: null };
    await replica.db.insertInto('outbox').values(row).execute();
    await expect(replica.db.insertInto('outbox').values(row).execute()).rejects.toThrow(/UNIQUE/);
  });

  it('enforces the value level range 1–5 and the ticket state vocabulary', async () => {
    replica = await replicaAt('0001-initial');
    await expect(
      replica.db.insertInto('customers').values({ id: 'cu2', name: 'x', phone: null, id_number: null, address: null, value_level: 6, tags: '[]', created_at: now, updated_at: now }).execute(),
    ).rejects.toThrow(/CHECK/);
    await seedConversation();
    await expect(
      replica.db
        .insertInto('tickets')
        // @ts-expect-error -- an unknown state must be refused by the database too, not only by types
        .values({ id: 't1', number: null, customer_id: 'cu1', conversation_id: null, title: 'x', description: '', category_id: null, status: 'lost', priority: 'normal', assignee_id: null, created_at: now, updated_at: now, closed_at: null })
        .execute(),
    ).rejects.toThrow(/CHECK/);
  });
});
