import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowChange } from '../../src/shared/sync/protocol';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';

const keys = (changes: RowChange[], table: string, op: RowChange['op']) =>
  changes
    .filter((c) => c.table === table && c.op === op)
    .map((c) => c.key.id)
    .sort();

// The capture triggers are written once per dialect, so scope is proven on both stores.
describe.each(['SQLite', 'PostgreSQL'] as const)('scope on %s: decided and enforced by the server', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer(schema ? { location: { databaseUrl: schema.url } } : {});
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  const db = () => server.store.db;
  const messageIdsOf = async (conversationId: string) =>
    (await db().selectFrom('messages').select('id').where('conversation_id', '=', conversationId).orderBy('id').execute()).map((m) => m.id);
  const fresh = async (username: string) => {
    const client = await TestClient.signIn(server.url, username);
    await client.sync();
    return client;
  };
  const replicaOf = (client: TestClient) =>
    Object.fromEntries([...client.replica.entries()].filter(([, rows]) => rows.size > 0).map(([table, rows]) => [table, [...rows.keys()].sort()]));

  it("agent A does not receive agent B's conversations, only their own, their groups' queues and what hangs off them", async () => {
    const agent1 = await fresh('agent1');
    const agent2 = await fresh('agent2');
    expect(agent1.ids('conversations')).toEqual(['c-001', 'c-002', 'c-003', 'c-004', 'c-005', 'c-006', 'c-007', 'c-008', 'c-009', 'c-010', 'c-037', 'c-039']);
    expect(agent2.ids('conversations')).toEqual(['c-011', 'c-012', 'c-013', 'c-014', 'c-015', 'c-016', 'c-017', 'c-018', 'c-036', 'c-039']);
    const ownConversations = new Set(agent1.ids('conversations'));
    expect([...(agent1.replica.get('messages')?.values() ?? [])].every((m) => ownConversations.has(String(m.conversation_id)))).toBe(true);
    expect(agent1.ids('tickets')).toEqual(['t-01', 't-07', 't-08']);
    expect(agent1.ids('scripts')).not.toContain('s-draft-01');
    expect(agent1.ids('kb_articles')).not.toContain('kb-a41');
    expect(agent1.ids('users')).toHaveLength(7);

    const expectedCustomers = (
      await db()
        .selectFrom('conversations')
        .select('customer_id')
        .where('id', 'in', agent1.ids('conversations'))
        .union(db().selectFrom('tickets').select('customer_id').where('assignee_id', '=', 'u-agent-1'))
        .execute()
    )
      .map((r) => r.customer_id)
      .sort();
    expect(agent1.ids('customers')).toEqual(expectedCustomers);
    const customers = new Set(expectedCustomers);
    expect([...(agent1.replica.get('orders')?.values() ?? [])].every((o) => customers.has(String(o.customer_id)))).toBe(true);

    const supervisor = await fresh('supervisor1');
    expect(supervisor.ids('conversations')).toHaveLength(40);
    expect(supervisor.ids('script_versions')).toContain('s-draft-01@v1');
  });

  it('reassignment moves a conversation with its messages and customer from agent A to agent B', async () => {
    const agentA = await fresh('agent1');
    const agentB = await fresh('agent2');
    const messages = await messageIdsOf('c-002');
    expect(messages.length).toBeGreaterThan(0);
    expect(agentA.ids('conversations')).toContain('c-002');
    expect(agentB.ids('conversations')).not.toContain('c-002');

    // A supervisor's transfer: a direct write, captured by the change-log triggers like any other.
    await db().updateTable('conversations').set({ assignee_id: 'u-agent-2', group_id: 'g-tech' }).where('id', '=', 'c-002').execute();

    const lostBy = (await agentA.sync()).flatMap((p) => p.changes);
    expect(keys(lostBy, 'conversations', 'delete')).toEqual(['c-002']);
    expect(keys(lostBy, 'messages', 'delete')).toEqual(messages);
    expect(keys(lostBy, 'customers', 'delete')).toEqual(['cu-21']);
    expect(keys(lostBy, 'orders', 'delete')).toEqual(['o-03', 'o-46']);
    // Children go before their parents, so the replica never holds a message without its conversation.
    const order = lostBy.map((c) => c.table);
    expect(order.lastIndexOf('messages')).toBeLessThan(order.indexOf('conversations'));
    expect(agentA.ids('conversations')).not.toContain('c-002');
    expect(agentA.ids('messages').filter((id) => messages.includes(id))).toEqual([]);

    const gainedBy = (await agentB.sync()).flatMap((p) => p.changes);
    expect(keys(gainedBy, 'conversations', 'put')).toEqual(['c-002']);
    expect(keys(gainedBy, 'messages', 'put')).toEqual(messages);
    expect(keys(gainedBy, 'customers', 'put')).toEqual(['cu-21']);
    expect(keys(gainedBy, 'orders', 'put')).toEqual(['o-03', 'o-46']);

    // Both replicas now equal what a fresh bootstrap of the same scope would hold.
    expect(replicaOf(agentA)).toEqual(replicaOf(await fresh('agent1')));
    expect(replicaOf(agentB)).toEqual(replicaOf(await fresh('agent2')));
  });

  it("a queued conversation taken by one agent leaves the other group members' queues", async () => {
    const agent1 = await fresh('agent1');
    const agent4 = await fresh('agent4');
    expect(agent1.ids('conversations')).toContain('c-037');
    await db().updateTable('conversations').set({ status: 'active', assignee_id: 'u-agent-4' }).where('id', '=', 'c-037').execute();
    expect(keys((await agent1.sync()).flatMap((p) => p.changes), 'conversations', 'delete')).toEqual(['c-037']);
    expect(keys((await agent4.sync()).flatMap((p) => p.changes), 'conversations', 'put')).toEqual(['c-037']);
    expect(agent4.replica.get('conversations')?.get(JSON.stringify([['id', 'c-037']]))?.status).toBe('active');
  });

  it('an unpublished script leaves agents’ replicas and stays with supervisors', async () => {
    const agent = await fresh('agent3');
    const supervisor = await fresh('supervisor1');
    await db().updateTable('scripts').set({ status: 'draft', version: 2 }).where('id', '=', 's-open-01').execute();
    expect(keys((await agent.sync()).flatMap((p) => p.changes), 'scripts', 'delete')).toEqual(['s-open-01']);
    expect(keys((await supervisor.sync()).flatMap((p) => p.changes), 'scripts', 'put')).toEqual(['s-open-01']);
    await db().updateTable('scripts').set({ status: 'published', version: 3 }).where('id', '=', 's-open-01').execute();
    expect(keys((await agent.sync()).flatMap((p) => p.changes), 'scripts', 'put')).toEqual(['s-open-01']);
  });

  it("a change to an agent's group membership tells that replica to start over, and only that one", async () => {
    const agent1 = await fresh('agent1');
    const agent2 = await fresh('agent2');
    expect(agent1.ids('conversations')).not.toContain('c-036');
    await db().insertInto('group_members').values({ group_id: 'g-tech', user_id: 'u-agent-1' }).execute();

    expect(await agent1.pullPage()).toEqual({ kind: 'reset', reason: 'scope_changed' });
    await agent1.sync();
    expect(agent1.ids('conversations')).toContain('c-036');
    const [page] = await agent2.sync();
    expect(page?.changes.map((c) => c.table)).toEqual(['group_members']);
  });
});
