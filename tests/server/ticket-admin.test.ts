import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClient, type TestServer } from './helpers';

/** Ticket administration as the server enforces it: the category taxonomy and the authority limits, admins only. */
describe('ticket administration on the server', () => {
  let server: TestServer;
  let admin: TestClient;
  let supervisor: TestClient;
  let agent: TestClient;
  beforeAll(async () => {
    server = await startTestServer();
    [admin, supervisor, agent] = await Promise.all([TestClient.signIn(server.url, 'admin'), TestClient.signIn(server.url, 'supervisor1'), TestClient.signIn(server.url, 'agent1')]);
  });
  afterAll(() => server.close());

  const run = async (client: TestClient, name: string, args: Record<string, unknown>) => {
    const result = await client.run(name, args);
    return result.status === 'applied' ? 'applied' : (result.messageKey ?? result.status);
  };
  const category = (id: string) => server.store.db.selectFrom('ticket_categories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const children = async (parentId: string) => (await server.store.db.selectFrom('ticket_categories').select(['id', 'name']).where('parent_id', '=', parentId).orderBy('sort').execute()).map((c) => c.name);
  const newTicket = (categoryId: string) => ({ id: randomUUID(), eventId: randomUUID(), customerId: 'cu-01', conversationId: 'c-001', title: '分类测试', categoryId });

  it('lets only admins add categories at each of the three levels, unique among their siblings, and appends them', async () => {
    expect(await run(supervisor, 'ticketCategory.save', { id: 'tc-x', parentId: null, name: '会员服务' })).toBe('errors:ticket.category_forbidden');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-x', parentId: null, name: '会员服务' })).toBe('applied');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-x-1', parentId: 'tc-x', name: '积分问题' })).toBe('applied');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-x-1-1', parentId: 'tc-x-1', name: '积分清零' })).toBe('applied');
    expect(await category('tc-x-1-1')).toMatchObject({ level: 3, parent_id: 'tc-x-1', retired_at: null });
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-x-1-1-1', parentId: 'tc-x-1-1', name: '第四级' })).toBe('errors:ticket.category_too_deep');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-dup', parentId: 'tc-1-2', name: '快遞丟失' })).toBe('ticket-admin:errors.category_duplicate');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-1-2-3', parentId: 'tc-1-2', name: '派送延誤' })).toBe('applied');
    expect(await children('tc-1-2')).toEqual(['未發貨', '快遞丟失', '派送延誤']);
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-bad', parentId: 'tc-none', name: '无' })).toBe('errors:ticket.category_not_found');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-empty', parentId: null, name: '   ' })).toBe('errors:mutation.invalid_args');
  });

  it('renames, moves within a level and reorders; a stale order and a move across levels are refused', async () => {
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-1-2-3', parentId: 'tc-1-2', name: '派送延误' })).toBe('applied');
    // 物流問題 › 派送延误 → 售後問題: a level-3 category under another level-2 one.
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-1-2-3', parentId: 'tc-1-3', name: '派送延误' })).toBe('applied');
    expect(await children('tc-1-3')).toEqual(['退款申請', '換貨流程', '派送延误']);
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-1-2-3', parentId: 'tc-1', name: '派送延误' })).toBe('errors:ticket.category_move_forbidden');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-1', parentId: 'tc-2', name: '訂單服務' })).toBe('errors:ticket.category_move_forbidden');
    expect(await run(admin, 'ticketCategory.reorder', { parentId: 'tc-1-3', ids: ['tc-1-2-3', 'tc-1-3-1', 'tc-1-3-2'] })).toBe('applied');
    expect(await children('tc-1-3')).toEqual(['派送延误', '退款申請', '換貨流程']);
    expect(await run(admin, 'ticketCategory.reorder', { parentId: 'tc-1-3', ids: ['tc-1-3-1', 'tc-1-3-2'] })).toBe('ticket-admin:errors.category_order_stale');
    expect(await run(agent, 'ticketCategory.reorder', { parentId: 'tc-1-3', ids: ['tc-1-3-1', 'tc-1-3-2', 'tc-1-2-3'] })).toBe('errors:ticket.category_forbidden');
  });

  it('retires a category for new tickets while the tickets filed under it keep it; retiring a branch retires what is below it', async () => {
    const filed = newTicket('tc-1-2-2');
    expect(await run(agent, 'ticket.create', filed)).toBe('applied');
    expect(await run(admin, 'ticketCategory.setRetired', { id: 'tc-1-2-2', retired: true })).toBe('applied');
    expect(await run(admin, 'ticketCategory.setRetired', { id: 'tc-1-2-2', retired: true })).toBe('errors:ticket.nothing_changed');
    expect(await run(agent, 'ticket.create', newTicket('tc-1-2-2'))).toBe('ticket-admin:errors.category_retired');
    // The ticket filed before keeps its category through other changes, and its history still names it.
    expect(await run(agent, 'ticket.update', { ticketId: filed.id, eventId: randomUUID(), changes: { priority: 'high', categoryId: 'tc-1-2-2' } })).toBe('applied');
    expect((await server.store.db.selectFrom('tickets').select('category_id').where('id', '=', filed.id).executeTakeFirstOrThrow()).category_id).toBe('tc-1-2-2');
    expect(await category('tc-1-2-2')).toMatchObject({ name: '快遞丟失', retired_at: expect.any(String) });

    expect(await run(admin, 'ticketCategory.setRetired', { id: 'tc-2', retired: true })).toBe('applied');
    expect(await run(agent, 'ticket.create', newTicket('tc-2-1-1'))).toBe('ticket-admin:errors.category_retired');
    expect(await run(admin, 'ticketCategory.save', { id: 'tc-2-9', parentId: 'tc-2', name: '新二级' })).toBe('ticket-admin:errors.category_parent_retired');
    expect(await run(admin, 'ticketCategory.setRetired', { id: 'tc-2', retired: false })).toBe('applied');
    expect(await run(agent, 'ticket.create', newTicket('tc-2-1-1'))).toBe('applied');
  });

  it('sets limits per role and per user (the user’s own wins), refuses negative or absurd ones, and the server decides approvals by them', async () => {
    expect(await run(supervisor, 'authority.setLimit', { id: randomUUID(), role: 'agent', userId: null, kind: 'refund', maxFen: 50000 })).toBe('errors:authority.forbidden');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: 'agent', userId: null, kind: 'refund', maxFen: -1 })).toBe('errors:mutation.invalid_args');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: 'agent', userId: null, kind: 'refund', maxFen: 100_000_001 })).toBe('errors:mutation.invalid_args');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: null, userId: 'u-admin-1', kind: 'refund', maxFen: 100 })).toBe('ticket-admin:errors.admin_unlimited');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: null, userId: 'u-nobody', kind: 'refund', maxFen: 100 })).toBe('ticket-admin:errors.user_not_found');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: 'agent', userId: 'u-agent-1', kind: 'refund', maxFen: 100 })).toBe('errors:authority.subject_required');

    // Agents 200 yuan; 李婷 300 yuan of her own; set twice, still one row each.
    expect(await run(admin, 'authority.setLimit', { id: 'first', role: 'agent', userId: null, kind: 'refund', maxFen: 15000 })).toBe('applied');
    expect(await run(admin, 'authority.setLimit', { id: 'second', role: 'agent', userId: null, kind: 'refund', maxFen: 20000 })).toBe('applied');
    expect(await run(admin, 'authority.setLimit', { id: randomUUID(), role: null, userId: 'u-agent-1', kind: 'refund', maxFen: 30000 })).toBe('applied');
    const limits = await server.store.db.selectFrom('authority_limits').select(['id', 'role', 'user_id', 'max_fen']).where('kind', '=', 'refund').orderBy('max_fen').execute();
    expect(limits).toEqual([
      { id: 'first', role: 'agent', user_id: null, max_fen: 20000 },
      { id: expect.any(String), role: null, user_id: 'u-agent-1', max_fen: 30000 },
    ]);

    const ticketId = randomUUID();
    expect(await run(agent, 'ticket.create', { ...newTicket('tc-1-3-1'), id: ticketId })).toBe('applied');
    const request = async (client: TestClient, amountFen: number) => {
      const id = randomUUID();
      expect(await run(client, 'approval.request', { id, ticketId, eventId: randomUUID(), kind: 'refund', amountFen, orderId: null, reason: '测试' })).toBe('applied');
      return (await server.store.db.selectFrom('approvals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    };
    expect(await request(agent, 29000)).toBe('approved');
    expect(await request(agent, 31000)).toBe('pending');

    // Cleared, 李婷 is back on the agents' 200 yuan; cleared again, nothing is left to clear.
    expect(await run(admin, 'authority.clearLimit', { role: null, userId: 'u-agent-1', kind: 'refund' })).toBe('applied');
    expect(await request(agent, 29000)).toBe('pending');
    expect(await request(agent, 19000)).toBe('approved');
    expect(await run(admin, 'authority.clearLimit', { role: null, userId: 'u-agent-1', kind: 'refund' })).toBe('ticket-admin:errors.nothing_to_clear');
  });
});
