import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PATHS, type SyncErrorBody } from '../../src/shared/sync/protocol';
import { postJson, startTestServer, TestClient, type TestServer } from './helpers';

describe('push: idempotent, in order, never wedged', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const agent = () => TestClient.signIn(server.url, 'agent1');
  const messageIds = async (ids: string[]) =>
    (await server.store.db.selectFrom('messages').select('id').where('id', 'in', ids).execute()).map((r) => r.id).sort();
  const idOf = (m: { args: unknown }) => (m.args as { id: string }).id;

  it('a lost push response followed by the same batch again applies each mutation once', async () => {
    const client = await agent();
    const batch = [client.nextSend('c-001', '您好，已为您登记退款'), client.nextSend('c-002', '請稍候，正在查詢物流')];
    const first = await client.push(batch);
    expect(first).toEqual({ lastMutationSeq: 2, results: [{ seq: 1, status: 'applied' }, { seq: 2, status: 'applied' }] });

    // The response above "was lost": the client only knows it sent the batch, so it sends it again.
    const retry = await client.push(batch);
    expect(retry).toEqual({ lastMutationSeq: 2, results: [{ seq: 1, status: 'duplicate' }, { seq: 2, status: 'duplicate' }] });

    const bodies = await server.store.db.selectFrom('messages').select('body').where('body', 'in', ['您好，已为您登记退款', '請稍候，正在查詢物流']).execute();
    expect(bodies).toHaveLength(2);
  });

  it('a mutation seq gap stops the batch and nothing after it is applied', async () => {
    const client = await agent();
    const [m1, m2, m3, m4] = [1, 2, 3, 4].map((i) => client.nextSend('c-003', `第${i}条`));
    if (!m1 || !m2 || !m3 || !m4) throw new Error('batch');
    const gapped = await client.push([m1, m3, m4]);
    expect(gapped).toEqual({ lastMutationSeq: 1, results: [{ seq: 1, status: 'applied' }], stopped: { seq: 3, reason: 'gap' } });
    expect(await messageIds([m1, m3, m4].map(idOf))).toEqual([idOf(m1)]);

    const resent = await client.push([m2, m3, m4]);
    expect(resent.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(resent.lastMutationSeq).toBe(4);
    expect(await messageIds([m1, m2, m3, m4].map(idOf))).toEqual([m1, m2, m3, m4].map(idOf).sort());
  });

  it('a permanent rejection does not wedge the queue, and the client keeps hearing of it until it has pulled past it', async () => {
    const client = await agent();
    await client.sync();
    const toClosed = client.nextSend('c-006', '这个会话已经结束了');
    const later = client.nextSend('c-004', '后面的回复照常送达');
    const response = await client.push([toClosed, later]);
    expect(response.results).toEqual([
      { seq: 1, status: 'rejected', messageKey: 'errors:conversation.closed' },
      { seq: 2, status: 'applied' },
    ]);
    expect(response.lastMutationSeq).toBe(2);
    expect(await messageIds([idOf(toClosed), idOf(later)])).toEqual([idOf(later)]);

    // A client whose push response was lost learns the rejection from its next pull...
    const page = await client.pullPage();
    expect(page).toMatchObject({ kind: 'changes', lastMutationSeq: 2, rejected: [{ seq: 1, messageKey: 'errors:conversation.closed' }] });
    if (page.kind !== 'changes') throw new Error('expected changes');
    client.apply(page);
    // ...and once it comes back with a cursor past it, it has certainly received it.
    expect(await client.pullPage()).toMatchObject({ kind: 'changes', lastMutationSeq: 2, rejected: [] });
    // A replica that starts over hears of every retained rejection again.
    const fresh = new TestClient(server.url, client.token, client.userId, client.clientId);
    expect((await fresh.sync())[0]).toMatchObject({ rejected: [{ seq: 1, messageKey: 'errors:conversation.closed' }] });
  });

  it('unknown mutators and arguments failing the schema are rejected permanently, later seqs still apply', async () => {
    const client = await agent();
    const good = client.nextSend('c-005', '好的');
    const response = await client.push([
      { seq: 1, name: 'ticket.teleport', args: {}, createdAt: new Date().toISOString() },
      { seq: 2, name: 'message.send', args: { id: randomUUID(), conversationId: 'c-005', body: '   ' }, createdAt: new Date().toISOString() },
      { ...good, seq: 3 },
    ]);
    expect(response.results).toEqual([
      { seq: 1, status: 'rejected', messageKey: 'errors:mutation.unknown' },
      { seq: 2, status: 'rejected', messageKey: 'errors:mutation.invalid_args' },
      { seq: 3, status: 'applied' },
    ]);
    const recorded = await server.store.db.selectFrom('mutation_rejections').select(['seq', 'message_key']).where('client_id', '=', client.clientId).orderBy('seq').execute();
    expect(recorded).toEqual([
      { seq: 1, message_key: 'errors:mutation.unknown' },
      { seq: 2, message_key: 'errors:mutation.invalid_args' },
    ]);
  });

  it('a second mutation reusing a row id is a permanent conflict, not a stuck queue', async () => {
    const client = await agent();
    const first = client.nextSend('c-001', '第一次');
    const reused = { ...client.nextSend('c-001', '同一个编号'), args: { ...(first.args as object) } };
    const third = client.nextSend('c-001', '第三条');
    const response = await client.push([first, reused, third]);
    expect(response.results.map((r) => [r.status, r.messageKey])).toEqual([
      ['applied', undefined],
      ['rejected', 'errors:mutation.conflict'],
      ['applied', undefined],
    ]);
  });

  it('a message to a conversation assigned to someone else is refused by the same mutator the client ran', async () => {
    const client = await agent();
    const response = await client.push([client.nextSend('c-011', '这不是我的会话')]);
    expect(response.results).toEqual([{ seq: 1, status: 'rejected', messageKey: 'errors:conversation.not_assignee' }]);
  });

  it('a malformed body gets 400 with the failed checks and writes nothing', async () => {
    const client = await agent();
    const clientsBefore = await server.store.db.selectFrom('clients').select('client_id').execute();
    const bad = await postJson<SyncErrorBody & { issues: { path: string[] }[] }>(
      server.url + SYNC_PATHS.push,
      { ...client.hello(), mutations: [{ seq: 0, name: 'message.send', args: {}, createdAt: 'now' }] },
      client.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_request');
    expect(bad.body.issues.map((i) => i.path.join('.'))).toEqual(['mutations.0.seq']);
    const notJson = await postJson<SyncErrorBody>(server.url + SYNC_PATHS.push, '{"clientId":', client.token);
    expect(notJson).toEqual({ status: 400, body: { code: 'invalid_request', messageKey: 'errors:sync.invalid_request' } });
    expect(await server.store.db.selectFrom('clients').select('client_id').execute()).toEqual(clientsBefore);
  });

  it('a workstation shared by two agents keeps one queue: a retry after the user switch is still a duplicate', async () => {
    const first = await agent();
    const batch = [first.nextSend('c-001', '交班前的最后一条')];
    expect((await first.push(batch)).results).toEqual([{ seq: 1, status: 'applied' }]);
    const second = await TestClient.signIn(server.url, 'agent2');
    const sameWorkstation = new TestClient(server.url, second.token, second.userId, first.clientId);
    expect(await sameWorkstation.push(batch)).toEqual({ lastMutationSeq: 1, results: [{ seq: 1, status: 'duplicate' }] });
    const next = { ...sameWorkstation.nextSend('c-011', '接班后的回复'), seq: 2 };
    expect((await sameWorkstation.push([next])).results).toEqual([{ seq: 2, status: 'applied' }]);
    const sender = await server.store.db.selectFrom('messages').select('sender_id').where('id', '=', (next.args as { id: string }).id).executeTakeFirst();
    expect(sender?.sender_id).toBe('u-agent-2');
  });
});
