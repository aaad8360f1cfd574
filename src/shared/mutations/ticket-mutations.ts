import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { approvalRequestInput, escalationTarget, REVEALABLE_FIELDS, ticketChanges, ticketCreateInput } from '../contract/tickets';
import type { DomainTables, TicketsTable } from '../db/replica-schema';
import { TICKET_STATUSES, type Role } from '../domain/enums';
import { effectiveAuthority } from '../tickets/authority';
import { categoryInUse } from '../tickets/categories';
import { diagnosisSchema } from '../tickets/diagnosis';
import { ASSIGNABLE_ROLES, canTransition, MILESTONES, type ApprovalKind } from '../tickets/process';
import { checkRefund } from '../tickets/refund-rules';
import { defineMutator, MutationRejected, type MutationActor, type MutationContext } from './define';

/**
 * Tickets and the service process (SPEC §6). Every change writes its ticket_events row in the
 * same transaction — the full-chain history — with an id the client chose, so the optimistic
 * copy and the server's are the same row. Deadlines are never written here: the server starts
 * and watches the clocks (src/server/tickets), the replica only receives them.
 */

const id = z.string().min(1).max(100);
const note = z.string().trim().max(2000);
const reason = z.string().trim().min(1).max(2000);

type Db = Kysely<DomainTables>;
type Ticket = Pick<Selectable<TicketsTable>, 'id' | 'status' | 'assignee_id' | 'customer_id' | 'conversation_id' | 'pool_level' | 'escalation_level' | 'confirmed_at'>;

const isStaffLead = (role: Role) => role === 'supervisor' || role === 'admin';

async function loadTicket(db: Db, ticketId: string): Promise<Ticket> {
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'status', 'assignee_id', 'customer_id', 'conversation_id', 'pool_level', 'escalation_level', 'confirmed_at'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) throw new MutationRejected('errors:ticket.not_found');
  return ticket;
}

/** The owner works the ticket; supervisors and admins may act on any. */
async function workableTicket(db: Db, actor: MutationActor, ticketId: string, { closedOk = false } = {}): Promise<Ticket> {
  const ticket = await loadTicket(db, ticketId);
  if (ticket.assignee_id !== actor.userId && !isStaffLead(actor.role)) throw new MutationRejected('errors:ticket.not_owner');
  if (!closedOk && ticket.status === 'closed') throw new MutationRejected('errors:ticket.closed');
  return ticket;
}

interface EventFields {
  kind: string;
  from?: string | number | null;
  to?: string | number | null;
  note?: string | null;
}

async function recordEvent({ db, actor, now }: MutationContext, ticketId: string, eventId: string, event: EventFields): Promise<void> {
  const text = (value: string | number | null | undefined) => (value === undefined || value === null ? null : String(value));
  await db
    .insertInto('ticket_events')
    .values({ id: eventId, ticket_id: ticketId, actor_id: actor.userId, kind: event.kind, from_value: text(event.from), to_value: text(event.to), note: event.note ?? null, created_at: now })
    .execute();
}

async function touch(db: Db, ticketId: string, now: string, set: Partial<Record<keyof TicketsTable, unknown>> = {}): Promise<void> {
  await db
    .updateTable('tickets')
    .set({ ...set, updated_at: now } as never)
    .where('id', '=', ticketId)
    .execute();
}

/** A category a ticket may be filed under now: a leaf that neither it nor a level above it is retired. */
async function assertCategory(db: Db, categoryId: string | null): Promise<void> {
  if (categoryId === null) return;
  const categories = await db.selectFrom('ticket_categories').select(['id', 'parent_id', 'level', 'retired_at']).execute();
  const category = categories.find((c) => c.id === categoryId);
  if (!category) throw new MutationRejected('errors:ticket.category_not_found');
  // Reports and routing read the leaf (訂單服務 › 物流問題 › 快遞丟失); a branch says too little.
  if (category.level !== 3) throw new MutationRejected('errors:ticket.category_not_leaf');
  if (!categoryInUse(categories, categoryId)) throw new MutationRejected('ticket-admin:errors.category_retired');
}

async function assertOrderOf(db: Db, orderId: string | null, customerId: string): Promise<void> {
  if (orderId === null) return;
  const order = await db.selectFrom('orders').select('customer_id').where('id', '=', orderId).executeTakeFirst();
  if (!order || order.customer_id !== customerId) throw new MutationRejected('errors:ticket.order_not_found');
}

/** 權限邊界: the user's own limit, else their role's, else the standard's default (src/shared/tickets/authority.ts). */
export async function authorityFen(db: Db, actor: MutationActor, kind: ApprovalKind): Promise<number> {
  const rows = await db
    .selectFrom('authority_limits')
    .select(['role', 'user_id', 'kind', 'max_fen'])
    .where('kind', '=', kind)
    .where((eb) => eb.or([eb('user_id', '=', actor.userId), eb('role', '=', actor.role)]))
    .execute();
  return effectiveAuthority(rows, { id: actor.userId, role: actor.role }, kind).fen;
}

/**
 * A closed ticket owes nobody anything more: its clocks stop and its follow-ups end. Shared with
 * the server's closing by the customer's survey answer, so both closings mean the same.
 */
export async function endObligations(db: Db, ticketId: string, now: string, doneBy: string | null, note: string | null): Promise<void> {
  await db.updateTable('ticket_deadlines').set({ met_at: now, updated_at: now }).where('ticket_id', '=', ticketId).where('met_at', 'is', null).execute();
  await db.updateTable('ticket_alerts').set({ done_at: now, done_by: doneBy, done_note: note }).where('ticket_id', '=', ticketId).where('done_at', 'is', null).execute();
}

const withEvent = <S extends z.ZodRawShape>(shape: S) => z.object({ ...shape, eventId: id });

export const ticketMutators = {
  'ticket.create': defineMutator({
    args: ticketCreateInput.extend({ id, eventId: id }),
    writes: ['tickets', 'ticket_events'],
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      if (actor.role === 'trainee') throw new MutationRejected('errors:ticket.forbidden');
      const customer = await db.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst();
      if (!customer) throw new MutationRejected('errors:ticket.customer_not_found');
      if (args.conversationId !== null) {
        const conversation = await db.selectFrom('conversations').select('customer_id').where('id', '=', args.conversationId).executeTakeFirst();
        if (!conversation || conversation.customer_id !== args.customerId) throw new MutationRejected('errors:conversation.not_found');
      }
      await assertCategory(db, args.categoryId);
      await assertOrderOf(db, args.orderId, args.customerId);
      await db
        .insertInto('tickets')
        .values({
          id: args.id,
          number: null,
          customer_id: args.customerId,
          conversation_id: args.conversationId,
          order_id: args.orderId,
          title: args.title,
          description: args.description,
          category_id: args.categoryId,
          status: 'open',
          priority: args.priority,
          pool_level: args.poolLevel,
          escalation_level: 0,
          intent: args.intent,
          assignee_id: actor.userId,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          closed_at: null,
        })
        .execute();
      await recordEvent(ctx, args.id, args.eventId, { kind: 'created', to: 'open', note: args.title });
    },
  }),

  'ticket.update': defineMutator({
    args: withEvent({ ticketId: id, changes: ticketChanges }),
    writes: ['tickets', 'ticket_events'],
    async apply(ctx, args) {
      const ticket = await workableTicket(ctx.db, ctx.actor, args.ticketId);
      const current = await ctx.db
        .selectFrom('tickets')
        .select(['title', 'description', 'category_id', 'priority', 'pool_level', 'order_id'])
        .where('id', '=', args.ticketId)
        .executeTakeFirstOrThrow();
      const { changes } = args;
      // A ticket keeps a category retired since it was filed; only a new choice must be offered today.
      if (changes.categoryId !== undefined && changes.categoryId !== current.category_id) await assertCategory(ctx.db, changes.categoryId);
      if (changes.orderId !== undefined) await assertOrderOf(ctx.db, changes.orderId, ticket.customer_id);
      const fields = [
        ['title', 'title', changes.title],
        ['description', 'description', changes.description],
        ['category', 'category_id', changes.categoryId],
        ['priority', 'priority', changes.priority],
        ['pool_level', 'pool_level', changes.poolLevel],
        ['order', 'order_id', changes.orderId],
      ] as const;
      const set: Record<string, unknown> = {};
      for (const [name, column, value] of fields) {
        if (value === undefined || value === current[column]) continue;
        set[column] = value;
        await recordEvent(ctx, args.ticketId, `${args.eventId}:${name}`, { kind: `field:${name}`, from: current[column], to: value });
      }
      if (Object.keys(set).length === 0) throw new MutationRejected('errors:ticket.nothing_changed');
      await touch(ctx.db, args.ticketId, ctx.now, set);
    },
  }),

  'ticket.transition': defineMutator({
    args: withEvent({ ticketId: id, to: z.enum(TICKET_STATUSES), note }),
    writes: ['tickets', 'ticket_events', 'ticket_deadlines', 'ticket_alerts'],
    async apply(ctx, args) {
      const { db, now } = ctx;
      const ticket = await workableTicket(db, ctx.actor, args.ticketId, { closedOk: true });
      if (!canTransition(ticket.status, args.to)) throw new MutationRejected('errors:ticket.illegal_transition', `${ticket.status} → ${args.to}`);
      // 閉環: a ticket closes on the customer's word; without it the agent must say why (e.g. confirmed by phone).
      if (args.to === 'closed' && ticket.confirmed_at === null && args.note.length === 0) throw new MutationRejected('errors:ticket.close_needs_confirmation');
      const set: Record<string, unknown> = { status: args.to };
      if (args.to === 'awaiting_confirmation') Object.assign(set, { survey_requested_at: now, confirmed_at: null });
      if (args.to === 'closed') set.closed_at = now;
      if (ticket.status === 'closed') Object.assign(set, { closed_at: null, confirmed_at: null, survey_requested_at: null });
      await touch(db, args.ticketId, now, set);
      if (args.to === 'closed') await endObligations(db, args.ticketId, now, ctx.actor.userId, args.note || null);
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: 'status', from: ticket.status, to: args.to, note: args.note || null });
    },
  }),

  'ticket.diagnose': defineMutator({
    args: withEvent({ ticketId: id, diagnosis: diagnosisSchema }),
    writes: ['tickets', 'ticket_events'],
    async apply(ctx, args) {
      await workableTicket(ctx.db, ctx.actor, args.ticketId);
      const json = JSON.stringify(args.diagnosis);
      await touch(ctx.db, args.ticketId, ctx.now, { diagnosis: json });
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: 'diagnosis', to: json });
    },
  }),

  'ticket.escalate': defineMutator({
    args: withEvent({ ticketId: id, level: escalationTarget, reason }),
    writes: ['tickets', 'ticket_events'],
    async apply(ctx, args) {
      const ticket = await workableTicket(ctx.db, ctx.actor, args.ticketId);
      if (args.level <= ticket.escalation_level) throw new MutationRejected('errors:ticket.escalation_not_higher');
      const set: Record<string, unknown> = { escalation_level: args.level };
      if (args.level === 3) set.priority = 'urgent';
      await touch(ctx.db, args.ticketId, ctx.now, set);
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: 'escalation', from: ticket.escalation_level, to: args.level, note: args.reason });
    },
  }),

  /**
   * 轉交: the owner hands the ticket to a colleague or a supervisor (a supervisor or admin may
   * hand any ticket), with a note of the context. The ticket, its history and its clocks leave
   * the old owner's replica and enter the new one's by sync; warnings then reach the new owner.
   */
  'ticket.assign': defineMutator({
    args: withEvent({ ticketId: id, assigneeId: id, note: reason }),
    writes: ['tickets', 'ticket_events'],
    async apply(ctx, args) {
      const { db } = ctx;
      const ticket = await workableTicket(db, ctx.actor, args.ticketId);
      if (ticket.assignee_id === args.assigneeId) throw new MutationRejected('ticket-admin:errors.already_assignee');
      const target = await db.selectFrom('users').select('role').where('id', '=', args.assigneeId).executeTakeFirst();
      if (!target) throw new MutationRejected('ticket-admin:errors.assignee_not_found');
      if (!ASSIGNABLE_ROLES.includes(target.role)) throw new MutationRejected('ticket-admin:errors.assignee_not_allowed');
      await touch(db, args.ticketId, ctx.now, { assignee_id: args.assigneeId });
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: 'assignee', from: ticket.assignee_id, to: args.assigneeId, note: args.note });
    },
  }),

  'ticket.recordMilestone': defineMutator({
    args: withEvent({ ticketId: id, milestone: z.enum(MILESTONES), note: reason }),
    writes: ['tickets', 'ticket_events', 'ticket_deadlines', 'ticket_alerts'],
    async apply(ctx, args) {
      const { db, now } = ctx;
      await workableTicket(db, ctx.actor, args.ticketId);
      // Each clock says which milestone stops it, as the server's configuration had it when it started.
      await db
        .updateTable('ticket_deadlines')
        .set({ met_at: now, updated_at: now })
        .where('ticket_id', '=', args.ticketId)
        .where('met_at', 'is', null)
        .where('met_by', '=', args.milestone)
        .execute();
      if (args.milestone === 'customer_contacted') {
        await db.updateTable('ticket_alerts').set({ done_at: now, done_by: ctx.actor.userId, done_note: args.note }).where('ticket_id', '=', args.ticketId).where('done_at', 'is', null).execute();
      }
      await touch(db, args.ticketId, now);
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: `milestone:${args.milestone}`, note: args.note });
    },
  }),

  'alert.done': defineMutator({
    args: withEvent({ alertId: id, note: reason }),
    writes: ['tickets', 'ticket_events', 'ticket_deadlines', 'ticket_alerts'],
    async apply(ctx, args) {
      const { db, now } = ctx;
      const alert = await db.selectFrom('ticket_alerts').select(['ticket_id', 'done_at', 'rule']).where('id', '=', args.alertId).executeTakeFirst();
      if (!alert) throw new MutationRejected('errors:alert.not_found');
      await workableTicket(db, ctx.actor, alert.ticket_id);
      if (alert.done_at !== null) throw new MutationRejected('errors:alert.already_done');
      await db.updateTable('ticket_alerts').set({ done_at: now, done_by: ctx.actor.userId, done_note: args.note }).where('id', '=', args.alertId).execute();
      await db
        .updateTable('ticket_deadlines')
        .set({ met_at: now, updated_at: now })
        .where('ticket_id', '=', alert.ticket_id)
        .where('kind', '=', 'follow_up_contact')
        .where('met_at', 'is', null)
        .execute();
      await touch(db, alert.ticket_id, now);
      await recordEvent(ctx, alert.ticket_id, args.eventId, { kind: 'alert_done', to: alert.rule, note: args.note });
    },
  }),

  'approval.request': defineMutator({
    args: approvalRequestInput.extend({ id, eventId: id }),
    writes: ['tickets', 'ticket_events', 'approvals'],
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      const ticket = await workableTicket(db, actor, args.ticketId);
      if (args.orderId !== null) {
        const order = await db.selectFrom('orders').select(['customer_id', 'status', 'placed_at', 'updated_at']).where('id', '=', args.orderId).executeTakeFirst();
        if (!order || order.customer_id !== ticket.customer_id) throw new MutationRejected('errors:ticket.order_not_found');
        if (args.kind === 'refund' && checkRefund(order, now).verdict === 'not_refundable') throw new MutationRejected('errors:approval.not_refundable');
      }
      const within = args.amountFen <= (await authorityFen(db, actor, args.kind));
      await db
        .insertInto('approvals')
        .values({
          id: args.id,
          ticket_id: args.ticketId,
          kind: args.kind,
          amount_fen: args.amountFen,
          order_id: args.orderId,
          reason: args.reason,
          status: within ? 'approved' : 'pending',
          within_limit: within ? 1 : 0,
          requested_by: actor.userId,
          requested_at: now,
          decided_by: within ? actor.userId : null,
          decided_at: within ? now : null,
          decision_note: null,
        })
        .execute();
      await touch(db, args.ticketId, now);
      await recordEvent(ctx, args.ticketId, args.eventId, { kind: 'approval_requested', to: within ? 'approved' : 'pending', note: `${args.kind}:${args.amountFen}` });
    },
  }),

  'approval.decide': defineMutator({
    args: withEvent({ approvalId: id, decision: z.enum(['approved', 'rejected']), note }),
    writes: ['tickets', 'ticket_events', 'approvals'],
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      if (!isStaffLead(actor.role)) throw new MutationRejected('errors:approval.forbidden');
      const approval = await db.selectFrom('approvals').select(['ticket_id', 'status', 'kind', 'amount_fen', 'requested_by']).where('id', '=', args.approvalId).executeTakeFirst();
      if (!approval) throw new MutationRejected('errors:approval.not_found');
      if (approval.status !== 'pending') throw new MutationRejected('errors:approval.already_decided');
      if (args.decision === 'rejected' && args.note.length === 0) throw new MutationRejected('errors:approval.reason_required');
      if (args.decision === 'approved' && approval.amount_fen > (await authorityFen(db, actor, approval.kind))) throw new MutationRejected('errors:approval.over_your_limit');
      await db
        .updateTable('approvals')
        .set({ status: args.decision, decided_by: actor.userId, decided_at: now, decision_note: args.note || null })
        .where('id', '=', args.approvalId)
        .execute();
      await touch(db, approval.ticket_id, now);
      await recordEvent(ctx, approval.ticket_id, args.eventId, { kind: 'approval_decided', from: 'pending', to: args.decision, note: args.note || null });
    },
  }),

  /** Writes nothing: showing masked personal data is an action the audit trail must hold (SPEC §11). */
  'customer.reveal': defineMutator({
    args: z.object({ customerId: id, field: z.enum(REVEALABLE_FIELDS) }),
    writes: [],
    async apply({ db }, args) {
      const customer = await db.selectFrom('customers').select('id').where('id', '=', args.customerId).executeTakeFirst();
      if (!customer) throw new MutationRejected('errors:ticket.customer_not_found');
    },
  }),
};
