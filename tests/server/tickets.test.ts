import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/db/open-store';
import { startServer } from '../../src/server/start-server';
import { DEFAULT_TICKET_CONFIG, parseTicketConfig, type TicketConfig } from '../../src/server/tickets/config';
import { TICKET_STATUSES, type TicketStatus } from '../../src/shared/domain/enums';
import { TICKET_TRANSITIONS } from '../../src/shared/tickets/process';
import type { BusinessCalendar } from '../../src/shared/tickets/business-hours';
import { tempDir } from '../support/replica';
import { quietLog, startTestServer, TestClient, type TestServer } from './helpers';

/** Mon–Fri 09:00–18:00 China time: a calendar whose weekends make business hours visible. */
const WEEKDAYS: BusinessCalendar = {
  utcOffsetMinutes: 480,
  week: [[], [{ start: '09:00', end: '18:00' }], [{ start: '09:00', end: '18:00' }], [{ start: '09:00', end: '18:00' }], [{ start: '09:00', end: '18:00' }], [{ start: '09:00', end: '18:00' }], []],
  holidays: [],
  makeUpDays: [],
  makeUpWindows: [],
};
const CONFIG: TicketConfig = { ...DEFAULT_TICKET_CONFIG, calendar: WEEKDAYS };

/** Friday 2026-11-20, 17:00 in Beijing. */
const FRIDAY_5PM = '2026-11-20T09:00:00.000Z';

function settableClock(iso: string) {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    set: (next: string) => (ms = Date.parse(next)),
    advanceMinutes: (minutes: number) => (ms += minutes * 60_000),
  };
}

async function createTicket(client: TestClient, extra: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const result = await client.run('ticket.create', { id, eventId: randomUUID(), customerId: 'cu-01', conversationId: 'c-001', title: '快递显示签收但本人未收到', ...extra });
  expect(result).toEqual({ seq: expect.any(Number), status: 'applied' });
  return id;
}

const transition = (client: TestClient, ticketId: string, to: TicketStatus, note = '') => client.run('ticket.transition', { ticketId, to, note, eventId: randomUUID() });

describe('tickets on the server: numbers, the state machine, clocks, approvals, alerts, audit', () => {
  let server: TestServer;
  const clock = settableClock(FRIDAY_5PM);
  let agent: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    server = await startTestServer({ clock, tickets: CONFIG });
    [agent, supervisor, admin] = await Promise.all([TestClient.signIn(server.url, 'agent1'), TestClient.signIn(server.url, 'supervisor1'), TestClient.signIn(server.url, 'admin')]);
  });
  afterAll(() => server.close());

  const ticket = (id: string) => server.store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const deadlines = (id: string) => server.store.db.selectFrom('ticket_deadlines').selectAll().where('ticket_id', '=', id).orderBy('kind').execute();
  const events = (id: string) => server.store.db.selectFrom('ticket_events').select(['kind', 'from_value', 'to_value', 'actor_id']).where('ticket_id', '=', id).orderBy('created_at').orderBy('id').execute();

  it('numbers a ticket per day and starts the L2 feedback clock in business hours: Friday 17:00 + 2 h is Monday 10:00', async () => {
    clock.set(FRIDAY_5PM);
    const first = await createTicket(agent, { poolLevel: 2 });
    const second = await createTicket(agent);
    const [a, b] = [await ticket(first), await ticket(second)];
    expect(a.number).toMatch(/^GD20261120-\d{4}$/);
    expect(Number(b.number?.slice(-4))).toBe(Number(a.number?.slice(-4)) + 1);
    expect(a).toMatchObject({ status: 'open', assignee_id: 'u-agent-1', created_by: 'u-agent-1', pool_level: 2 });

    expect(await deadlines(first)).toEqual([
      expect.objectContaining({
        kind: 'pool_l2_feedback',
        started_at: FRIDAY_5PM,
        // 60 minutes on Friday, the other 60 on Monday from 09:00 Beijing (01:00Z).
        due_at: '2026-11-23T02:00:00.000Z',
        // The warning at 75 %: 90 minutes in.
        warn_at: '2026-11-23T01:30:00.000Z',
      }),
    ]);
    // L1 is answered by the agent: no clock.
    expect(await deadlines(second)).toEqual([]);
  });

  it('allows exactly the transitions of the state machine, from every state to every state', async () => {
    // How to reach each state along legal moves.
    const path: Record<TicketStatus, TicketStatus[]> = {
      open: [],
      in_progress: ['in_progress'],
      awaiting_confirmation: ['in_progress', 'awaiting_confirmation'],
      closed: ['in_progress', 'awaiting_confirmation', 'closed'],
    };
    for (const from of TICKET_STATUSES) {
      for (const to of TICKET_STATUSES) {
        const id = await createTicket(agent);
        for (const step of path[from]) expect((await transition(agent, id, step, '电话确认已解决')).status).toBe('applied');
        const result = await transition(agent, id, to, '电话确认已解决');
        const legal = TICKET_TRANSITIONS[from].includes(to);
        expect({ from, to, result: result.status }).toEqual({ from, to, result: legal ? 'applied' : 'rejected' });
        if (!legal) expect(result).toMatchObject({ messageKey: 'errors:ticket.illegal_transition' });
        expect((await ticket(id)).status).toBe(legal ? to : from);
      }
    }
  });

  it('closes only on the customer’s confirmation or with a note saying how it was confirmed, and reopening clears the confirmation', async () => {
    const id = await createTicket(agent);
    // A minute between steps, so the history's order is the order of the steps.
    const step = (to: TicketStatus, note = '') => {
      clock.advanceMinutes(1);
      return transition(agent, id, to, note);
    };
    await step('in_progress');
    await step('awaiting_confirmation');
    expect(await transition(agent, id, 'closed')).toMatchObject({ status: 'rejected', messageKey: 'errors:ticket.close_needs_confirmation' });
    expect((await step('closed', '客户电话确认已收到补发')).status).toBe('applied');
    expect(await ticket(id)).toMatchObject({ status: 'closed', closed_at: expect.any(String) });
    expect((await step('in_progress', '客户反馈再次出现')).status).toBe('applied');
    expect(await ticket(id)).toMatchObject({ status: 'in_progress', closed_at: null, confirmed_at: null });
    expect((await events(id)).map((e) => [e.kind, e.from_value, e.to_value])).toEqual([
      ['created', null, 'open'],
      ['status', 'open', 'in_progress'],
      ['status', 'in_progress', 'awaiting_confirmation'],
      ['status', 'awaiting_confirmation', 'closed'],
      ['status', 'closed', 'in_progress'],
    ]);
  });

  it('escalation starts its clock; the owner and the supervisor hear the warning and the breach, another agent does not', async () => {
    clock.set('2026-11-23T02:00:00.000Z'); // Monday 10:00 Beijing
    const id = await createTicket(agent);
    expect((await agent.run('ticket.escalate', { ticketId: id, level: 1, reason: '客户要求主管处理', eventId: randomUUID() })).status).toBe('applied');
    expect(await agent.run('ticket.escalate', { ticketId: id, level: 1, reason: '再次升级', eventId: randomUUID() })).toMatchObject({ status: 'rejected', messageKey: 'errors:ticket.escalation_not_higher' });
    const [clock1] = await deadlines(id);
    expect(clock1).toMatchObject({ kind: 'escalation_1_response', due_at: '2026-11-23T02:30:00.000Z', warn_at: '2026-11-23T02:15:00.000Z', warned_at: null });

    clock.advanceMinutes(16);
    await server.server.ticketPass();
    expect((await deadlines(id))[0]).toMatchObject({ warned_at: '2026-11-23T02:16:00.000Z', breached_at: null });
    clock.advanceMinutes(15);
    await server.server.ticketPass();
    await server.server.ticketPass();
    expect((await deadlines(id))[0]).toMatchObject({ breached_at: '2026-11-23T02:31:00.000Z' });
    expect((await events(id)).filter((e) => e.kind.startsWith('deadline_'))).toEqual([
      { kind: 'deadline_warning', from_value: null, to_value: 'escalation_1_response', actor_id: null },
      { kind: 'deadline_breached', from_value: null, to_value: 'escalation_1_response', actor_id: null },
    ]);

    const other = await TestClient.signIn(server.url, 'agent2');
    await Promise.all([agent.sync(), supervisor.sync(), other.sync()]);
    const deadlineId = `${id}:escalation_1_response`;
    expect(agent.ids('ticket_deadlines')).toContain(deadlineId);
    expect(supervisor.ids('ticket_deadlines')).toContain(deadlineId);
    expect(other.ids('ticket_deadlines')).not.toContain(deadlineId);
  });

  it('a recorded milestone stops the clock it answers; level 3 runs round the clock', async () => {
    clock.set(FRIDAY_5PM);
    const id = await createTicket(agent, { poolLevel: 3 });
    expect((await agent.run('ticket.escalate', { ticketId: id, level: 3, reason: '客户称将联系媒体曝光', eventId: randomUUID() })).status).toBe('applied');
    const byKind = Object.fromEntries((await deadlines(id)).map((d) => [d.kind, d]));
    expect(byKind.escalation_3_statement?.due_at).toBe('2026-11-20T11:00:00.000Z');
    expect(byKind.escalation_3_solution?.due_at).toBe('2026-11-22T09:00:00.000Z');
    // L3's temporary solution counts business hours: 60 min on Friday, 180 on Monday.
    expect(byKind.pool_l3_temporary_solution?.due_at).toBe('2026-11-23T04:00:00.000Z');
    expect((await ticket(id)).priority).toBe('urgent');

    clock.advanceMinutes(30);
    expect((await agent.run('ticket.recordMilestone', { ticketId: id, milestone: 'public_statement', note: '已发布官方说明', eventId: randomUUID() })).status).toBe('applied');
    clock.advanceMinutes(200);
    await server.server.ticketPass();
    const after = Object.fromEntries((await deadlines(id)).map((d) => [d.kind, d]));
    expect(after.escalation_3_statement).toMatchObject({ met_at: '2026-11-20T09:30:00.000Z', breached_at: null });
    expect(after.escalation_3_solution).toMatchObject({ met_at: null, breached_at: null });
  });

  it('refunds above the agent’s authority wait for a supervisor, who must give a reason to reject; within it they pass at once', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const id = await createTicket(agent, { orderId: 'o-02' });
    const request = (amountFen: number, orderId: string | null = 'o-02') =>
      agent.run('approval.request', { id: randomUUID(), ticketId: id, kind: 'refund', amountFen, orderId, reason: '质量问题，客户要求退款', eventId: randomUUID() });
    const approval = (approvalId: string) => server.store.db.selectFrom('approvals').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
    const lastApprovalId = async () => (await server.store.db.selectFrom('approvals').select('id').where('ticket_id', '=', id).orderBy('requested_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

    expect((await request(5000)).status).toBe('applied');
    expect(await approval(await lastApprovalId())).toMatchObject({ status: 'approved', within_limit: 1, decided_by: 'u-agent-1' });

    clock.advanceMinutes(1);
    expect((await request(15_000)).status).toBe('applied');
    const big = await lastApprovalId();
    expect(await approval(big)).toMatchObject({ status: 'pending', within_limit: 0, decided_by: null });

    const decide = (client: TestClient, decision: string, note = '') => client.run('approval.decide', { approvalId: big, decision, note, eventId: randomUUID() });
    expect(await decide(agent, 'approved')).toMatchObject({ status: 'rejected', messageKey: 'errors:approval.forbidden' });
    expect(await decide(supervisor, 'rejected')).toMatchObject({ status: 'rejected', messageKey: 'errors:approval.reason_required' });
    expect((await decide(supervisor, 'approved', '老客户，同意全额退款')).status).toBe('applied');
    expect(await approval(big)).toMatchObject({ status: 'approved', decided_by: 'u-sup-1', decision_note: '老客户，同意全额退款' });
    expect(await decide(supervisor, 'rejected', '改主意')).toMatchObject({ status: 'rejected', messageKey: 'errors:approval.already_decided' });
    await agent.sync();
    expect(agent.replica.get('approvals')?.get(JSON.stringify([['id', big]]))).toMatchObject({ status: 'approved' });

    // An unpaid order has nothing to refund (SPEC §6 refund rule check), whatever the amount.
    const unpaid = await createTicket(agent, { orderId: 'o-45' });
    expect(
      await agent.run('approval.request', { id: randomUUID(), ticketId: unpaid, kind: 'refund', amountFen: 100, orderId: 'o-45', reason: '误拍', eventId: randomUUID() }),
    ).toMatchObject({ status: 'rejected', messageKey: 'errors:approval.not_refundable' });

    // An admin raises agent1's own limit: the same amount now passes without a supervisor.
    expect((await admin.run('authority.setLimit', { id: 'limit-agent1-refund', role: null, userId: 'u-agent-1', kind: 'refund', maxFen: 20_000 })).status).toBe('applied');
    expect(await agent.run('authority.setLimit', { id: 'sneaky', role: 'agent', userId: null, kind: 'refund', maxFen: 1_000_000 })).toMatchObject({ messageKey: 'errors:authority.forbidden' });
    clock.advanceMinutes(1);
    expect((await request(15_000)).status).toBe('applied');
    expect(await approval(await lastApprovalId())).toMatchObject({ status: 'approved', within_limit: 1 });
  });

  it('follow-up rules raise an alert with a one-hour contact clock on an overdue refund and on stalled logistics, once each', async () => {
    clock.set('2026-11-23T02:00:00.000Z');
    const id = await createTicket(agent, { customerId: 'cu-02', conversationId: 'c-003', orderId: 'o-04' });
    await agent.run('approval.request', { id: randomUUID(), ticketId: id, kind: 'refund', amountFen: 3000, orderId: null, reason: '运费补偿', eventId: randomUUID() });
    await server.store.db.updateTable('orders').set({ updated_at: '2026-11-23T02:00:00.000Z' }).where('id', '=', 'o-04').execute();

    clock.advanceMinutes(49 * 60);
    await server.server.ticketPass();
    let alerts = await server.store.db.selectFrom('ticket_alerts').selectAll().where('ticket_id', '=', id).execute();
    expect(alerts.map((a) => a.rule)).toEqual(['logistics_stalled']);
    // Raised at 2026-11-25T03:00Z; the customer must hear from the owner within the hour.
    expect(alerts[0]?.contact_due_at).toBe('2026-11-25T04:00:00.000Z');

    clock.advanceMinutes(24 * 60);
    await server.server.ticketPass();
    await server.server.ticketPass();
    alerts = await server.store.db.selectFrom('ticket_alerts').selectAll().where('ticket_id', '=', id).orderBy('raised_at').execute();
    expect(alerts.map((a) => a.rule)).toEqual(['logistics_stalled', 'refund_not_received']);
    // The first alert's hour has long passed: its contact clock breached.
    expect((await deadlines(id)).filter((d) => d.kind === 'follow_up_contact').map((d) => d.breached_at !== null)).toEqual([true, false]);

    const open = alerts[1];
    if (!open) throw new Error('alert');
    expect((await agent.run('alert.done', { alertId: open.id, note: '已电话联系客户，退款已到账', eventId: randomUUID() })).status).toBe('applied');
    const done = await server.store.db.selectFrom('ticket_alerts').selectAll().where('id', '=', open.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ done_by: 'u-agent-1', done_note: '已电话联系客户，退款已到账' });
  });
});

describe('ticket clocks across a server restart', () => {
  it('a deadline that fell due while the server was down is breached by the first pass after it comes back, once', async () => {
    const dir = tempDir('ticket-restart');
    try {
      const location = { sqliteFile: join(dir.path, 'server.sqlite') };
      const clock = settableClock(FRIDAY_5PM);
      const first = await startTestServer({ location, clock, tickets: CONFIG });
      const agent = await TestClient.signIn(first.url, 'agent1');
      const id = await createTicket(agent, { poolLevel: 3 });
      await first.close();

      // Monday 13:00 Beijing: the 4 business hours (1 on Friday, 3 on Monday) ran out at 12:00.
      clock.set('2026-11-23T05:00:00.000Z');
      const store = await openStore(location, quietLog);
      const second = await startServer({ store, port: 0, log: quietLog, clock, tickets: CONFIG, routingLoop: false, ticketLoop: false, retention: { changeLogMs: 3_600_000, purgeEveryMs: 0 } });
      try {
        await second.ticketPass();
        await second.ticketPass();
        const row = await store.db.selectFrom('ticket_deadlines').selectAll().where('ticket_id', '=', id).executeTakeFirstOrThrow();
        expect(row).toMatchObject({ kind: 'pool_l3_temporary_solution', due_at: '2026-11-23T04:00:00.000Z', breached_at: '2026-11-23T05:00:00.000Z' });
        const kinds = (await store.db.selectFrom('ticket_events').select('kind').where('ticket_id', '=', id).execute()).map((e) => e.kind);
        expect(kinds.filter((k) => k === 'deadline_breached')).toHaveLength(1);
      } finally {
        await second.close();
        await store.close();
      }
    } finally {
      dir.remove();
    }
  });
});

describe('ticket configuration file', () => {
  it('keeps the standard’s numbers for whatever a file leaves out and names every bad field', () => {
    const config = parseTicketConfig({ rules: { escalation_1_response: { minutes: 20 } }, followUp: { refundOverdueDays: 5 } });
    expect(config.rules.escalation_1_response).toEqual({ ...DEFAULT_TICKET_CONFIG.rules.escalation_1_response, minutes: 20 });
    expect(config.rules.pool_l2_feedback.minutes).toBe(120);
    expect(config.followUp).toEqual({ refundOverdueDays: 5, logisticsStalledHours: 48 });
    expect(() => parseTicketConfig({ rules: { escalation_1_response: { minutes: -1 } }, tickMs: 5 })).toThrow(/rules\.escalation_1_response\.minutes.*tickMs|tickMs.*minutes/s);
    expect(() => parseTicketConfig({ deadline: 1 })).toThrow(/deadline|unrecognized/i);
  });
});

describe('a configuration that changes which milestone stops a clock', () => {
  it('is what the workstation’s milestone stops too: each clock carries its milestone from the server that started it', async () => {
    // Here the senior agent's 30 minutes end with progress feedback, not with a first response.
    const config = parseTicketConfig({ rules: { escalation_1_response: { metBy: 'progress_feedback' } } });
    expect(() => parseTicketConfig({ rules: { escalation_1_response: { metBy: 'coffee' } } })).toThrow(/metBy/);
    const server = await startTestServer({ tickets: config });
    try {
      const agent = await TestClient.signIn(server.url, 'agent1');
      const id = await createTicket(agent);
      expect((await agent.run('ticket.escalate', { ticketId: id, eventId: randomUUID(), level: 1, reason: '客户要求资深客服' })).status).toBe('applied');
      await agent.sync();
      const clock = [...(agent.replica.get('ticket_deadlines')?.values() ?? [])].find((d) => d.ticket_id === id);
      expect(clock).toMatchObject({ kind: 'escalation_1_response', met_by: 'progress_feedback', met_at: null });

      const stopped = async (milestone: string) => {
        expect((await agent.run('ticket.recordMilestone', { ticketId: id, eventId: randomUUID(), milestone, note: '已处理' })).status).toBe('applied');
        return (await server.store.db.selectFrom('ticket_deadlines').select('met_at').where('ticket_id', '=', id).executeTakeFirstOrThrow()).met_at;
      };
      expect(await stopped('escalation_response')).toBeNull();
      expect(await stopped('progress_feedback')).toEqual(expect.any(String));
    } finally {
      await server.close();
    }
  });
});
