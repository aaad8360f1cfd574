import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TICKET_CONFIG } from '../../src/server/tickets/config';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';
import { movableClock } from './routing-support';

// The capture triggers are written once per dialect, so a ticket changing hands is proven on both stores.
describe.each(['SQLite', 'PostgreSQL'] as const)('ticket transfer (ticket.assign) on %s', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  const clock = movableClock();
  let agent1: TestClient;
  let agent2: TestClient;
  let supervisor: TestClient;

  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer({ ...(schema ? { location: { databaseUrl: schema.url } } : {}), clock, tickets: DEFAULT_TICKET_CONFIG });
    [agent1, agent2, supervisor] = await Promise.all([TestClient.signIn(server.url, 'agent1'), TestClient.signIn(server.url, 'agent2'), TestClient.signIn(server.url, 'supervisor1')]);
    for (const client of [agent1, agent2, supervisor]) await client.sync();
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  const applied = async (client: TestClient, name: string, args: Record<string, unknown>) => expect(await client.run(name, args)).toMatchObject({ status: 'applied' });
  const rejected = async (client: TestClient, name: string, args: Record<string, unknown>) => (await client.run(name, args)).messageKey;
  const rows = (client: TestClient, table: string, ticketId: string) =>
    [...(client.replica.get(table)?.values() ?? [])].filter((r) => (table === 'tickets' ? r.id : r.ticket_id) === ticketId).map((r) => String(r.id)).sort();

  it('moves the ticket with its history, clocks and approvals from the old owner’s replica to the new one’s; warnings then reach the new owner', async () => {
    // 周晓峰 (cu-09) is 王浩然's customer; 李婷 holds him only through this ticket.
    const ticketId = randomUUID();
    await applied(agent1, 'ticket.create', { id: ticketId, eventId: randomUUID(), customerId: 'cu-09', conversationId: null, title: '网页版订单页加载缓慢（电话记录）' });
    await applied(agent1, 'ticket.escalate', { ticketId, eventId: randomUUID(), level: 3, reason: '客户要求管理层回应' });
    await applied(agent1, 'approval.request', { id: randomUUID(), ticketId, eventId: randomUUID(), kind: 'coupon', amountFen: 5000, orderId: null, reason: '补偿' });
    await agent1.sync();
    expect(rows(agent1, 'ticket_deadlines', ticketId)).toEqual([`${ticketId}:escalation_3_solution`, `${ticketId}:escalation_3_statement`]);
    expect(agent1.ids('customers')).toContain('cu-09');

    await applied(agent1, 'ticket.assign', { ticketId, eventId: randomUUID(), assigneeId: 'u-agent-2', note: '页面加载问题转技术支持，已试过清缓存' });
    await agent1.sync();
    for (const table of ['tickets', 'ticket_events', 'ticket_deadlines', 'approvals']) expect({ table, ids: rows(agent1, table, ticketId) }).toEqual({ table, ids: [] });
    expect(agent1.ids('customers')).not.toContain('cu-09');
    expect(agent1.ids('orders')).not.toContain('o-18');

    await agent2.sync();
    expect(rows(agent2, 'tickets', ticketId)).toEqual([ticketId]);
    expect(rows(agent2, 'ticket_deadlines', ticketId)).toHaveLength(2);
    expect(rows(agent2, 'approvals', ticketId)).toHaveLength(1);
    const assigned = [...(agent2.replica.get('ticket_events')?.values() ?? [])].find((e) => e.ticket_id === ticketId && e.kind === 'assignee');
    expect(assigned).toMatchObject({ actor_id: 'u-agent-1', from_value: 'u-agent-1', to_value: 'u-agent-2', note: '页面加载问题转技术支持，已试过清缓存' });

    // Half of the statement's two hours (round the clock): the warning.
    clock.advance(61 * 60_000);
    await server.server.ticketPass();
    await agent1.sync();
    await agent2.sync();
    const warned = (client: TestClient) => [...(client.replica.get('ticket_deadlines')?.values() ?? [])].filter((d) => d.ticket_id === ticketId && d.warned_at !== null).map((d) => d.kind);
    expect(warned(agent2)).toEqual(['escalation_3_statement']);
    expect(warned(agent1)).toEqual([]);
    expect(rows(agent1, 'ticket_events', ticketId)).toEqual([]);

    // The new owner works it; the old one no longer can.
    expect(await rejected(agent1, 'ticket.recordMilestone', { ticketId, eventId: randomUUID(), milestone: 'public_statement', note: '已发布声明' })).toBe('errors:ticket.not_owner');
    await applied(agent2, 'ticket.recordMilestone', { ticketId, eventId: randomUUID(), milestone: 'public_statement', note: '已发布声明' });
  });

  it('is the owner’s or a supervisor’s to make, to an agent or a supervisor, with a note, never on a closed ticket', async () => {
    const ticketId = randomUUID();
    await applied(agent1, 'ticket.create', { id: ticketId, eventId: randomUUID(), customerId: 'cu-01', conversationId: 'c-001', title: '转交规则' });
    const assign = (assigneeId: string, note = '说明') => ({ ticketId, eventId: randomUUID(), assigneeId, note });
    expect(await rejected(agent2, 'ticket.assign', assign('u-agent-2'))).toBe('errors:ticket.not_owner');
    expect(await rejected(agent1, 'ticket.assign', assign('u-trainee-1'))).toBe('ticket-admin:errors.assignee_not_allowed');
    expect(await rejected(agent1, 'ticket.assign', assign('u-admin-1'))).toBe('ticket-admin:errors.assignee_not_allowed');
    expect(await rejected(agent1, 'ticket.assign', assign('u-nobody'))).toBe('ticket-admin:errors.assignee_not_found');
    expect(await rejected(agent1, 'ticket.assign', assign('u-agent-1'))).toBe('ticket-admin:errors.already_assignee');
    expect(await rejected(agent1, 'ticket.assign', assign('u-agent-2', ''))).toBe('errors:mutation.invalid_args');
    await applied(agent1, 'ticket.assign', assign('u-sup-1', '客户要求主管处理'));
    // A supervisor hands on any ticket, the unassigned demo ticket too.
    await applied(supervisor, 'ticket.assign', assign('u-agent-3', '转高级组'));
    await applied(supervisor, 'ticket.assign', { ticketId: 't-15', eventId: randomUUID(), assigneeId: 'u-agent-1', note: '体验反馈请跟进' });
    const history = await server.store.db.selectFrom('ticket_events').select(['actor_id', 'from_value', 'to_value']).where('ticket_id', '=', ticketId).where('kind', '=', 'assignee').orderBy('created_at').orderBy('id').execute();
    expect(history).toEqual([
      { actor_id: 'u-agent-1', from_value: 'u-agent-1', to_value: 'u-sup-1' },
      { actor_id: 'u-sup-1', from_value: 'u-sup-1', to_value: 'u-agent-3' },
    ]);
    expect(await rejected(supervisor, 'ticket.assign', { ticketId: 't-01', eventId: randomUUID(), assigneeId: 'u-agent-2', note: '已关闭的' })).toBe('errors:ticket.closed');
  });
});
