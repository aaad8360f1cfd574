import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { seedDemoIfEmpty } from '../../src/server/demo';
import { pull } from '../../src/server/sync/pull';
import type { PullResponse } from '../../src/shared/sync/protocol';
import { DEMO_USER_ID } from '../../src/shared/demo/seed-demo';
import { openPokes, quietLog, startTestServer, TestClient } from './helpers';

// The store on a file, as `npm run server` keeps it: only a file has a second connection.
describe('SQLite store on a file: pulls read beside the writer', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-connection-'));
    file = join(dir, 'server.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const agent = { userId: DEMO_USER_ID, role: 'agent' as const };
  const clientId = randomUUID();

  async function caughtUp(store: Store): Promise<number> {
    let cursor: number | null = null;
    let bootstrap: string | null = null;
    for (;;) {
      const page = await pull(store, agent, { clientId, protocolVersion: 0, schemaVersion: '', cursor, bootstrap, limit: 5000 });
      if (page.kind !== 'changes') throw new Error(`unexpected ${page.kind}`);
      ({ cursor, bootstrap } = page);
      if (!page.more && bootstrap === null) return cursor;
    }
  }

  const reply = (id: string) => ({
    id,
    conversation_id: 'c-003',
    sender_kind: 'agent' as const,
    sender_id: DEMO_USER_ID,
    body: id,
    channel: 'web' as const,
    created_at: new Date().toISOString(),
    compliance_overrides: null,
  });

  const messageIds = (page: PullResponse) => (page.kind === 'changes' ? page.changes.filter((c) => c.table === 'messages').map((c) => c.key.id) : []);

  it('a pull returns what was committed while a write transaction holds the writer, and nothing of that transaction', async () => {
    const store = await openStore({ sqliteFile: file }, quietLog);
    try {
      await seedDemoIfEmpty(store, new Date());
      const cursor = await caughtUp(store);
      await store.db.insertInto('messages').values(reply('committed')).execute();

      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted = () => {};
      const written = new Promise<void>((resolve) => (inserted = resolve));
      const writing = store.db.transaction().execute(async (tx) => {
        await tx.insertInto('messages').values(reply('uncommitted')).execute();
        inserted();
        await held;
      });
      await written;
      // Had the pull queued behind the writer, it would wait for a release that comes after it.
      const page = await Promise.race([
        pull(store, agent, { clientId, protocolVersion: 0, schemaVersion: '', cursor, bootstrap: null, limit: 1000 }),
        new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5000)),
      ]);
      release();
      await writing;

      expect(page).not.toBe('still waiting');
      if (page === 'still waiting') return;
      expect(messageIds(page)).toEqual(['committed']);
      if (page.kind !== 'changes') return;
      const next = await pull(store, agent, { clientId, protocolVersion: 0, schemaVersion: '', cursor: page.cursor, bootstrap: null, limit: 1000 });
      expect(messageIds(next)).toEqual(['uncommitted']);
    } finally {
      await store.close();
    }
  });

  it("a poke and the pull it prompts bring another workstation's reply", async () => {
    const server = await startTestServer({ location: { sqliteFile: file } });
    try {
      const listener = await TestClient.signIn(server.url, 'agent1');
      await listener.sync();
      const pokes = await openPokes(server.url, listener.token);
      try {
        await pokes.next((f) => f.type === 'hello');
        const writer = await TestClient.signIn(server.url, 'agent1');
        const send = writer.nextSend('c-003', '另一台工作站的回复');
        await writer.push([send]);
        await pokes.next((f) => f.type === 'poke');
        await listener.sync();
        expect(listener.ids('messages')).toContain((send.args as { id: string }).id);
      } finally {
        pokes.close();
      }
    } finally {
      await server.close();
    }
  });

  it('close() lets go of the file: nothing is left beside it, and it opens again with every commit', async () => {
    const store = await openStore({ sqliteFile: file }, quietLog);
    await seedDemoIfEmpty(store, new Date());
    await store.db.insertInto('messages').values(reply('kept')).execute();
    await caughtUp(store);
    await store.close();
    // The last connection to close folds the WAL into the file and removes it; a connection
    // left open would keep it.
    expect(existsSync(`${file}-wal`)).toBe(false);

    const again = await openStore({ sqliteFile: file }, quietLog);
    try {
      expect(await again.readDb.selectFrom('messages').select('id').where('id', '=', 'kept').executeTakeFirst()).toEqual({ id: 'kept' });
    } finally {
      await again.close();
    }
  });
});
