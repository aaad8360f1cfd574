import { sql, type Kysely } from 'kysely';
import type { MutatorArgs, MutatorName } from '../../shared/mutations';
import { addBusinessMinutes, ALWAYS_OPEN } from '../../shared/tickets/business-hours';
import { deadlineId, escalationDeadlines, poolDeadlines, type DeadlineKind, type EscalationLevel, type PoolLevel } from '../../shared/tickets/process';
import type { ServerDatabase } from '../db/schema';
import type { TicketConfig } from './config';
import { sendChannelSurvey } from './ticket-survey';

type Db = Kysely<ServerDatabase>;

/** 'GD' (工單) + the local date + a per-day sequence: GD20261122-0007. */
export async function nextTicketNumber(db: Db, nowIso: string, config: TicketConfig): Promise<string> {
  const local = new Date(Date.parse(nowIso) + config.calendar.utcOffsetMinutes * 60_000);
  const day = local.toISOString().slice(0, 10).replaceAll('-', '');
  // One statement claims the number: concurrent instances on PostgreSQL queue on the day's row.
  const { last_no } = await db
    .insertInto('ticket_counters')
    .values({ day, last_no: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last_no: sql<number>`ticket_counters.last_no + 1` }))
    .returning('last_no')
    .executeTakeFirstOrThrow();
  return `GD${day}-${String(last_no).padStart(4, '0')}`;
}

/** Starts a clock once: its id is derived, so asking again (a retried push, a repeated level) changes nothing. */
export async function startClock(db: Db, ticketId: string, kind: DeadlineKind, nowIso: string, config: TicketConfig, occasion = ''): Promise<void> {
  const rule = config.rules[kind];
  const calendar = rule.calendar === 'always' ? ALWAYS_OPEN : config.calendar;
  await db
    .insertInto('ticket_deadlines')
    .values({
      id: deadlineId(ticketId, kind, occasion),
      ticket_id: ticketId,
      kind,
      started_at: nowIso,
      due_at: addBusinessMinutes(nowIso, rule.minutes, calendar),
      warn_at: addBusinessMinutes(nowIso, rule.minutes * rule.warnAt, calendar),
      warned_at: null,
      breached_at: null,
      met_at: null,
      updated_at: nowIso,
      met_by: rule.metBy,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/**
 * What only the server decides after a ticket mutation, in the mutation's own transaction:
 * the ticket's number, the clocks its problem-pool or escalation level starts, and the closing
 * survey sent through the customer's channel when it enters 待確認 (SPEC §6).
 */
export async function ticketEffects(db: Db, name: MutatorName, args: unknown, nowIso: string, config: TicketConfig): Promise<void> {
  const clocks = async (ticketId: string, kinds: DeadlineKind[]) => {
    for (const kind of kinds) await startClock(db, ticketId, kind, nowIso, config);
  };
  switch (name) {
    case 'ticket.create': {
      const { id, poolLevel } = args as MutatorArgs<'ticket.create'>;
      await db.updateTable('tickets').set({ number: await nextTicketNumber(db, nowIso, config) }).where('id', '=', id).execute();
      return clocks(id, poolDeadlines(poolLevel as PoolLevel));
    }
    case 'ticket.update': {
      const { ticketId, changes } = args as MutatorArgs<'ticket.update'>;
      if (changes.poolLevel !== undefined) await clocks(ticketId, poolDeadlines(changes.poolLevel as PoolLevel));
      return;
    }
    case 'ticket.transition': {
      const { ticketId, to } = args as MutatorArgs<'ticket.transition'>;
      if (to === 'awaiting_confirmation') await sendChannelSurvey(db, ticketId, nowIso);
      return;
    }
    case 'ticket.escalate': {
      const { ticketId, level } = args as MutatorArgs<'ticket.escalate'>;
      return clocks(ticketId, escalationDeadlines(level as EscalationLevel));
    }
    default:
      return;
  }
}
