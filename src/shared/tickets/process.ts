import type { Role, TicketStatus } from '../domain/enums';

/**
 * The service process of SPEC §6 as data: which state changes a ticket may make, which clocks
 * start when it enters a problem-pool level or an escalation level, and what stops each clock.
 * Mutators (client and server) and the server's clock pass read these; nothing else decides.
 */

/** 待處理 → 處理中 → 待確認 → 已關閉, back to 處理中 when the customer is not satisfied, reopen from 已關閉. */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['in_progress'],
  in_progress: ['awaiting_confirmation'],
  awaiting_confirmation: ['closed', 'in_progress'],
  closed: ['in_progress'],
};

export const canTransition = (from: TicketStatus, to: TicketStatus): boolean => TICKET_TRANSITIONS[from].includes(to);

/** Who a ticket is handed to: agents and supervisors (trainees practise in the sandbox; admins configure). */
export const ASSIGNABLE_ROLES: readonly Role[] = ['agent', 'supervisor'];

/** 三級問題池: L1 the agent answers; L2 merchant/QC with progress feedback; L3 technical ticket with a temporary solution. */
export const POOL_LEVELS = [1, 2, 3] as const;
export type PoolLevel = (typeof POOL_LEVELS)[number];

/** 升級: 0 none; 1 senior agent; 2 business department; 3 management (major complaint, media exposure). */
export const ESCALATION_LEVELS = [0, 1, 2, 3] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const DEADLINE_KINDS = [
  'pool_l2_feedback',
  'pool_l3_temporary_solution',
  'escalation_1_response',
  'escalation_2_feedback',
  'escalation_3_statement',
  'escalation_3_solution',
  'follow_up_contact',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** What the owner records to show a clock's promise was kept (ticket.recordMilestone). */
export const MILESTONES = ['progress_feedback', 'temporary_solution', 'escalation_response', 'public_statement', 'solution', 'customer_contacted'] as const;
export type Milestone = (typeof MILESTONES)[number];

export interface DeadlineRule {
  minutes: number;
  /** Which calendar counts the minutes: business hours, or every minute (media crises do not wait for Monday). */
  calendar: 'service' | 'always';
  /** The warning goes out when this share of the time has passed. */
  warnAt: number;
  /** Recorded on each clock as it starts (ticket_deadlines.met_by): the replica stops what the server configured. */
  metBy: Milestone;
}

export type DeadlineRules = Record<DeadlineKind, DeadlineRule>;

/** The standards' numbers (SPEC §6); a server may configure others. */
export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  pool_l2_feedback: { minutes: 120, calendar: 'service', warnAt: 0.75, metBy: 'progress_feedback' },
  pool_l3_temporary_solution: { minutes: 240, calendar: 'service', warnAt: 0.75, metBy: 'temporary_solution' },
  escalation_1_response: { minutes: 30, calendar: 'service', warnAt: 0.5, metBy: 'escalation_response' },
  escalation_2_feedback: { minutes: 120, calendar: 'service', warnAt: 0.75, metBy: 'progress_feedback' },
  escalation_3_statement: { minutes: 120, calendar: 'always', warnAt: 0.5, metBy: 'public_statement' },
  escalation_3_solution: { minutes: 48 * 60, calendar: 'always', warnAt: 0.75, metBy: 'solution' },
  follow_up_contact: { minutes: 60, calendar: 'always', warnAt: 0.5, metBy: 'customer_contacted' },
};

export const poolDeadlines = (level: PoolLevel): DeadlineKind[] =>
  level === 2 ? ['pool_l2_feedback'] : level === 3 ? ['pool_l3_temporary_solution'] : [];

export const escalationDeadlines = (level: EscalationLevel): DeadlineKind[] =>
  level === 1 ? ['escalation_1_response'] : level === 2 ? ['escalation_2_feedback'] : level === 3 ? ['escalation_3_statement', 'escalation_3_solution'] : [];

/** A deadline row's id is derived, so the server starts each clock once however often it is asked to. */
export const deadlineId = (ticketId: string, kind: DeadlineKind, occasion = ''): string => `${ticketId}:${kind}${occasion ? `:${occasion}` : ''}`;

/** 快速診斷's choices (the form and its schema: ./diagnosis.ts). */
export const ROOT_CAUSES = ['information_missing', 'operation_error', 'system_fault', 'external'] as const;
export const IMPACTS = ['single_user', 'several_users', 'many_users'] as const;
export const URGENCIES = ['low', 'medium', 'high'] as const;
export const RISKS = ['low', 'medium', 'high'] as const;

export const APPROVAL_KINDS = ['refund', 'coupon'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** 權限邊界 when no limit row says otherwise: refunds ≤ 100 yuan and coupons ≤ 20 yuan for agents (SPEC §6). */
export const DEFAULT_AUTHORITY_FEN: Readonly<Record<ApprovalKind, number>> = { refund: 100_00, coupon: 20_00 };

export const ALERT_RULES = ['refund_not_received', 'logistics_stalled'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface FollowUpRules {
  /** An approved refund whose ticket is still open this many days later. */
  refundOverdueDays: number;
  /** The ticket's order shipped but unchanged for this many hours. */
  logisticsStalledHours: number;
}

export const DEFAULT_FOLLOW_UP_RULES: FollowUpRules = { refundOverdueDays: 3, logisticsStalledHours: 48 };
