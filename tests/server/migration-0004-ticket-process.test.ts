import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0004-ticket-process on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
    const { db } = store;
    for (const [id, username] of [
      ['u1', 'agent1'],
      ['u2', 'agent2'],
    ] as const) {
      await db.insertInto('users').values({ id, username, display_name: username, agent_no: id, role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    }
    await db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    await db
      .insertInto('tickets')
      .values({ id: 't1', number: null, customer_id: 'cu1', conversation_id: null, title: '退款', description: '', category_id: null, status: 'open', priority: 'normal', assignee_id: 'u1', created_at: now, updated_at: now, closed_at: null })
      .execute();
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  const since = async () => Number((await store.db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max ?? 0);
  const entriesAfter = (from: number) => store.db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', from).orderBy('change_no').execute();

  it('gives existing tickets the defaults of the process: L1, not escalated, empty diagnosis', async () => {
    const row = await store.db.selectFrom('tickets').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ pool_level: 1, escalation_level: 0, diagnosis: '{}', csat_score: null });
    await expect(store.db.updateTable('tickets').set({ escalation_level: 4 }).where('id', '=', 't1').execute()).rejects.toThrow();
    await expect(store.db.updateTable('tickets').set({ nps_score: 11 }).where('id', '=', 't1').execute()).rejects.toThrow();
  });

  it('captures approvals and clocks for the ticket’s owner, and announces them to the new owner when the ticket changes hands', async () => {
    let from = await since();
    await store.db
      .insertInto('approvals')
      .values({ id: 'a1', ticket_id: 't1', kind: 'refund', amount_fen: 15_000, order_id: null, reason: '质量问题', status: 'pending', within_limit: 0, requested_by: 'u1', requested_at: now, decided_by: null, decided_at: null, decision_note: null })
      .execute();
    await store.db
      .insertInto('ticket_deadlines')
      .values({ id: 't1:pool_l2_feedback', ticket_id: 't1', kind: 'pool_l2_feedback', started_at: now, due_at: now, warn_at: now, warned_at: null, breached_at: null, met_at: null, updated_at: now })
      .execute();
    expect(await entriesAfter(from)).toEqual([
      { tbl: 'approvals', row_id: 'a1', tags: '|u:u1|' },
      { tbl: 'ticket_deadlines', row_id: 't1:pool_l2_feedback', tags: '|u:u1|' },
    ]);

    from = await since();
    await store.db.updateTable('tickets').set({ assignee_id: 'u2' }).where('id', '=', 't1').execute();
    const moved = await entriesAfter(from);
    expect(moved.filter((e) => e.tbl !== 'tickets' && e.tbl !== 'customers' && e.tbl !== 'orders' && e.tbl !== 'ticket_events')).toEqual([
      { tbl: 'ticket_deadlines', row_id: 't1:pool_l2_feedback', tags: '|u:u1|u:u2|' },
      { tbl: 'approvals', row_id: 'a1', tags: '|u:u1|u:u2|' },
    ]);
  });

  it('announces authority limits to everyone', async () => {
    const from = await since();
    await store.db.insertInto('authority_limits').values({ id: 'l1', role: 'agent', user_id: null, kind: 'refund', max_fen: 10_000, updated_at: now }).execute();
    expect(await entriesAfter(from)).toEqual([{ tbl: 'authority_limits', row_id: 'l1', tags: '|all|' }]);
  });

  it('keeps the audit log append-only and numbers its entries', async () => {
    const { db } = store;
    for (const action of ['session.login', 'ticket.create']) {
      await db.insertInto('audit_log').values({ created_at: now, actor_kind: 'user', actor_id: 'u1', actor_role: 'agent', action, entity: null, entity_id: null, detail: '{}', outcome: 'applied', message_key: null, client_id: null, seq: null }).execute();
    }
    const ids = (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id));
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0] ?? Infinity);
    await expect(sql`update audit_log set action = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('hands out ticket numbers per day, in order', async () => {
    const { db } = store;
    const take = async (day: string) =>
      (
        await db
          .insertInto('ticket_counters')
          .values({ day, last_no: 1 })
          .onConflict((oc) => oc.column('day').doUpdateSet({ last_no: sql<number>`ticket_counters.last_no + 1` }))
          .returning('last_no')
          .executeTakeFirstOrThrow()
      ).last_no;
    expect([await take('20261122'), await take('20261122'), await take('20261123')]).toEqual([1, 2, 1]);
  });
});
