import { z } from 'zod';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../domain/enums';
import type { RefundCheck } from '../tickets/refund-rules';
import {
  APPROVAL_KINDS,
  MILESTONES,
  type AlertRule,
  type ApprovalKind,
  type ApprovalStatus,
  type DeadlineKind,
  type EscalationLevel,
  type Milestone,
  type PoolLevel,
} from '../tickets/process';
import { diagnosisSchema, type Diagnosis } from '../tickets/diagnosis';
import { command, query } from './channel';
import { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX } from './values';

/** Tickets and the service process as the console reads and drives them (SPEC §6, docs/tickets.md). */

const id = z.string().min(1).max(100);
const note = z.string().trim().max(2000);
const reason = z.string().trim().min(1, 'ticket.reason_required').max(2000);
export { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX } from './values';
/** 10 million yuan: beyond any real refund, small enough to catch a mistyped amount. */
export const MAX_AMOUNT_FEN = 1_000_000_000;
export const REVEALABLE_FIELDS = ['phone', 'id_number', 'address'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

export const poolLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export const escalationTarget = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const ticketCreateInput = z.object({
  customerId: id,
  conversationId: id.nullable().default(null),
  orderId: id.nullable().default(null),
  title: z.string().trim().min(1, 'ticket.title_required').max(TICKET_TITLE_MAX, 'ticket.title_too_long'),
  description: z.string().trim().max(TICKET_DESCRIPTION_MAX).default(''),
  categoryId: id.nullable().default(null),
  priority: z.enum(TICKET_PRIORITIES).default('normal'),
  poolLevel: poolLevel.default(1),
  intent: z.string().trim().max(100).nullable().default(null),
});

export const ticketChanges = z
  .object({
    title: z.string().trim().min(1, 'ticket.title_required').max(TICKET_TITLE_MAX, 'ticket.title_too_long'),
    description: z.string().trim().max(TICKET_DESCRIPTION_MAX),
    categoryId: id.nullable(),
    priority: z.enum(TICKET_PRIORITIES),
    poolLevel,
    orderId: id.nullable(),
  })
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'ticket.nothing_changed');

export const approvalRequestInput = z.object({
  ticketId: id,
  kind: z.enum(APPROVAL_KINDS),
  amountFen: z.number().int().positive('approval.amount_positive').max(MAX_AMOUNT_FEN, 'approval.amount_too_large'),
  orderId: id.nullable().default(null),
  reason,
});

export interface TicketCategoryNode {
  id: string;
  name: string;
  level: number;
  sort: number;
  /** Retired by an admin itself. */
  retired: boolean;
  /** New tickets may be filed here: neither it nor a level above it is retired. */
  active: boolean;
  children: TicketCategoryNode[];
}

/** The ticket a clock, approval or alert belongs to, as the lists of them show it. */
export interface TicketRef {
  ticketId: string;
  ticketNumber: string | null;
  ticketTitle: string;
}

/** A ticket reference with the ticket's owner: who has to act. */
export interface OwnedTicketRef extends TicketRef {
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface TicketDeadlineView extends OwnedTicketRef {
  id: string;
  kind: DeadlineKind;
  startedAt: string;
  dueAt: string;
  warnAt: string;
  warnedAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
  /** The milestone that stops this clock (the server's configuration when it started). */
  metBy: Milestone | null;
}

export interface ApprovalView extends TicketRef {
  id: string;
  kind: ApprovalKind;
  amountFen: number;
  orderId: string | null;
  orderNo: string | null;
  reason: string;
  status: ApprovalStatus;
  withinLimit: boolean;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** Not yet acknowledged by the server (written offline, or the push is on its way). */
  pending: boolean;
}

export interface TicketAlertView extends OwnedTicketRef {
  id: string;
  rule: AlertRule;
  raisedAt: string;
  contactDueAt: string;
  doneAt: string | null;
  doneByName: string | null;
  doneNote: string | null;
}

export interface TicketSummary {
  id: string;
  /** Null until the server has numbered a ticket created offline. */
  number: string | null;
  title: string;
  status: TicketStatus;
  priority: TicketPriority;
  poolLevel: PoolLevel;
  escalationLevel: EscalationLevel;
  customerId: string;
  customerName: string;
  conversationId: string | null;
  categoryPath: string[];
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: string;
  updatedAt: string;
  /** The earliest running clock, if any. */
  nextDueAt: string | null;
  breached: boolean;
  openAlerts: number;
  pendingApprovals: number;
  /** Local changes not yet acknowledged by the server. */
  pending: boolean;
}

export interface TicketEventView {
  id: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  createdAt: string;
}

export interface TicketOrderView {
  id: string;
  orderNo: string;
  status: string;
  amountFen: number;
  placedAt: string;
  refundCheck: RefundCheck;
}

export interface TicketDetail extends TicketSummary {
  description: string;
  categoryId: string | null;
  orderId: string | null;
  intent: string | null;
  diagnosis: Diagnosis;
  createdBy: string | null;
  surveyRequestedAt: string | null;
  confirmedAt: string | null;
  csatScore: number | null;
  npsScore: number | null;
  closedAt: string | null;
  events: TicketEventView[];
  deadlines: TicketDeadlineView[];
  approvals: ApprovalView[];
  alerts: TicketAlertView[];
  /** The customer's orders with the refund rule check of each (SPEC §6). */
  orders: TicketOrderView[];
  /** What the signed-in user may do: refunds and coupons up to these amounts without approval. */
  authorityFen: Record<ApprovalKind, number>;
  /** Rejected local changes of this ticket, with the server's reason. */
  rejections: { name: string; messageKey: string; createdAt: string }[];
}

/** What "create ticket" starts from when pressed in a chat. */
export interface TicketDraft {
  customerId: string;
  customerName: string;
  conversationId: string | null;
  title: string;
  intent: string | null;
  suggestedCategoryId: string | null;
  orderId: string | null;
  priority: TicketPriority;
}

export interface AuditEntryView {
  id: number;
  createdAt: string;
  actorKind: 'user' | 'customer' | 'channel' | 'system';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: string;
  outcome: 'applied' | 'rejected';
  messageKey: string | null;
}

export const AUDIT_SEARCH_MAX = 500;
export const auditSearchInput = z.object({
  /** Words matched against the action, the actor and the recorded detail. */
  text: z.string().trim().max(200).default(''),
  actorId: id.nullable().default(null),
  action: z.string().trim().max(100).nullable().default(null),
  entityId: id.nullable().default(null),
  from: z.iso.datetime().nullable().default(null),
  to: z.iso.datetime().nullable().default(null),
  limit: z.number().int().min(1).max(AUDIT_SEARCH_MAX).default(100),
});
export type AuditSearchInput = z.output<typeof auditSearchInput>;

const ticketTables = ['tickets', 'customers', 'users', 'ticket_categories', 'ticket_deadlines', 'approvals', 'ticket_alerts', 'outbox'] as const;

export const ticketChannels = {
  'ticket.list': query<TicketSummary[]>()(
    z.object({ statuses: z.array(z.enum(TICKET_STATUSES)).min(1).optional(), conversationId: id.optional() }).default({}),
    ticketTables,
  ),
  'ticket.get': query<TicketDetail>()(z.object({ ticketId: id }), [...ticketTables, 'ticket_events', 'orders', 'authority_limits']),
  'ticket.categories': query<TicketCategoryNode[]>()(z.object({}).default({}), ['ticket_categories']),
  /** From a chat (everything it says), or for a customer chosen by search (a phone note, an e-mail): no chat. */
  'ticket.draft': query<TicketDraft>()(z.union([z.object({ conversationId: id }), z.object({ customerId: id })]), ['conversations', 'customers', 'messages', 'orders', 'ticket_categories']),
  'ticket.create': command<{ id: string }>()(ticketCreateInput),
  'ticket.update': command<void>()(z.object({ ticketId: id, changes: ticketChanges })),
  'ticket.transition': command<void>()(z.object({ ticketId: id, to: z.enum(TICKET_STATUSES), note: note.default('') })),
  'ticket.diagnose': command<void>()(z.object({ ticketId: id, diagnosis: diagnosisSchema })),
  'ticket.escalate': command<void>()(z.object({ ticketId: id, level: escalationTarget, reason })),
  'ticket.recordMilestone': command<void>()(z.object({ ticketId: id, milestone: z.enum(MILESTONES), note: reason })),
  'approval.request': command<{ id: string }>()(approvalRequestInput),
  'approval.decide': command<void>()(z.object({ approvalId: id, decision: z.enum(['approved', 'rejected']), note: note.default('') })),
  'approval.list': query<ApprovalView[]>()(z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }).default({}), ['approvals', 'tickets', 'users', 'orders', 'outbox']),
  'alert.list': query<TicketAlertView[]>()(z.object({ open: z.boolean().default(true) }).default({ open: true }), ['ticket_alerts', 'tickets', 'users']),
  'alert.done': command<void>()(z.object({ alertId: id, note: reason })),
  'deadline.list': query<TicketDeadlineView[]>()(z.object({ attentionOnly: z.boolean().default(true) }).default({ attentionOnly: true }), ['ticket_deadlines', 'tickets', 'users']),
  'customer.reveal': command<{ value: string | null }>()(z.object({ customerId: id, field: z.enum(REVEALABLE_FIELDS) })),
  /** Asks the central server (the audit log lives only there); fails offline with errors:audit.offline. */
  'audit.search': query<AuditEntryView[]>()(auditSearchInput, []),
};
