import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationSummary, MessageView, SyncStatusView } from '../../src/shared/contract';
import { createCore, type Core } from '../../src/main/core/create-core';
import { SQLITE_FILE_NAME } from '../../src/server/db/open-store';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { silentLog, tempDir } from '../support/replica';
import { waitFor } from '../support/wait-for';

describe('a reply sent past the reply check, across workstations', () => {
  const dir = tempDir('overrides');
  let server: ServerProcess;
  let serverDir: string;
  const cores: Core[] = [];

  beforeAll(async () => {
    const port = await freePort();
    serverDir = join(dir.path, 'server');
    server = await startServerProcess(serverDir, port);
  });
  afterAll(async () => {
    for (const core of cores) await core.close();
    await server.stop();
    dir.remove();
  });

  async function workstation(name: string): Promise<Core> {
    const core = await createCore({
      dataDir: join(dir.path, name),
      log: silentLog,
      sync: { serverUrl: server.url, credentials: { username: 'agent1', password: 'demo' }, maxBackoffMs: 300 },
    });
    cores.push(core);
    await waitFor(
      () => core.invoke('sync.status', {}) as Promise<SyncStatusView>,
      (s) => s.connection === 'online' && s.pendingCount === 0,
      `${name} online with nothing pending`,
    );
    return core;
  }
  const messages = (core: Core, id: string) => core.invoke('message.list', { conversationId: id }) as Promise<MessageView[]>;

  it('is recorded with its overrides on the server and shows them on another workstation of the agent', async () => {
    const a = await workstation('a');
    const b = await workstation('b');
    const target = ((await a.invoke('conversation.list', {})) as ConversationSummary[]).find((c) => c.status === 'active');
    if (!target) throw new Error('no active chat');

    const body = `我保证明天一定到，我们是全网最低价 ${Date.now()}`;
    await a.invoke('message.send', { conversationId: target.id, body, overrides: ['over_authority', 'absolute_claim'] });
    const sent = (await messages(a, target.id)).find((m) => m.body === body);
    expect(sent?.complianceOverrides).toEqual(['over_authority', 'absolute_claim']);
    await waitFor(() => a.invoke('sync.status', {}) as Promise<SyncStatusView>, (s) => s.pendingCount === 0, 'the reply pushed');

    const store = new Database(join(serverDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      expect(store.prepare('select compliance_overrides from messages where body = ?').get(body)).toEqual({ compliance_overrides: '["over_authority","absolute_claim"]' });
    } finally {
      store.close();
    }

    const arrived = await waitFor(() => messages(b, target.id), (ms) => ms.some((m) => m.body === body), 'the reply on workstation b');
    expect(arrived.find((m) => m.body === body)).toMatchObject({ pending: false, complianceOverrides: ['over_authority', 'absolute_claim'] });
    // A reply sent clean carries none.
    expect(arrived.filter((m) => m.body !== body && m.senderKind === 'agent').every((m) => m.complianceOverrides.length === 0)).toBe(true);
  });
});
