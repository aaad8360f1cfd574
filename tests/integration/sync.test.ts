import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSummary, MessageView, SyncStatusView } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import type { SyncConfig } from '../../src/main/core/sync/sync-engine';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { silentLog, tempDir } from '../support/replica';
import { waitFor } from '../support/wait-for';

const agent = { username: 'agent1', password: 'demo' };

describe('workstation ↔ central server sync', () => {
  const dir = tempDir('sync');
  let server: ServerProcess;
  let port: number;
  const cores: Core[] = [];

  beforeEach(async () => {
    port = await freePort();
    server = await startServerProcess(join(dir.path, `server-${port}`), port);
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    await server.stop();
  });

  async function workstation(name: string, sync: Partial<SyncConfig> | null = {}): Promise<Core> {
    const core = await createCore({
      dataDir: join(dir.path, `${name}-${port}`),
      log: silentLog,
      sync: sync === null ? undefined : { serverUrl: server.url, credentials: agent, maxBackoffMs: 300, ...sync },
    });
    cores.push(core);
    return core;
  }
  const status = (core: Core) => core.invoke('sync.status', {}) as Promise<SyncStatusView>;
  const online = (core: Core) => waitFor(() => status(core), (s) => s.connection === 'online' && s.pendingCount === 0, 'online and nothing pending');
  const list = (core: Core) => core.invoke('conversation.list', {}) as Promise<ConversationSummary[]>;
  const messages = (core: Core, id: string) => core.invoke('message.list', { conversationId: id }) as Promise<MessageView[]>;
  const close = async (core: Core) => {
    cores.splice(cores.indexOf(core), 1);
    await core.close();
  };

  it('an empty replica bootstraps in pages with visible progress and ends up with the agent’s chats', async () => {
    const core = await workstation('bootstrap', { pageSize: 40 });
    const seen: SyncStatusView[] = [];
    core.subscribe(() => void status(core).then((s) => seen.push(s)));
    await online(core);
    expect(seen.some((s) => s.bootstrap !== null && s.bootstrap.received > 0 && s.bootstrap.received < s.bootstrap.total)).toBe(true);
    const active = (await list(core)).filter((c) => c.status === 'active');
    expect(active).toHaveLength(5);
    expect(active.every((c) => c.assigneeId === 'u-agent-1')).toBe(true);
    expect(((await status(core)).lastSyncAt ?? '').length).toBeGreaterThan(0);
  });

  it('a reply written while the server is down is delivered exactly once when it is back', async () => {
    const a = await workstation('offline-a');
    await online(a);
    const target = (await list(a)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');

    await server.stop();
    const body = `服务器停机时写的回复 ${Date.now()}`;
    await a.invoke('message.send', { conversationId: target.id, body });
    await waitFor(() => status(a), (s) => s.connection === 'offline' && s.pendingCount === 1, 'offline with one pending');
    expect((await messages(a, target.id)).filter((m) => m.body === body)).toEqual([expect.objectContaining({ pending: true })]);

    server = await startServerProcess(join(dir.path, `server-${port}`), port);
    await online(a);
    expect((await messages(a, target.id)).filter((m) => m.body === body)).toEqual([expect.objectContaining({ pending: false })]);

    // A second workstation of the same agent sees it once, from the server.
    const b = await workstation('offline-b');
    await online(b);
    expect((await messages(b, target.id)).filter((m) => m.body === body)).toHaveLength(1);
  });

  it('a change made on one workstation reaches another through the live poke', async () => {
    const a = await workstation('live-a');
    const b = await workstation('live-b', { pollIntervalMs: 3_600_000 });
    await online(a);
    await online(b);
    const target = (await list(a)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    const body = `实时推送 ${Date.now()}`;
    await a.invoke('message.send', { conversationId: target.id, body });
    await waitFor(() => messages(b, target.id), (ms) => ms.some((m) => m.body === body), 'the reply on the other workstation', 5_000);
  });

  it('a lost poke is covered by the periodic pull', async () => {
    const a = await workstation('poll-a');
    const b = await workstation('poll-b', { pokes: false, pollIntervalMs: 300 });
    await online(a);
    await online(b);
    const target = (await list(a)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    const body = `没有推送也能收到 ${Date.now()}`;
    await a.invoke('message.send', { conversationId: target.id, body });
    await waitFor(() => messages(b, target.id), (ms) => ms.some((m) => m.body === body), 'the reply via polling', 5_000);
  });

  it('a reply the server refuses is taken back and kept visible with the reason', async () => {
    const a = await workstation('reject-a');
    await online(a);
    const target = (await list(a)).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    await close(a);

    // Offline, the agent answers; meanwhile the same agent closes that chat on another workstation.
    const offline = await workstation('reject-a', null);
    await offline.invoke('message.send', { conversationId: target.id, body: '这条会被拒绝' });
    await close(offline);
    const b = await workstation('reject-b');
    await online(b);
    await b.invoke('conversation.close', { conversationId: target.id });
    await online(b);

    const back = await workstation('reject-a');
    const final = await waitFor(() => status(back), (s) => s.connection === 'online' && s.rejectedCount === 1, 'the rejection');
    expect(final.pendingCount).toBe(0);
    const shown = (await messages(back, target.id)).filter((m) => m.body === '这条会被拒绝');
    expect(shown).toEqual([expect.objectContaining({ rejectedReason: 'errors:conversation.closed' })]);
    expect((await list(back)).find((c) => c.id === target.id)?.status).toBe('closed');
  });

  it('duplicated, stale and reordered pokes cost no extra pull', async () => {
    const a = await workstation('pokes-a', { pokes: false, pollIntervalMs: 3_600_000 });
    await online(a);
    const engine = a.sync();
    if (!engine) throw new Error('no sync engine');
    const cursor = Number((await a.replica.db.selectFrom('sync_state').select('value').where('key', '=', 'cursor').executeTakeFirstOrThrow()).value);
    const pulls = vi.spyOn(engine, 'requestSync');
    await engine.onPoke(JSON.stringify({ type: 'poke', cursor }));
    await engine.onPoke(JSON.stringify({ type: 'poke', cursor: cursor - 1 }));
    await engine.onPoke('not json');
    expect(pulls).not.toHaveBeenCalled();
    await Promise.all([engine.onPoke(JSON.stringify({ type: 'poke', cursor: cursor + 2 })), engine.onPoke(JSON.stringify({ type: 'poke', cursor: cursor + 1 }))]);
    expect(pulls.mock.calls.length).toBeGreaterThan(0);
  });
});

describe('a workstation older than its server', () => {
  it('stops syncing and says an update is required, keeping its pending work', async () => {
    const fake = createServer((req, res) => {
      res.writeHead(426, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'update_required', messageKey: 'errors:sync.update_required', minProtocolVersion: 99 }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const dir = tempDir('sync-old');
    const core = await createCore({ dataDir: dir.path, demo: true, log: silentLog });
    const target = ((await core.invoke('conversation.list', {})) as ConversationSummary[]).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');
    await core.invoke('message.send', { conversationId: target.id, body: '升级前写的回复' });
    await core.invoke('sync.status', {});
    await core.close();

    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    const old = await createCore({ dataDir: dir.path, log: silentLog, sync: { serverUrl: url, credentials: agent, pokes: false } });
    const status = await waitFor(() => old.invoke('sync.status', {}) as Promise<SyncStatusView>, (s) => s.connection === 'update_required', 'update_required');
    expect(status).toMatchObject({ pendingCount: 1, lastErrorKey: 'errors:sync.update_required' });
    await old.close();
    fake.close();
    dir.remove();
  });
});
