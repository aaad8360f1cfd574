import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { startTestServer, TestClient, type TestServer } from './helpers';

type ChangesPage = Extract<PullResponse, { kind: 'changes' }>;

const snapshot = (client: TestClient) =>
  Object.fromEntries([...client.replica.entries()].filter(([, rows]) => rows.size > 0).map(([table, rows]) => [table, Object.fromEntries([...rows.entries()].sort())]));

describe('pull: bootstrap, changes since a cursor, reset', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('pull after push returns the pushed rows as the server wrote them', async () => {
    const writer = await TestClient.signIn(server.url, 'agent1');
    const reader = await TestClient.signIn(server.url, 'agent1');
    await reader.sync();
    const send = writer.nextSend('c-004', '您的发票已经开好了');
    expect((await writer.push([send])).results).toEqual([{ seq: 1, status: 'applied' }]);

    const [page] = await reader.sync();
    const id = (send.args as { id: string }).id;
    const message = page?.changes.find((c) => c.table === 'messages' && c.key.id === id);
    expect(message).toMatchObject({ op: 'put', row: { id, conversation_id: 'c-004', sender_kind: 'agent', sender_id: 'u-agent-1', body: '您的发票已经开好了' } });
    const conversation = page?.changes.find((c) => c.table === 'conversations' && c.key.id === 'c-004');
    expect(conversation?.row).toMatchObject({ last_message_preview: '您的发票已经开好了', unread_count: 0, waiting_since: null });
    // Server time, not the client's clock: both rows carry the same stamp.
    expect(conversation?.row?.last_message_at).toBe(message?.row?.created_at);
  });

  it('bootstrap is paged and resumable from the bootstrap token after an interruption, and ends with a cursor from which later changes flow', async () => {
    const client = await TestClient.signIn(server.url, 'agent1');
    const other = await TestClient.signIn(server.url, 'agent1');
    const pages: ChangesPage[] = [];
    const pageOf = async () => {
      const page = await client.pullPage(40);
      if (page.kind !== 'changes') throw new Error(`unexpected ${page.kind}`);
      return page;
    };

    for (let i = 0; i < 3; i++) {
      const page = await pageOf();
      client.apply(page);
      pages.push(page);
    }
    // Meanwhile the data moves on: a reply, and a conversation reassigned into this agent's scope.
    await other.push([other.nextSend('c-001', '引导期间写入的回复')]);
    await server.store.db.updateTable('conversations').set({ assignee_id: 'u-agent-1', status: 'active' }).where('id', '=', 'c-016').execute();

    // The next page is lost (the client dies before storing it); it resumes from the token it has.
    const lost = await pageOf();
    expect(lost.bootstrap).not.toBeNull();
    for (;;) {
      const page = await pageOf();
      client.apply(page);
      pages.push(page);
      if (page.bootstrap === null) break;
    }

    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) expect(page.changes.length).toBeLessThanOrEqual(40);
    const remaining = pages.map((p) => p.remaining ?? 0);
    expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
    expect(remaining.at(-1)).toBe(0);
    expect(new Set(pages.map((p) => p.cursor)).size).toBe(1);

    // Catching up from the snapshot brings what changed during the bootstrap.
    await client.sync(40);
    const reference = await TestClient.signIn(server.url, 'agent1');
    await reference.sync(5000);
    expect(snapshot(client)).toEqual(snapshot(reference));
    expect(client.ids('conversations')).toContain('c-016');
    expect([...(client.replica.get('messages')?.values() ?? [])].some((m) => m.body === '引导期间写入的回复')).toBe(true);

    const cursor = client.cursor;
    const later = other.nextSend('c-002', '引导之后的新回复');
    await other.push([later]);
    const [next] = await client.sync(40);
    expect(next?.cursor).toBeGreaterThan(cursor ?? Infinity);
    expect(next?.changes.map((c) => `${c.table}:${c.key.id}`)).toEqual(['conversations:c-002', `messages:${(later.args as { id: string }).id}`]);
  });

  it('a bootstrap token the server cannot continue (altered, or another user’s) starts the bootstrap over', async () => {
    const agent1 = await TestClient.signIn(server.url, 'agent1');
    const page = await agent1.pullPage(5);
    if (page.kind !== 'changes' || !page.bootstrap) throw new Error('expected a bootstrap page');
    const agent2 = await TestClient.signIn(server.url, 'agent2');
    agent2.cursor = page.cursor;
    agent2.bootstrap = page.bootstrap;
    expect(await agent2.pullPage()).toEqual({ kind: 'reset', reason: 'cursor_expired' });
    agent1.cursor = page.cursor;
    agent1.bootstrap = `${page.bootstrap.slice(0, -4)}AAAA`;
    expect(await agent1.pullPage()).toEqual({ kind: 'reset', reason: 'cursor_expired' });
    await agent2.sync();
    expect(agent2.ids('conversations')).toContain('c-011');
  });
});

describe('pull: retention', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ retention: { changeLogMs: 1, purgeEveryMs: 0 } });
  });
  afterAll(() => server.close());

  it('a cursor older than the retained change log gets reset, and the re-bootstrap brings everything', async () => {
    const stale = await TestClient.signIn(server.url, 'agent1');
    await stale.sync();
    const writer = await TestClient.signIn(server.url, 'agent1');
    const send = writer.nextSend('c-005', '离线期间的消息');
    await writer.push([send]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const floor = await server.server.purge();
    expect(floor).toBeGreaterThan(stale.cursor ?? Infinity);

    expect(await stale.pullPage()).toEqual({ kind: 'reset', reason: 'cursor_expired' });
    await stale.sync();
    expect(stale.ids('messages')).toContain((send.args as { id: string }).id);

    // Past the purge floor changes flow as usual.
    const after = writer.nextSend('c-005', '重新同步之后');
    await writer.push([after]);
    const [page] = await stale.sync();
    expect(page?.changes.some((c) => c.key.id === (after.args as { id: string }).id)).toBe(true);
  });

  it('a bootstrap whose snapshot fell out of retention is reset too', async () => {
    const client = await TestClient.signIn(server.url, 'agent1');
    const first = await client.pullPage(10);
    if (first.kind !== 'changes') throw new Error('expected a page');
    client.apply(first);
    const writer = await TestClient.signIn(server.url, 'agent1');
    await writer.push([writer.nextSend('c-005', '又一条')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await server.server.purge();
    expect(await client.pullPage(10)).toEqual({ kind: 'reset', reason: 'cursor_expired' });
  });
});
