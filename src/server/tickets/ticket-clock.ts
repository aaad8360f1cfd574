import { sql, type Kysely } from 'kysely';
import type { AlertRule } from '../../shared/tickets/process';
import { audit } from '../audit/audit-log';
import type { Store } from '../db/open-store';
import type { ServerDatabase } from '../db/schema';
import type { TicketConfig } from './config';
import { startClock } from './ticket-effects';

type Db = Kysely<ServerDatabase>;

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One pass of the service process's clocks (SPEC §6): warnings before and at breach of every
 * running deadline, and the follow-up rules that raise alerts on unclosed tickets. Everything is
 * decided from stored times, so a pass after a restart catches up on whatever fell due while the
 * server was down, and every row it writes has a derived id, so no pass repeats another's work.
 * The owner and the supervisors see the result through sync (the rows are in their scope).
 */
export async function ticketClockPass(store: Store, config: TicketConfig, nowIso: string): Promise<boolean> {
  return store.db.transaction().execute(async (tx) => {
    // Two instances sharing PostgreSQL would otherwise warn twice about the same clock.
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('cs_ticket_clock:' || current_schema()))`.execute(tx);
    let wrote = false;
    wrote = (await deadlineWarnings(tx, nowIso)) || wrote;
    wrote = (await followUpAlerts(tx, nowIso, config)) || wrote;
    return wrote;
  });
}

async function systemEvent(db: Db, id: string, ticketId: string, kind: string, to: string, nowIso: string): Promise<void> {
  await db
    .insertInto('ticket_events')
    .values({ id, ticket_id: ticketId, actor_id: null, kind, from_value: null, to_value: to, note: null, created_at: nowIso })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db.updateTable('tickets').set({ updated_at: nowIso }).where('id', '=', ticketId).execute();
}

async function deadlineWarnings(db: Db, nowIso: string): Promise<boolean> {
  const due = await db
    .selectFrom('ticket_deadlines as d')
    .innerJoin('tickets as t', 't.id', 'd.ticket_id')
    .select(['d.id', 'd.ticket_id', 'd.kind', 'd.warn_at', 'd.due_at', 'd.warned_at', 'd.breached_at'])
    .where('d.met_at', 'is', null)
    .where('d.breached_at', 'is', null)
    .where('d.warn_at', '<=', nowIso)
    .where('t.status', '<>', 'closed')
    .execute();
  for (const d of due) {
    const breached = d.due_at <= nowIso;
    if (breached) {
      await db.updateTable('ticket_deadlines').set({ breached_at: nowIso, warned_at: d.warned_at ?? nowIso, updated_at: nowIso }).where('id', '=', d.id).execute();
      await systemEvent(db, `${d.id}:breach`, d.ticket_id, 'deadline_breached', d.kind, nowIso);
    } else if (d.warned_at === null) {
      await db.updateTable('ticket_deadlines').set({ warned_at: nowIso, updated_at: nowIso }).where('id', '=', d.id).execute();
      await systemEvent(db, `${d.id}:warning`, d.ticket_id, 'deadline_warning', d.kind, nowIso);
    } else {
      continue;
    }
    await audit(db, nowIso, { actorKind: 'system', actorId: null, action: breached ? 'deadline.breached' : 'deadline.warned', entity: 'ticket_deadlines', entityId: d.id, detail: { ticketId: d.ticket_id, kind: d.kind, dueAt: d.due_at } });
  }
  return due.some((d) => d.due_at <= nowIso || d.warned_at === null);
}

async function raiseAlert(db: Db, alertId: string, ticketId: string, rule: AlertRule, nowIso: string, config: TicketConfig): Promise<boolean> {
  const inserted = await db
    .insertInto('ticket_alerts')
    .values({ id: alertId, ticket_id: ticketId, rule, raised_at: nowIso, contact_due_at: iso(Date.parse(nowIso) + config.rules.follow_up_contact.minutes * 60_000), done_at: null, done_by: null, done_note: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  // The owner must contact the customer within the hour: a clock like any other, warned and breached alike.
  await startClock(db, ticketId, 'follow_up_contact', nowIso, config, alertId);
  await systemEvent(db, `${alertId}:raised`, ticketId, 'alert_raised', rule, nowIso);
  await audit(db, nowIso, { actorKind: 'system', actorId: null, action: 'alert.raised', entity: 'ticket_alerts', entityId: alertId, detail: { ticketId, rule } });
  return true;
}

async function followUpAlerts(db: Db, nowIso: string, config: TicketConfig): Promise<boolean> {
  const now = Date.parse(nowIso);
  let wrote = false;
  const overdueRefunds = await db
    .selectFrom('approvals as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .select(['a.id', 'a.ticket_id'])
    .where('a.kind', '=', 'refund')
    .where('a.status', '=', 'approved')
    .where('a.decided_at', '<=', iso(now - config.followUp.refundOverdueDays * 24 * HOUR_MS))
    .where('t.status', '<>', 'closed')
    .execute();
  for (const refund of overdueRefunds) {
    wrote = (await raiseAlert(db, `refund_not_received:${refund.id}`, refund.ticket_id, 'refund_not_received', nowIso, config)) || wrote;
  }
  const stalled = await db
    .selectFrom('tickets as t')
    .innerJoin('orders as o', 'o.id', 't.order_id')
    .select(['t.id', 'o.updated_at'])
    .where('t.status', '<>', 'closed')
    .where('o.status', '=', 'shipped')
    .where('o.updated_at', '<=', iso(now - config.followUp.logisticsStalledHours * HOUR_MS))
    .execute();
  for (const ticket of stalled) {
    // Keyed by the order's last movement: a parcel that moves and stalls again raises a new alert.
    wrote = (await raiseAlert(db, `logistics_stalled:${ticket.id}:${ticket.updated_at}`, ticket.id, 'logistics_stalled', nowIso, config)) || wrote;
  }
  return wrote;
}
