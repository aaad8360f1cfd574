import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPokes, postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';

describe('PostgreSQL: out-of-order commits', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  let server: TestServer;
  beforeAll(async () => {
    schema = await postgresSchema();
    server = await startTestServer({ location: { databaseUrl: schema.url } });
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });

  it('out-of-order commits never make a pull skip a change', async () => {
    const supervisor = await TestClient.signIn(server.url, 'supervisor1');
    await supervisor.sync();
    const db = server.store.db;

    // T1 starts and writes first, T2 writes later but commits first.
    const t1 = await db.startTransaction().execute();
    await t1.updateTable('customers').set({ name: '先写后提交', updated_at: new Date().toISOString() }).where('id', '=', 'cu-01').execute();
    const t2 = await db.startTransaction().execute();
    await t2.updateTable('customers').set({ name: '后写先提交', updated_at: new Date().toISOString() }).where('id', '=', 'cu-02').execute();
    await t2.commit().execute();

    const [afterT2] = await supervisor.sync();
    expect(afterT2?.changes.map((c) => c.key.id)).toEqual(['cu-02']);
    const cursorAfterT2 = supervisor.cursor ?? 0;

    await t1.commit().execute();
    const [afterT1] = await supervisor.sync();
    expect(afterT1?.changes).toEqual([expect.objectContaining({ table: 'customers', op: 'put', key: { id: 'cu-01' }, row: expect.objectContaining({ name: '先写后提交' }) })]);
    expect(afterT1?.cursor).toBeGreaterThan(cursorAfterT2);

    // The log shows why: T1's entry was written first but numbered after T2's, at its commit.
    const entries = await db.selectFrom('change_log').select(['change_no', 'row_id']).where('tbl', '=', 'customers').where('row_id', 'in', ['cu-01', 'cu-02']).orderBy('change_no', 'desc').limit(2).execute();
    expect(entries.map((e) => e.row_id)).toEqual(['cu-01', 'cu-02']);
    expect(supervisor.replica.get('customers')?.get(JSON.stringify([['id', 'cu-01']]))?.name).toBe('先写后提交');
  });

  it('a bootstrap in pages of three rows (composite keys included) equals one in a single page', async () => {
    const paged = await TestClient.signIn(server.url, 'agent2');
    const pages = await paged.sync(3);
    expect(pages.length).toBeGreaterThan(50);
    const whole = await TestClient.signIn(server.url, 'agent2');
    await whole.sync(5000);
    for (const table of ['users', 'group_members', 'conversations', 'messages', 'customers', 'orders', 'tickets', 'scripts']) {
      expect([...(paged.replica.get(table)?.keys() ?? [])].sort()).toEqual([...(whole.replica.get(table)?.keys() ?? [])].sort());
    }
    expect(paged.replica.get('group_members')?.size).toBeGreaterThan(3);
  });

  it('a reader pulling all the time while many transactions commit concurrently misses nothing', async () => {
    const reader = await TestClient.signIn(server.url, 'supervisor1');
    await reader.sync();
    const writers = await Promise.all(['agent1', 'agent2', 'agent3', 'agent4'].map((u) => TestClient.signIn(server.url, u)));
    const conversationOf: Record<string, string> = { 'u-agent-1': 'c-001', 'u-agent-2': 'c-011', 'u-agent-3': 'c-019', 'u-agent-4': 'c-027' };

    let writing = true;
    const pulling = (async () => {
      while (writing) await reader.sync(7);
    })();
    await Promise.all(
      writers.map(async (writer) => {
        for (let i = 0; i < 15; i++) await writer.push([writer.nextSend(conversationOf[writer.userId] ?? '', `并发 ${writer.userId} #${i}`)]);
      }),
    );
    writing = false;
    await pulling;
    await reader.sync(7);

    const reference = await TestClient.signIn(server.url, 'supervisor1');
    await reference.sync(5000);
    expect(reader.ids('messages')).toEqual(reference.ids('messages'));
    expect([...(reader.replica.get('conversations')?.values() ?? [])].map((c) => c.last_message_preview).sort()).toEqual(
      [...(reference.replica.get('conversations')?.values() ?? [])].map((c) => c.last_message_preview).sort(),
    );
  });
});

describe('PostgreSQL: several stateless instances on one database', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    schema = await postgresSchema();
    // Started together: migrations and demo seeding are serialized by the database, not by luck.
    [one, two] = await Promise.all([startTestServer({ location: { databaseUrl: schema.url } }), startTestServer({ location: { databaseUrl: schema.url } })]);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await schema?.drop();
  });

  it('seeds the demo data once even when instances start together', async () => {
    const users = await one.store.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(users.n)).toBe(7);
  });

  it('a change pushed through instance 1 reaches a client of instance 2: poke and pull', async () => {
    const writer = await TestClient.signIn(one.url, 'agent1');
    // A token from one instance works on every other: sessions live in the database.
    const reader = new TestClient(two.url, writer.token, writer.userId);
    await reader.sync();
    const pokes = await openPokes(two.url, reader.token);
    try {
      await pokes.next((f) => f.type === 'hello');
      const send = writer.nextSend('c-002', '从一号实例发出的回复');
      expect((await writer.push([send])).results).toEqual([{ seq: 1, status: 'applied' }]);

      const poke = await pokes.next((f) => f.type === 'poke' && f.cursor > (reader.cursor ?? Infinity));
      const [page] = await reader.sync();
      expect(page?.cursor).toBeGreaterThanOrEqual(poke.type === 'poke' ? poke.cursor : Infinity);
      expect(page?.changes.find((c) => c.table === 'messages')).toMatchObject({ op: 'put', row: { body: '从一号实例发出的回复', conversation_id: 'c-002' } });
    } finally {
      pokes.close();
    }
  });

  it('the same batch pushed to both instances at once is applied exactly once', async () => {
    const viaOne = await TestClient.signIn(one.url, 'agent1');
    const viaTwo = new TestClient(two.url, viaOne.token, viaOne.userId, viaOne.clientId);
    const batch = Array.from({ length: 20 }, (_, i) => viaOne.nextSend('c-003', `双实例并发 #${i}`));
    const [a, b] = await Promise.all([viaOne.push(batch), viaTwo.push(batch)]);
    expect(a.lastMutationSeq).toBe(20);
    expect(b.lastMutationSeq).toBe(20);
    for (const mutation of batch) {
      const statuses = [a, b].map((r) => r.results.find((x) => x.seq === mutation.seq)?.status).sort();
      expect(statuses).toEqual(['applied', 'duplicate']);
    }
    const stored = await one.store.db.selectFrom('messages').select('id').where('body', 'like', '双实例并发 #%').execute();
    expect(stored).toHaveLength(20);
  });
});
