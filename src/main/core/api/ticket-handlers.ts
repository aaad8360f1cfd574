import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import {
  ApiError,
  type ApiHandlers,
  type ApprovalView,
  type AuditEntryView,
  type TicketAlertView,
  type TicketCategoryNode,
  type TicketDeadlineView,
  type OwnedTicketRef,
  type TicketRef,
  type TicketSummary,
} from '../../../shared/contract';
import type { DomainTables, ReplicaDatabase } from '../../../shared/db/replica-schema';
import type { MutationActor } from '../../../shared/mutations';
import { authorityFen } from '../../../shared/mutations/ticket-mutations';
import { SYNC_PATHS } from '../../../shared/sync/protocol';
import { categoryForIntent, detectIntent } from '../../../shared/tickets/intent';
import { parseStoredDiagnosis } from '../../../shared/tickets/diagnosis';
import type { AlertRule, DeadlineKind, EscalationLevel, PoolLevel } from '../../../shared/tickets/process';
import { categoryInUse } from '../../../shared/tickets/categories';
import { checkRefund } from '../../../shared/tickets/refund-rules';
import { localMutator, type HandlerContext } from './context';

type TicketHandlers = Pick<
  ApiHandlers,
  | 'ticket.list'
  | 'ticket.get'
  | 'ticket.categories'
  | 'ticket.draft'
  | 'ticket.create'
  | 'ticket.update'
  | 'ticket.transition'
  | 'ticket.diagnose'
  | 'ticket.escalate'
  | 'ticket.recordMilestone'
  | 'approval.request'
  | 'approval.decide'
  | 'approval.list'
  | 'alert.list'
  | 'alert.done'
  | 'deadline.list'
  | 'customer.reveal'
  | 'audit.search'
>;

type Db = Kysely<ReplicaDatabase>;
const seesAll = (actor: MutationActor) => actor.role === 'supervisor' || actor.role === 'admin';

/** Local changes not yet acknowledged, by the ticket they concern (the outbox holds them as JSON). */
const pendingForTicket = (ticketRef: string) =>
  sql<number>`exists (select 1 from outbox o where o.status = 'pending' and (json_extract(o.args, '$.ticketId') = ${sql.ref(ticketRef)}
    or (o.name = 'ticket.create' and json_extract(o.args, '$.id') = ${sql.ref(ticketRef)})))`;

async function categoryPaths(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('ticket_categories').select(['id', 'parent_id', 'name']).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<string, string[]>();
  for (const row of rows) {
    const path: string[] = [];
    for (let node: typeof row | undefined = row; node && path.length < 3; node = node.parent_id ? byId.get(node.parent_id) : undefined) path.unshift(node.name);
    paths.set(row.id, path);
  }
  return paths;
}

function ticketSummaries(db: Db) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('customers as cu', 'cu.id', 't.customer_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .select([
      't.id',
      't.number',
      't.title',
      't.status',
      't.priority',
      't.pool_level',
      't.escalation_level',
      't.customer_id',
      'cu.name as customer_name',
      't.conversation_id',
      't.category_id',
      't.assignee_id',
      'u.display_name as assignee_name',
      't.created_at',
      't.updated_at',
      sql<string | null>`(select min(d.due_at) from ticket_deadlines d where d.ticket_id = t.id and d.met_at is null)`.as('next_due_at'),
      sql<number>`exists (select 1 from ticket_deadlines d where d.ticket_id = t.id and d.met_at is null and d.breached_at is not null)`.as('breached'),
      sql<number>`(select count(*) from ticket_alerts a where a.ticket_id = t.id and a.done_at is null)`.as('open_alerts'),
      sql<number>`(select count(*) from approvals a where a.ticket_id = t.id and a.status = 'pending')`.as('pending_approvals'),
      pendingForTicket('t.id').as('pending'),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof ticketSummaries>['execute']>>[number];

const toSummary = (r: SummaryRow, paths: Map<string, string[]>): TicketSummary => ({
  id: r.id,
  number: r.number,
  title: r.title,
  status: r.status,
  priority: r.priority,
  poolLevel: r.pool_level as PoolLevel,
  escalationLevel: r.escalation_level as EscalationLevel,
  customerId: r.customer_id,
  customerName: r.customer_name,
  conversationId: r.conversation_id,
  categoryPath: r.category_id ? (paths.get(r.category_id) ?? []) : [],
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  nextDueAt: r.next_due_at,
  breached: Boolean(r.breached),
  openAlerts: Number(r.open_alerts),
  pendingApprovals: Number(r.pending_approvals),
  pending: Boolean(r.pending),
});

/** Joined as `t` (the ticket) and `u` (its owner) by the lists of clocks and alerts. */
const OWNED_TICKET_COLUMNS = ['t.number as ticket_number', 't.title as ticket_title', 't.assignee_id', 'u.display_name as assignee_name'] as const;

const ticketRef = (r: { ticket_id: string; ticket_number: string | null; ticket_title: string }): TicketRef => ({
  ticketId: r.ticket_id,
  ticketNumber: r.ticket_number,
  ticketTitle: r.ticket_title,
});

const ownedTicketRef = (r: { ticket_id: string; ticket_number: string | null; ticket_title: string; assignee_id: string | null; assignee_name: string | null }): OwnedTicketRef => ({
  ...ticketRef(r),
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
});

async function approvalViews(db: Db, where: { ticketId?: string; status?: ApprovalView['status']; requestedBy?: string | null }): Promise<ApprovalView[]> {
  const rows = await db
    .selectFrom('approvals as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .leftJoin('users as r', 'r.id', 'a.requested_by')
    .leftJoin('users as d', 'd.id', 'a.decided_by')
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .selectAll('a')
    .select([
      't.number as ticket_number',
      't.title as ticket_title',
      'r.display_name as requested_by_name',
      'd.display_name as decided_by_name',
      'o.order_no',
      sql<number>`exists (select 1 from outbox ob where ob.status = 'pending' and (json_extract(ob.args, '$.approvalId') = a.id
        or (ob.name = 'approval.request' and json_extract(ob.args, '$.id') = a.id)))`.as('pending'),
    ])
    .$if(where.ticketId !== undefined, (qb) => qb.where('a.ticket_id', '=', where.ticketId ?? ''))
    .$if(where.status !== undefined, (qb) => qb.where('a.status', '=', where.status ?? 'pending'))
    .$if(typeof where.requestedBy === 'string', (qb) => qb.where('t.assignee_id', '=', where.requestedBy ?? ''))
    .orderBy('a.requested_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ...ticketRef(r),
    kind: r.kind,
    amountFen: r.amount_fen,
    orderId: r.order_id,
    orderNo: r.order_no,
    reason: r.reason,
    status: r.status,
    withinLimit: r.within_limit === 1,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    pending: Boolean(r.pending),
  }));
}

async function deadlineViews(db: Db, where: { ticketId?: string; assigneeId?: string | null; attentionOnly?: boolean }): Promise<TicketDeadlineView[]> {
  const rows = await db
    .selectFrom('ticket_deadlines as d')
    .innerJoin('tickets as t', 't.id', 'd.ticket_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .selectAll('d')
    .select(OWNED_TICKET_COLUMNS)
    .$if(where.ticketId !== undefined, (qb) => qb.where('d.ticket_id', '=', where.ticketId ?? ''))
    .$if(typeof where.assigneeId === 'string', (qb) => qb.where('t.assignee_id', '=', where.assigneeId ?? ''))
    .$if(where.attentionOnly === true, (qb) => qb.where('d.met_at', 'is', null).where('d.warned_at', 'is not', null).where('t.status', '<>', 'closed'))
    .orderBy('d.due_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ...ownedTicketRef(r),
    kind: r.kind as DeadlineKind,
    startedAt: r.started_at,
    dueAt: r.due_at,
    warnAt: r.warn_at,
    warnedAt: r.warned_at,
    breachedAt: r.breached_at,
    metAt: r.met_at,
    metBy: r.met_by,
  }));
}

async function alertViews(db: Db, where: { ticketId?: string; assigneeId?: string | null; openOnly: boolean }): Promise<TicketAlertView[]> {
  const rows = await db
    .selectFrom('ticket_alerts as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .leftJoin('users as u', 'u.id', 't.assignee_id')
    .leftJoin('users as b', 'b.id', 'a.done_by')
    .selectAll('a')
    .select([...OWNED_TICKET_COLUMNS, 'b.display_name as done_by_name'])
    .$if(where.ticketId !== undefined, (qb) => qb.where('a.ticket_id', '=', where.ticketId ?? ''))
    .$if(typeof where.assigneeId === 'string', (qb) => qb.where('t.assignee_id', '=', where.assigneeId ?? ''))
    .$if(where.openOnly, (qb) => qb.where('a.done_at', 'is', null))
    .orderBy('a.raised_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    ...ownedTicketRef(r),
    rule: r.rule as AlertRule,
    raisedAt: r.raised_at,
    contactDueAt: r.contact_due_at,
    doneAt: r.done_at,
    doneByName: r.done_by_name,
    doneNote: r.done_note,
  }));
}

export function ticketHandlers(ctx: HandlerContext): TicketHandlers {
  const { db } = ctx;
  const mutate = localMutator(ctx);
  const domainDb = db as unknown as Kysely<DomainTables>;
  const now = () => ctx.clock.now().toISOString();

  return {
    async 'ticket.list'({ statuses, conversationId }) {
      const actor = await ctx.actor();
      const [rows, paths] = await Promise.all([
        ticketSummaries(db)
          .$if(conversationId !== undefined, (qb) => qb.where('t.conversation_id', '=', conversationId ?? ''))
          .$if(conversationId === undefined && !seesAll(actor), (qb) => qb.where('t.assignee_id', '=', actor.userId))
          .$if(statuses !== undefined, (qb) => qb.where('t.status', 'in', statuses ?? []))
          // Open work first, the most urgent clock on top, then the newest.
          .orderBy(sql`case t.status when 'closed' then 1 else 0 end`)
          .orderBy(sql`next_due_at is null`)
          .orderBy('next_due_at')
          .orderBy('t.updated_at', 'desc')
          .execute(),
        categoryPaths(db),
      ]);
      return rows.map((r) => toSummary(r, paths));
    },

    async 'ticket.get'({ ticketId }) {
      const actor = await ctx.actor();
      const row = await ticketSummaries(db)
        .select(['t.description', 't.category_id', 't.order_id', 't.intent', 't.diagnosis', 't.created_by', 't.survey_requested_at', 't.confirmed_at', 't.csat_score', 't.nps_score', 't.closed_at'])
        .where('t.id', '=', ticketId)
        .executeTakeFirst();
      if (!row) throw new ApiError({ code: 'not_found', messageKey: 'errors:ticket.not_found' });
      const nowIso = now();
      const [paths, events, deadlines, approvals, alerts, orders, rejections, refund, coupon] = await Promise.all([
        categoryPaths(db),
        db
          .selectFrom('ticket_events as e')
          .leftJoin('users as u', 'u.id', 'e.actor_id')
          .select(['e.id', 'e.kind', 'e.actor_id', 'u.display_name', 'e.from_value', 'e.to_value', 'e.note', 'e.created_at'])
          .where('e.ticket_id', '=', ticketId)
          .orderBy('e.created_at')
          .orderBy('e.id')
          .execute(),
        deadlineViews(db, { ticketId }),
        approvalViews(db, { ticketId }),
        alertViews(db, { ticketId, openOnly: false }),
        db.selectFrom('orders').selectAll().where('customer_id', '=', row.customer_id).orderBy('placed_at', 'desc').execute(),
        db
          .selectFrom('outbox')
          .select(['name', 'error', 'created_at'])
          .where('status', '=', 'rejected')
          .where((eb) => eb.or([eb(sql`json_extract(args, '$.ticketId')`, '=', ticketId), eb.and([eb('name', '=', 'ticket.create'), eb(sql`json_extract(args, '$.id')`, '=', ticketId)])]))
          .orderBy('seq')
          .execute(),
        authorityFen(domainDb, actor, 'refund'),
        authorityFen(domainDb, actor, 'coupon'),
      ]);
      return {
        ...toSummary(row, paths),
        description: row.description,
        categoryId: row.category_id,
        orderId: row.order_id,
        intent: row.intent,
        diagnosis: parseStoredDiagnosis(row.diagnosis),
        createdBy: row.created_by,
        surveyRequestedAt: row.survey_requested_at,
        confirmedAt: row.confirmed_at,
        csatScore: row.csat_score,
        npsScore: row.nps_score,
        closedAt: row.closed_at,
        events: events.map((e) => ({ id: e.id, kind: e.kind, actorId: e.actor_id, actorName: e.display_name, fromValue: e.from_value, toValue: e.to_value, note: e.note, createdAt: e.created_at })),
        deadlines,
        approvals,
        alerts,
        orders: orders.map((o) => ({ id: o.id, orderNo: o.order_no, status: o.status, amountFen: o.amount_fen, placedAt: o.placed_at, refundCheck: checkRefund(o, nowIso) })),
        authorityFen: { refund, coupon },
        rejections: rejections.map((r) => ({ name: r.name, messageKey: r.error ?? 'errors:mutation.rejected', createdAt: r.created_at })),
      };
    },

    async 'ticket.categories'() {
      const rows = await db.selectFrom('ticket_categories').selectAll().orderBy('level').orderBy('sort').orderBy('name').execute();
      const nodes = new Map<string, TicketCategoryNode>(
        rows.map((r) => [r.id, { id: r.id, name: r.name, level: r.level, sort: r.sort, retired: r.retired_at !== null, active: categoryInUse(rows, r.id), children: [] }]),
      );
      const roots: TicketCategoryNode[] = [];
      for (const row of rows) {
        const node = nodes.get(row.id);
        if (!node) continue;
        const parent = row.parent_id ? nodes.get(row.parent_id) : undefined;
        if (parent) parent.children.push(node);
        else roots.push(node);
      }
      return roots;
    },

    async 'ticket.draft'(input) {
      if ('customerId' in input) {
        const customer = await db.selectFrom('customers').select(['id', 'name']).where('id', '=', input.customerId).executeTakeFirst();
        if (!customer) throw new ApiError({ code: 'not_found', messageKey: 'errors:ticket.customer_not_found' });
        const order = await db.selectFrom('orders').select('id').where('customer_id', '=', customer.id).orderBy('placed_at', 'desc').executeTakeFirst();
        // A phone note or an e-mail: the agent says what it is about; nothing is guessed.
        return { customerId: customer.id, customerName: customer.name, conversationId: null, title: '', intent: null, suggestedCategoryId: null, orderId: order?.id ?? null, priority: 'normal' };
      }
      const { conversationId } = input;
      const conversation = await db
        .selectFrom('conversations as c')
        .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['c.id', 'c.customer_id', 'cu.name', 'c.subject', 'c.priority'])
        .where('c.id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      const [messages, categories, order] = await Promise.all([
        db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('sender_kind', '=', 'customer').orderBy('created_at').execute(),
        db.selectFrom('ticket_categories').select(['id', 'parent_id', 'name', 'retired_at']).execute(),
        db.selectFrom('orders').select('id').where('customer_id', '=', conversation.customer_id).orderBy('placed_at', 'desc').executeTakeFirst(),
      ]);
      const intent = detectIntent(messages.map((m) => m.body));
      return {
        customerId: conversation.customer_id,
        customerName: conversation.name,
        conversationId,
        title: conversation.subject,
        intent,
        // A retired category is never suggested for a new ticket.
        suggestedCategoryId: categoryForIntent(intent, categories.filter((c) => categoryInUse(categories, c.id))),
        orderId: order?.id ?? null,
        // Routing's urgent (賬號被盜) and high carry over; everything else starts normal.
        priority: conversation.priority >= 2 ? 'urgent' : conversation.priority === 1 ? 'high' : 'normal',
      };
    },

    async 'ticket.create'(input) {
      const id = uuidv7();
      await mutate('ticket.create', { ...input, id, eventId: uuidv7() });
      return { id };
    },
    async 'ticket.update'({ ticketId, changes }) {
      await mutate('ticket.update', { ticketId, changes, eventId: uuidv7() });
    },
    async 'ticket.transition'({ ticketId, to, note }) {
      await mutate('ticket.transition', { ticketId, to, note, eventId: uuidv7() });
    },
    async 'ticket.diagnose'({ ticketId, diagnosis }) {
      await mutate('ticket.diagnose', { ticketId, diagnosis, eventId: uuidv7() });
    },
    async 'ticket.escalate'({ ticketId, level, reason }) {
      await mutate('ticket.escalate', { ticketId, level, reason, eventId: uuidv7() });
    },
    async 'ticket.recordMilestone'({ ticketId, milestone, note }) {
      await mutate('ticket.recordMilestone', { ticketId, milestone, note, eventId: uuidv7() });
    },

    async 'approval.request'(input) {
      const id = uuidv7();
      await mutate('approval.request', { ...input, id, eventId: uuidv7() });
      return { id };
    },
    async 'approval.decide'({ approvalId, decision, note }) {
      await mutate('approval.decide', { approvalId, decision, note, eventId: uuidv7() });
    },
    async 'approval.list'({ status }) {
      const actor = await ctx.actor();
      return approvalViews(db, { status, requestedBy: seesAll(actor) ? null : actor.userId });
    },

    async 'alert.list'({ open }) {
      const actor = await ctx.actor();
      return alertViews(db, { assigneeId: seesAll(actor) ? null : actor.userId, openOnly: open });
    },
    async 'alert.done'({ alertId, note }) {
      await mutate('alert.done', { alertId, note, eventId: uuidv7() });
    },
    async 'deadline.list'({ attentionOnly }) {
      const actor = await ctx.actor();
      return deadlineViews(db, { assigneeId: seesAll(actor) ? null : actor.userId, attentionOnly });
    },

    async 'customer.reveal'({ customerId, field }) {
      const customer = await db.selectFrom('customers').select(['phone', 'id_number', 'address']).where('id', '=', customerId).executeTakeFirst();
      if (!customer) throw new ApiError({ code: 'not_found', messageKey: 'errors:ticket.customer_not_found' });
      // Queued like any change: the reveal reaches the server's audit trail even if made offline.
      await mutate('customer.reveal', { customerId, field });
      return { value: customer[field] };
    },

    async 'audit.search'(input) {
      const actor = await ctx.actor();
      if (!seesAll(actor)) throw new ApiError({ code: 'rejected', messageKey: 'errors:audit.forbidden' });
      if (!ctx.serverRequest) throw new ApiError({ code: 'rejected', messageKey: 'errors:audit.offline' });
      try {
        return await ctx.serverRequest<AuditEntryView[]>(SYNC_PATHS.auditSearch, input);
      } catch (error) {
        const status = (error as { status?: unknown } | null)?.status;
        if (status === 403) throw new ApiError({ code: 'rejected', messageKey: 'errors:audit.forbidden' });
        throw new ApiError({ code: 'rejected', messageKey: 'errors:audit.offline', detail: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
