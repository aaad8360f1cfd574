import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0007-ticket-process', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const ticket = (id: string) => ({
    id,
    number: 'T20261118-0005',
    customer_id: 'cu-06',
    conversation_id: null,
    title: '快递丢失补发',
    description: '',
    category_id: null,
    status: 'open' as const,
    priority: 'normal' as const,
    assignee_id: 'u-agent-1',
    created_at: now,
    updated_at: now,
    closed_at: null,
  });

  it('keeps the tickets already there, at problem-pool L1, not escalated, with an empty diagnosis', async () => {
    replica = await replicaAt('0006-conversation-priority');
    await replica.db.insertInto('tickets').values(ticket('t-before')).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0007-ticket-process');
    expect(result.error).toBeUndefined();
    const row = await replica.db.selectFrom('tickets').selectAll().where('id', '=', 't-before').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ...ticket('t-before'), pool_level: 1, escalation_level: 0, diagnosis: '{}', order_id: null, csat_score: null, nps_score: null });
    for (const table of ['ticket_deadlines', 'approvals', 'authority_limits', 'ticket_alerts'] as const) {
      expect(await replica.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
  });

  it('records before-images of the new tables and the new ticket columns, so a rebase can take a local change back', async () => {
    replica = await replicaAt('0007-ticket-process');
    await replica.db.insertInto('tickets').values({ ...ticket('t1'), pool_level: 2, escalation_level: 1 }).execute();
    await sql`update undo_capture set mutation_seq = 9 where id = 1`.execute(replica.db);
    await replica.db.updateTable('tickets').set({ escalation_level: 2 }).where('id', '=', 't1').execute();
    await replica.db
      .insertInto('approvals')
      .values({ id: 'a1', ticket_id: 't1', kind: 'refund', amount_fen: 15_000, order_id: null, reason: '质量问题', status: 'pending', within_limit: 0, requested_by: 'u-agent-1', requested_at: now, decided_by: null, decided_at: null, decision_note: null })
      .execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const entries = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.mutation_seq, e.table_name, e.row_key, e.old_row === null])).toEqual([
      [9, 'tickets', JSON.stringify({ id: 't1' }), false],
      [9, 'approvals', JSON.stringify({ id: 'a1' }), true],
    ]);
    expect(JSON.parse(entries[0]?.old_row ?? '{}')).toMatchObject({ id: 't1', pool_level: 2, escalation_level: 1, diagnosis: '{}' });
  });

  it('refuses an authority limit for both a role and a user, or for neither', async () => {
    replica = await replicaAt('0007-ticket-process');
    const limit = { kind: 'refund' as const, max_fen: 10_000, updated_at: now };
    await expect(replica.db.insertInto('authority_limits').values({ ...limit, id: 'l1', role: 'agent', user_id: 'u-agent-1' }).execute()).rejects.toThrow(/CHECK/);
    await expect(replica.db.insertInto('authority_limits').values({ ...limit, id: 'l2', role: null, user_id: null }).execute()).rejects.toThrow(/CHECK/);
    await replica.db.insertInto('authority_limits').values({ ...limit, id: 'l3', role: 'agent', user_id: null }).execute();
  });
});
