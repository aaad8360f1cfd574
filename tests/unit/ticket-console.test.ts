import { describe, expect, it } from 'vitest';
import {
  approvalRoute,
  categoryLabel,
  categoryTrail,
  pickableTree,
  countdownParts,
  deadlineClock,
  parseYuan,
  processNotices,
  transitionOptions,
  type ProcessSnapshot,
} from '../../src/shared/console/tickets';
import type { ApprovalView, TicketAlertView, TicketCategoryNode, TicketDeadlineView } from '../../src/shared/contract/tickets';
import { TICKET_STATUSES } from '../../src/shared/domain/enums';
import { DEFAULT_AUTHORITY_FEN } from '../../src/shared/tickets/process';

describe('ticket status buttons', () => {
  it('offer exactly the legal moves of the service process', () => {
    expect(transitionOptions({ status: 'open', confirmedAt: null }).map((o) => o.to)).toEqual(['in_progress']);
    expect(transitionOptions({ status: 'in_progress', confirmedAt: null }).map((o) => o.to)).toEqual(['awaiting_confirmation']);
    expect(transitionOptions({ status: 'awaiting_confirmation', confirmedAt: null }).map((o) => o.to).sort()).toEqual(['closed', 'in_progress']);
    expect(transitionOptions({ status: 'closed', confirmedAt: null }).map((o) => o.action)).toEqual(['closed_in_progress']);
    for (const status of TICKET_STATUSES) expect(transitionOptions({ status, confirmedAt: null }).every((o) => o.to !== status)).toBe(true);
  });

  it('ask for a note only when closing before the customer confirmed', () => {
    const close = (confirmedAt: string | null) => transitionOptions({ status: 'awaiting_confirmation', confirmedAt }).find((o) => o.to === 'closed');
    expect(close(null)?.needsNote).toBe(true);
    expect(close('2025-03-01T10:00:00.000Z')?.needsNote).toBe(false);
    expect(transitionOptions({ status: 'awaiting_confirmation', confirmedAt: null }).find((o) => o.to === 'in_progress')?.needsNote).toBe(false);
  });
});

describe('deadline clocks', () => {
  const start = Date.parse('2025-03-03T09:00:00.000Z');
  const clock = (extra: Partial<TicketDeadlineView> = {}) => ({
    dueAt: '2025-03-03T11:00:00.000Z',
    warnAt: '2025-03-03T10:30:00.000Z',
    warnedAt: null,
    breachedAt: null,
    metAt: null,
    ...extra,
  });

  it('turn amber at the warning time and red when due, even before the server says so', () => {
    expect(deadlineClock(clock(), start)).toEqual({ level: 'ok', remainingMs: 2 * 3600_000 });
    expect(deadlineClock(clock(), Date.parse('2025-03-03T10:30:00.000Z')).level).toBe('warned');
    expect(deadlineClock(clock(), Date.parse('2025-03-03T11:00:00.000Z')).level).toBe('breached');
  });

  it('follow the server’s stamps and stop once met', () => {
    expect(deadlineClock(clock({ warnedAt: '2025-03-03T09:10:00.000Z' }), start).level).toBe('warned');
    expect(deadlineClock(clock({ breachedAt: '2025-03-03T09:10:00.000Z' }), start).level).toBe('breached');
    expect(deadlineClock(clock({ breachedAt: '2025-03-03T11:00:00.000Z', metAt: '2025-03-03T11:05:00.000Z' }), start).level).toBe('met');
  });

  it('count down as days and h:mm:ss, and up once overdue', () => {
    expect(countdownParts(3_725_000)).toEqual({ overdue: false, days: 0, time: '1:02:05' });
    expect(countdownParts(-65_000)).toEqual({ overdue: true, days: 0, time: '0:01:05' });
    expect(countdownParts(48 * 3600_000 - 1000)).toEqual({ overdue: false, days: 1, time: '23:59:59' });
  });
});

describe('refund authority', () => {
  it('sends a refund above 100 yuan to a supervisor and keeps one at 100 yuan with the agent', () => {
    expect(approvalRoute('refund', 100_00, DEFAULT_AUTHORITY_FEN)).toBe('direct');
    expect(approvalRoute('refund', 100_01, DEFAULT_AUTHORITY_FEN)).toBe('supervisor');
    expect(approvalRoute('coupon', 30_00, DEFAULT_AUTHORITY_FEN)).toBe('supervisor');
    expect(approvalRoute('coupon', 30_00, { refund: 0, coupon: 50_00 })).toBe('direct');
  });

  it('reads amounts typed in yuan', () => {
    expect(parseYuan('150')).toBe(150_00);
    expect(parseYuan(' 19.9 ')).toBe(19_90);
    expect(parseYuan('0.05')).toBe(5);
    for (const bad of ['', '0', '-5', '1.234', 'abc', '1e3']) expect(parseYuan(bad), bad).toBeNull();
  });
});

describe('categories', () => {
  const node = (id: string, name: string, level: number, children: TicketCategoryNode[] = [], retired = false, active = !retired): TicketCategoryNode => ({ id, name, level, sort: 0, retired, active, children });
  const tree: TicketCategoryNode[] = [
    node('order', '訂單服務', 1, [node('logistics', '物流問題', 2, [node('lost', '快遞丟失', 3), node('late', '派送延誤', 3, [], true)])]),
    node('tech', '技術支持', 1, [node('app', 'APP故障', 2, [node('crash', '閃退', 3, [], false, false)])], true),
  ];

  it('find the path from the top to a category', () => {
    expect(categoryTrail(tree, 'lost').map((n) => n.id)).toEqual(['order', 'logistics', 'lost']);
    expect(categoryTrail(tree, 'missing')).toEqual([]);
    expect(categoryLabel(tree, 'lost')).toBe('訂單服務 › 物流問題 › 快遞丟失');
    expect(categoryLabel(tree, null)).toBeNull();
  });

  it('offer only categories in use to choose from, but keep a ticket’s retired one where it is', () => {
    const ids = (nodes: TicketCategoryNode[]): string[] => nodes.flatMap((n) => [n.id, ...ids(n.children)]);
    expect(ids(pickableTree(tree, null))).toEqual(['order', 'logistics', 'lost']);
    expect(ids(pickableTree(tree, 'crash'))).toEqual(['order', 'logistics', 'lost', 'tech', 'app', 'crash']);
    expect(ids(pickableTree(tree, 'late'))).toEqual(['order', 'logistics', 'lost', 'late']);
  });
});

describe('process notices', () => {
  const approval = (extra: Partial<ApprovalView>): ApprovalView => ({
    id: 'a1',
    ticketId: 't1',
    ticketNumber: 'T-1',
    ticketTitle: '快遞丟失',
    kind: 'refund',
    amountFen: 150_00,
    orderId: null,
    orderNo: null,
    reason: '丟件',
    status: 'pending',
    withinLimit: false,
    requestedBy: 'agent',
    requestedByName: '李婷',
    requestedAt: '2025-03-03T09:00:00.000Z',
    decidedBy: null,
    decidedByName: null,
    decidedAt: null,
    decisionNote: null,
    pending: false,
    ...extra,
  });
  const deadline = (extra: Partial<TicketDeadlineView>): TicketDeadlineView => ({
    id: 'd1',
    ticketId: 't1',
    ticketNumber: 'T-1',
    ticketTitle: '快遞丟失',
    assigneeId: 'agent',
    assigneeName: '李婷',
    kind: 'escalation_1_response',
    metBy: 'escalation_response',
    startedAt: '2025-03-03T09:00:00.000Z',
    dueAt: '2025-03-03T09:30:00.000Z',
    warnAt: '2025-03-03T09:15:00.000Z',
    warnedAt: null,
    breachedAt: null,
    metAt: null,
    ...extra,
  });
  const alert = (extra: Partial<TicketAlertView>): TicketAlertView => ({
    id: 'al1',
    ticketId: 't1',
    ticketNumber: 'T-1',
    ticketTitle: '快遞丟失',
    assigneeId: 'agent',
    assigneeName: '李婷',
    rule: 'logistics_stalled',
    raisedAt: '2025-03-03T09:00:00.000Z',
    contactDueAt: '2025-03-03T10:00:00.000Z',
    doneAt: null,
    doneByName: null,
    doneNote: null,
    ...extra,
  });
  const snapshot = (extra: Partial<ProcessSnapshot>): ProcessSnapshot => ({ approvals: [], deadlines: [], alerts: [], ...extra });
  const agent = { id: 'agent', decidesApprovals: false };
  const supervisor = { id: 'sup', decidesApprovals: true };

  it('say nothing about what was already there on arrival', () => {
    expect(processNotices(null, snapshot({ approvals: [approval({ status: 'approved' })], alerts: [alert({})] }), agent)).toEqual([]);
  });

  it('tell the agent when their request is decided, once', () => {
    const before = snapshot({ approvals: [approval({})] });
    const after = snapshot({ approvals: [approval({ status: 'approved', decidedByName: '孫志強' })] });
    expect(processNotices(before, after, agent).map((n) => n.kind)).toEqual(['approvalDecided']);
    expect(processNotices(after, after, agent)).toEqual([]);
    expect(processNotices(before, after, { id: 'someone-else', decidesApprovals: false })).toEqual([]);
  });

  it('tell a supervisor about a new request, not an agent', () => {
    const after = snapshot({ approvals: [approval({})] });
    expect(processNotices(snapshot({}), after, supervisor).map((n) => n.kind)).toEqual(['approvalRequested']);
    expect(processNotices(snapshot({}), after, { id: 'agent2', decidesApprovals: false })).toEqual([]);
  });

  it('tell the owner when their clock is warned, then breached, and about new alerts', () => {
    const s0 = snapshot({ deadlines: [deadline({})] });
    const s1 = snapshot({ deadlines: [deadline({ warnedAt: '2025-03-03T09:15:00.000Z' })] });
    const s2 = snapshot({ deadlines: [deadline({ warnedAt: '2025-03-03T09:15:00.000Z', breachedAt: '2025-03-03T09:30:00.000Z' })], alerts: [alert({})] });
    expect(processNotices(s0, s1, agent).map((n) => n.kind)).toEqual(['deadlineWarned']);
    expect(processNotices(s1, s2, agent).map((n) => n.kind)).toEqual(['deadlineBreached', 'alertRaised']);
    expect(processNotices(s1, s2, supervisor)).toEqual([]);
  });
});
