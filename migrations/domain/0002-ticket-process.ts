import { sql, type Kysely } from 'kysely';

/**
 * The service process of SPEC §6 on the domain tables shared by replica and server (replica
 * 0007, server 0004): what a ticket carries beyond 0001, its clocks, refund and compensation
 * approvals, the authority limits deciding them, and follow-up alerts. Frozen once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function addTicketProcessTables(db: Kysely<any>): Promise<void> {
  const text = 'text' as const;
  const int = 'integer' as const;

  await db.schema.alterTable('tickets').addColumn('order_id', text).execute();
  await db.schema.alterTable('tickets').addColumn('intent', text).execute();
  await db.schema.alterTable('tickets').addColumn('pool_level', int, (c) => c.notNull().defaultTo(1).check(sql`pool_level between 1 and 3`)).execute();
  await db.schema
    .alterTable('tickets')
    .addColumn('escalation_level', int, (c) => c.notNull().defaultTo(0).check(sql`escalation_level between 0 and 3`))
    .execute();
  await db.schema.alterTable('tickets').addColumn('diagnosis', text, (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('tickets').addColumn('created_by', text).execute();
  await db.schema.alterTable('tickets').addColumn('survey_requested_at', text).execute();
  await db.schema.alterTable('tickets').addColumn('confirmed_at', text).execute();
  await db.schema.alterTable('tickets').addColumn('csat_score', int, (c) => c.check(sql`csat_score between 1 and 5`)).execute();
  await db.schema.alterTable('tickets').addColumn('nps_score', int, (c) => c.check(sql`nps_score between 0 and 10`)).execute();

  await db.schema
    .createTable('ticket_deadlines')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('ticket_id', text, (c) => c.notNull().references('tickets.id'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('started_at', text, (c) => c.notNull())
    .addColumn('due_at', text, (c) => c.notNull())
    .addColumn('warn_at', text, (c) => c.notNull())
    .addColumn('warned_at', text)
    .addColumn('breached_at', text)
    .addColumn('met_at', text)
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_deadlines_ticket').on('ticket_deadlines').columns(['ticket_id', 'due_at']).execute();
  await db.schema.createIndex('ticket_deadlines_open').on('ticket_deadlines').columns(['met_at', 'warn_at']).execute();

  await db.schema
    .createTable('approvals')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('ticket_id', text, (c) => c.notNull().references('tickets.id'))
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('refund','coupon')`))
    .addColumn('amount_fen', int, (c) => c.notNull().check(sql`amount_fen > 0`))
    .addColumn('order_id', text)
    .addColumn('reason', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('pending','approved','rejected')`))
    .addColumn('within_limit', int, (c) => c.notNull())
    .addColumn('requested_by', text, (c) => c.notNull())
    .addColumn('requested_at', text, (c) => c.notNull())
    .addColumn('decided_by', text)
    .addColumn('decided_at', text)
    .addColumn('decision_note', text)
    .execute();
  await db.schema.createIndex('approvals_ticket').on('approvals').columns(['ticket_id', 'requested_at']).execute();
  await db.schema.createIndex('approvals_status').on('approvals').columns(['status', 'requested_at']).execute();

  await db.schema
    .createTable('authority_limits')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('role', text)
    .addColumn('user_id', text)
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('refund','coupon')`))
    .addColumn('max_fen', int, (c) => c.notNull().check(sql`max_fen >= 0`))
    .addColumn('updated_at', text, (c) => c.notNull())
    .addCheckConstraint('authority_limits_subject', sql`(role is null) <> (user_id is null)`)
    .execute();

  await db.schema
    .createTable('ticket_alerts')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('ticket_id', text, (c) => c.notNull().references('tickets.id'))
    .addColumn('rule', text, (c) => c.notNull())
    .addColumn('raised_at', text, (c) => c.notNull())
    .addColumn('contact_due_at', text, (c) => c.notNull())
    .addColumn('done_at', text)
    .addColumn('done_by', text)
    .addColumn('done_note', text)
    .execute();
  await db.schema.createIndex('ticket_alerts_ticket').on('ticket_alerts').columns(['ticket_id', 'raised_at']).execute();
}
