import type { SlaMissView } from '../contract/handoff';
import type { ApprovalView, TicketAlertView, TicketCategoryNode, TicketDeadlineView, TicketEventView } from '../contract/tickets';
import { CHANNELS, type TicketStatus } from '../domain/enums';
import type { RefundCheck } from '../tickets/refund-rules';
import { ALERT_RULES, APPROVAL_KINDS, DEADLINE_KINDS, MILESTONES, TICKET_TRANSITIONS, type ApprovalKind } from '../tickets/process';

/**
 * The console's reading of the service process (SPEC §6), kept free of React and i18next so it can
 * be tested as it is: which status buttons a ticket offers, how a clock stands, which route a
 * refund takes, how a history event reads, and which changes deserve a notice.
 *
 * Texts come back as phrases: an i18n key of the console namespace (or `namespace:key` of another)
 * with values that may be phrases themselves (a status inside "status changed"); the renderer
 * resolves them with its `t`.
 */
export interface Phrase {
  key: string;
  values?: Record<string, string | number | Phrase>;
}

const phrase = (key: string, values?: Phrase['values']): Phrase => (values ? { key, values } : { key });

export interface TransitionOption {
  to: TicketStatus;
  /** The label's key under ticket.transition: the action, which depends on where the ticket is. */
  action: string;
  /** Closing before the customer confirmed must say why (the history records it). */
  needsNote: boolean;
}

/** The status buttons of a ticket: exactly the state machine's legal moves, nothing else. */
export function transitionOptions(ticket: { status: TicketStatus; confirmedAt: string | null }): TransitionOption[] {
  return TICKET_TRANSITIONS[ticket.status].map((to) => ({
    to,
    action: `${ticket.status}_${to}`,
    needsNote: to === 'closed' && ticket.confirmedAt === null,
  }));
}

export type ClockLevel = 'met' | 'ok' | 'warned' | 'breached';

/**
 * Where a deadline stands at `now`. The server's clock pass stamps warnings and breaches; the
 * console also reads the times itself so the colour changes the second it is due, even offline.
 */
export function deadlineClock(deadline: Pick<TicketDeadlineView, 'dueAt' | 'warnAt' | 'warnedAt' | 'breachedAt' | 'metAt'>, now: number): { level: ClockLevel; remainingMs: number } {
  const remainingMs = Date.parse(deadline.dueAt) - now;
  if (deadline.metAt !== null) return { level: 'met', remainingMs };
  if (deadline.breachedAt !== null || remainingMs <= 0) return { level: 'breached', remainingMs };
  if (deadline.warnedAt !== null || now >= Date.parse(deadline.warnAt)) return { level: 'warned', remainingMs };
  return { level: 'ok', remainingMs };
}

/** Whether a request stays with the agent or goes to a supervisor (SPEC §6 權限邊界). */
export function approvalRoute(kind: ApprovalKind, amountFen: number, authorityFen: Record<ApprovalKind, number>): 'direct' | 'supervisor' {
  return amountFen <= authorityFen[kind] ? 'direct' : 'supervisor';
}

/** "12.50" → 1250; null for anything that is not a positive amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match?.[1]) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}

export function refundCheckPhrase(check: RefundCheck): Phrase {
  const key = `ticket.refundCheck.${check.reason}`;
  if (check.reason === 'within_no_reason_window') return phrase(key, { count: check.daysLeft });
  if (check.reason === 'outside_no_reason_window') return phrase(key, { count: check.daysSinceDelivery });
  return phrase(key);
}

/** The nodes from the top level down to `id`, or [] when the tree does not hold it. */
export function categoryTrail(tree: readonly TicketCategoryNode[], id: string | null): TicketCategoryNode[] {
  if (id === null) return [];
  for (const node of tree) {
    if (node.id === id) return [node];
    const below = categoryTrail(node.children, id);
    if (below.length > 0) return [node, ...below];
  }
  return [];
}

/**
 * What a category picker offers: the categories in use, and the path to the current choice even
 * where it is retired, so a ticket filed under a retired category still shows it (and keeps it).
 */
export function pickableTree(tree: readonly TicketCategoryNode[], keepId: string | null): TicketCategoryNode[] {
  const kept = new Set(categoryTrail(tree, keepId).map((node) => node.id));
  const prune = (nodes: readonly TicketCategoryNode[]): TicketCategoryNode[] =>
    nodes.filter((node) => node.active || kept.has(node.id)).map((node) => ({ ...node, children: prune(node.children) }));
  return prune(tree);
}

/** "訂單服務 › 物流問題 › 快遞丟失" for a category id, as the history and the lists show it. */
export function categoryLabel(tree: readonly TicketCategoryNode[], id: string | null): string | null {
  const trail = categoryTrail(tree, id);
  return trail.length > 0 ? trail.map((node) => node.name).join(' › ') : null;
}

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);
const STATUSES: readonly TicketStatus[] = Object.keys(TICKET_TRANSITIONS) as TicketStatus[];

/** A raw value of the history in words: statuses, levels and categories by name, else as written. */
function fieldValue(field: string, raw: string | null, lookup: EventLookup): string | Phrase {
  if (raw === null || raw === '') return phrase('ticket.event.empty');
  switch (field) {
    case 'category':
      return lookup.category(raw) ?? raw;
    case 'priority':
      return phrase(`ticketPriority.${raw}`);
    case 'pool_level':
      return phrase('ticket.poolLevel', { level: raw });
    case 'order':
      return lookup.order(raw) ?? raw;
    default:
      return raw;
  }
}

export interface EventLookup {
  /** Category id → its path, null when unknown (deleted, or not synced yet). */
  category(id: string): string | null;
  /** Order id → its order number. */
  order(id: string): string | null;
  /** User id → their display name, null when unknown. */
  user(id: string): string | null;
}


/** Kinds whose note is data the phrase already says in words, not a remark to show beside it. */
export const eventNoteShown = (kind: string): boolean => kind !== 'approval_requested' && kind !== 'created';

/**
 * One line of the full-chain history in words: who did it is shown beside it, so this says what
 * changed, before → after. Unknown kinds (a newer server) still read as something, never blank.
 */
export function ticketEventPhrase(event: Pick<TicketEventView, 'kind' | 'fromValue' | 'toValue' | 'note'>, lookup: EventLookup): Phrase {
  const { kind, fromValue, toValue } = event;
  if (kind.startsWith('field:')) {
    const field = kind.slice('field:'.length);
    if (field === 'description') return phrase('ticket.event.description');
    if (!['title', 'category', 'priority', 'pool_level', 'order'].includes(field)) return phrase('ticket.event.other', { kind });
    return phrase(`ticket.event.field.${field}`, { from: fieldValue(field, fromValue, lookup), to: fieldValue(field, toValue, lookup) });
  }
  if (kind.startsWith('milestone:')) {
    const milestone = kind.slice('milestone:'.length);
    return isOneOf(MILESTONES, milestone) ? phrase('ticket.event.milestone', { milestone: phrase(`ticket.milestone.${milestone}`) }) : phrase('ticket.event.other', { kind });
  }
  switch (kind) {
    case 'created':
    case 'diagnosis':
    case 'customer_confirmed':
    case 'customer_not_resolved':
      return phrase(`ticket.event.${kind}`);
    case 'alert_done':
      return isOneOf(ALERT_RULES, toValue) ? phrase('ticket.event.alert_done', { rule: phrase(`ticket.alertRule.${toValue}`) }) : phrase('ticket.event.alert_done_any');
    case 'survey_answer': {
      // Written by the server as "csat/nps", either left empty when the customer gave only the other.
      const [csat, nps] = (toValue ?? '').split('/');
      if (csat && nps) return phrase('ticket.event.survey_answer', { csat, nps });
      if (csat) return phrase('ticket-admin:event.survey_answer_csat', { csat });
      if (nps) return phrase('ticket-admin:event.survey_answer_nps', { nps });
      return phrase('ticket.event.survey_answer_any');
    }
    case 'survey_sent':
      return isOneOf(CHANNELS, toValue) ? phrase('ticket-admin:event.survey_sent', { channel: phrase(`common:channel.${toValue}`) }) : phrase('ticket-admin:event.survey_sent_any');
    case 'status':
      if (isOneOf(STATUSES, toValue)) {
        const to = phrase(`ticketStatus.${toValue}`);
        return isOneOf(STATUSES, fromValue) ? phrase('ticket.event.status', { from: phrase(`ticketStatus.${fromValue}`), to }) : phrase('ticket.event.statusNew', { to });
      }
      break;
    case 'escalation':
      return phrase('ticket.event.escalation', { from: fromValue ?? '0', to: toValue ?? '?' });
    case 'approval_requested': {
      // The note is "kind:amountFen"; the value says whether it was within the requester's authority.
      const [requested, fen] = (event.note ?? '').split(':');
      const route = toValue === 'approved' ? 'approval_granted' : 'approval_requested';
      return isOneOf(APPROVAL_KINDS, requested ?? null) && fen !== undefined && /^\d+$/.test(fen)
        ? phrase(`ticket.event.${route}`, { kind: phrase(`ticket.approvalKind.${requested}`), amount: (Number(fen) / 100).toFixed(2) })
        : phrase('ticket.event.approval_requested_any');
    }
    case 'approval_decided':
      return toValue === 'approved' || toValue === 'rejected' ? phrase(`ticket.event.approval_${toValue}`) : phrase('ticket.event.approval_decided');
    case 'assignee': {
      const name = (id: string | null) => (id === null ? phrase('ticket.event.empty') : (lookup.user(id) ?? id));
      return fromValue === null ? phrase('ticket.event.assignee', { to: name(toValue) }) : phrase('ticket-admin:event.transferred', { from: name(fromValue), to: name(toValue) });
    }
    case 'deadline_warning':
    case 'deadline_breached':
      return isOneOf(DEADLINE_KINDS, toValue) ? phrase(`ticket.event.${kind}`, { deadline: phrase(`ticket.deadline.${toValue}`) }) : phrase(`ticket.event.${kind}_any`);
    case 'alert_raised':
      return isOneOf(ALERT_RULES, toValue)
        ? phrase('ticket.event.alert_raised', { rule: phrase(`ticket.alertRule.${toValue}`) })
        : phrase('ticket.event.alert_raised_any');
  }
  return phrase('ticket.event.other', { kind });
}

/** What the console watches for notices: the process views it already holds. */
export interface ProcessSnapshot {
  approvals: readonly ApprovalView[];
  deadlines: readonly TicketDeadlineView[];
  alerts: readonly TicketAlertView[];
  /** Chats' first responses missed past the SLA (supervisors hear of each). */
  slaMisses?: readonly SlaMissView[];
}

export type ProcessNotice =
  | { kind: 'approvalDecided'; approval: ApprovalView }
  | { kind: 'approvalRequested'; approval: ApprovalView }
  | { kind: 'deadlineWarned' | 'deadlineBreached'; deadline: TicketDeadlineView }
  | { kind: 'alertRaised'; alert: TicketAlertView }
  | { kind: 'slaMissed'; miss: SlaMissView };

/**
 * What changed between two snapshots that the signed-in user must hear about: the decision on
 * their own request, a clock of theirs turning amber or red, a follow-up alert on their ticket,
 * and — for supervisors, who decide approvals — a new request and a chat whose first response was
 * missed. The first snapshot is the state on arrival, not news, so it says nothing.
 */
export function processNotices(previous: ProcessSnapshot | null, next: ProcessSnapshot, me: { id: string; decidesApprovals: boolean }): ProcessNotice[] {
  if (previous === null) return [];
  const notices: ProcessNotice[] = [];
  const approvalsBefore = new Map(previous.approvals.map((a) => [a.id, a]));
  for (const approval of next.approvals) {
    const before = approvalsBefore.get(approval.id);
    if (approval.requestedBy === me.id && approval.status !== 'pending' && before?.status !== approval.status) notices.push({ kind: 'approvalDecided', approval });
    if (me.decidesApprovals && approval.requestedBy !== me.id && approval.status === 'pending' && !before) notices.push({ kind: 'approvalRequested', approval });
  }
  const deadlinesBefore = new Map(previous.deadlines.map((d) => [d.id, d]));
  for (const deadline of next.deadlines) {
    if (deadline.assigneeId !== me.id || deadline.metAt !== null) continue;
    const before = deadlinesBefore.get(deadline.id);
    if (deadline.breachedAt !== null && !before?.breachedAt) notices.push({ kind: 'deadlineBreached', deadline });
    else if (deadline.warnedAt !== null && deadline.breachedAt === null && !before?.warnedAt) notices.push({ kind: 'deadlineWarned', deadline });
  }
  const alertsBefore = new Set(previous.alerts.map((a) => a.id));
  for (const alert of next.alerts) {
    if (alert.assigneeId === me.id && alert.doneAt === null && !alertsBefore.has(alert.id)) notices.push({ kind: 'alertRaised', alert });
  }
  const missesBefore = new Set((previous.slaMisses ?? []).map((m) => m.id));
  if (me.decidesApprovals) for (const miss of next.slaMisses ?? []) if (!missesBefore.has(miss.id)) notices.push({ kind: 'slaMissed', miss });
  return notices;
}

/** A countdown as days and h:mm:ss of what is left (or, once due, of how long it is overdue). */
export function countdownParts(remainingMs: number): { overdue: boolean; days: number; time: string } {
  const seconds = Math.floor(Math.abs(remainingMs) / 1000);
  const days = Math.floor(seconds / 86_400);
  const rest = seconds % 86_400;
  const two = (n: number) => String(n).padStart(2, '0');
  return { overdue: remainingMs < 0, days, time: `${Math.floor(rest / 3600)}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}` };
}
