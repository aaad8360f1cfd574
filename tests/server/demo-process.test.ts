import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty, seedDemoProcess } from '../../src/server/demo';
import { DEFAULT_ROUTING_CONFIG } from '../../src/server/routing/config';
import { DEFAULT_TICKET_CONFIG } from '../../src/server/tickets/config';
import { addBusinessMinutes, ALWAYS_OPEN } from '../../src/shared/tickets/business-hours';
import type { DeadlineKind } from '../../src/shared/tickets/process';
import { quietLog, startTestServer, TestClient, type TestServer } from './helpers';

/** Wednesday 2026-11-25, 15:00 in Beijing: inside the default business hours. */
const NOW = '2026-11-25T07:00:00.000Z';

describe('the Quick start’s demo process state', () => {
  let server: TestServer;
  beforeAll(async () => {
    const clock = { now: () => new Date(NOW) };
    server = await startTestServer({ demo: false, clock, tickets: DEFAULT_TICKET_CONFIG });
    expect(await seedDemoIfEmpty(server.store, new Date(NOW))).toBe(true);
    await seedDemoProcess(server.store, new Date(NOW), { tickets: DEFAULT_TICKET_CONFIG, routing: DEFAULT_ROUTING_CONFIG }, quietLog);
    // The server's first clock pass after start.
    await server.server.ticketPass();
  });
  afterAll(() => server.close());

  const deadlines = () => server.store.db.selectFrom('ticket_deadlines').selectAll().orderBy('ticket_id').orderBy('kind').execute();

  it('runs clocks on problem-pool levels and escalations, every due time the server’s calendar’s own', async () => {
    const rows = await deadlines();
    expect(rows.map((d) => `${d.ticket_id} ${d.kind}`)).toEqual([
      't-07 follow_up_contact',
      't-09 pool_l3_temporary_solution',
      't-10 escalation_2_feedback',
      't-11 escalation_1_response',
      't-12 pool_l2_feedback',
      't-16 follow_up_contact',
      't-17 escalation_3_solution',
      't-17 escalation_3_statement',
    ]);
    for (const d of rows) {
      const rule = DEFAULT_TICKET_CONFIG.rules[d.kind as DeadlineKind];
      const calendar = rule.calendar === 'always' ? ALWAYS_OPEN : DEFAULT_TICKET_CONFIG.calendar;
      expect({ id: d.id, due: d.due_at }).toEqual({ id: d.id, due: addBusinessMinutes(d.started_at, rule.minutes, calendar) });
      expect(d.met_by).toBe(rule.metBy);
    }
  });

  it('has a statement due within the quarter hour (warned), a follow-up long overdue, and two refunds waiting for a supervisor', async () => {
    const byId = new Map((await deadlines()).map((d) => [d.id, d]));
    const statement = byId.get('t-17:escalation_3_statement');
    expect(statement).toMatchObject({ due_at: '2026-11-25T07:15:00.000Z', warned_at: NOW, breached_at: null, met_at: null });
    expect(byId.get('t-11:escalation_1_response')).toMatchObject({ due_at: '2026-11-25T07:22:00.000Z', warned_at: null });
    const alerts = await server.store.db.selectFrom('ticket_alerts').select(['ticket_id', 'rule', 'done_at']).orderBy('ticket_id').execute();
    expect(alerts).toEqual([
      { ticket_id: 't-07', rule: 'logistics_stalled', done_at: null },
      { ticket_id: 't-16', rule: 'refund_not_received', done_at: null },
    ]);
    expect([...byId.values()].find((d) => d.ticket_id === 't-16')).toMatchObject({ breached_at: NOW });
    const approvals = await server.store.db.selectFrom('approvals').select(['ticket_id', 'status', 'amount_fen', 'requested_by']).orderBy('ticket_id').execute();
    expect(approvals).toEqual([
      { ticket_id: 't-08', status: 'pending', amount_fen: 39900, requested_by: 'u-agent-1' },
      { ticket_id: 't-10', status: 'pending', amount_fen: 44900, requested_by: 'u-agent-3' },
      { ticket_id: 't-16', status: 'approved', amount_fen: 128000, requested_by: 'u-agent-1' },
    ]);
    const numbered = await server.store.db.selectFrom('tickets').select(['id', 'number']).where('id', 'in', ['t-16', 't-17']).orderBy('id').execute();
    expect(numbered.map((t) => t.number)).toEqual([expect.stringMatching(/^GD20261121-\d{4}$/), expect.stringMatching(/^GD20261123-\d{4}$/)]);
  });

  it('reached the process the way a workstation would: every step is in the audit trail, and the demo agent’s replica holds hers', async () => {
    const seeded = await server.store.db.selectFrom('audit_log').select(['action', 'actor_id']).where('client_id', 'like', 'demo-process-%').orderBy('id').execute();
    expect(seeded).toHaveLength(14);
    expect(seeded[3]).toEqual({ action: 'approval.decide', actor_id: 'u-sup-1' });
    const agent = await TestClient.signIn(server.url, 'agent1');
    await agent.sync();
    expect(agent.ids('approvals')).toEqual(['demo-approval-1', 'demo-approval-2']);
    expect(agent.ids('ticket_alerts')).toHaveLength(2);
  });
});
