import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../src/server/db/open-store';
import { TestClient } from './helpers';

const root = resolve(import.meta.dirname, '../..');

interface ServerProcess {
  url: string;
  child: ChildProcess;
}

/**
 * `npm run server` as an operator runs it: node with tsx as its loader, one process. (The tsx
 * command runs the script in a child and relays signals to it; when the child took more than
 * 60 ms to acknowledge a SIGTERM, on a loaded machine, tsx killed it with SIGKILL and exited 143.)
 * Each server gets its own process group, so a kill -9 reaches whatever holds the database.
 */
function spawnServer(dataDir: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server/main.ts'), '--port', '0', '--data-dir', dataDir, '--demo'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Server: (http:\/\/\S+)$/m.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolvePromise({ url: match[1], child });
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
const exited = (child: ChildProcess) => new Promise<void>((done) => (running(child) ? child.once('exit', () => done()) : done()));

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) throw new Error('server process has no pid');
  process.kill(-child.pid, signal);
}

/** Resolves when no process of the group is left (the launcher can exit before the server it ran). */
async function groupGone(child: ChildProcess): Promise<void> {
  await exited(child);
  for (let i = 0; i < 500; i++) {
    try {
      process.kill(-(child.pid ?? 0), 0);
    } catch {
      return;
    }
    await new Promise((wait) => setTimeout(wait, 10));
  }
  throw new Error(`process group ${child.pid} did not exit`);
}

describe('kill -9 of the server mid-sync', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'server-kill-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) {
      try {
        signalGroup(child, 'SIGKILL');
      } catch {
        continue;
      }
      await groupGone(child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a restart on the same SQLite file, a retry of the same batch applies every mutation exactly once', async () => {
    const first = await spawnServer(dataDir);
    children.push(first.child);
    const client = await TestClient.signIn(first.url, 'agent1');
    const batch = Array.from({ length: 500 }, (_, i) => client.nextSend(i % 2 ? 'c-001' : 'c-002', `断电测试 #${i + 1}`));

    const lost = client.push(batch).then(
      () => 'answered',
      () => 'lost',
    );
    // Watch the store from outside (WAL lets another process read) and kill as soon as part of the batch is committed.
    const watcher = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const lastSeq = () => (watcher.prepare('select last_seq from clients where client_id = ?').get(client.clientId) as { last_seq: number } | undefined)?.last_seq ?? 0;
    let processedBeforeKill = 0;
    while (processedBeforeKill === 0) {
      await new Promise((wait) => setImmediate(wait));
      processedBeforeKill = lastSeq();
    }
    signalGroup(first.child, 'SIGKILL');
    watcher.close();
    await groupGone(first.child);
    expect(await lost).toBe('lost');

    const second = await spawnServer(dataDir);
    children.push(second.child);
    // Same store, same session: the token survives the crash.
    const again = new TestClient(second.url, client.token, client.userId, client.clientId);
    const before = await again.pullPage(1);
    if (before.kind !== 'changes') throw new Error('expected changes');
    const committed = before.lastMutationSeq;
    expect(committed).toBeGreaterThanOrEqual(processedBeforeKill);
    expect(committed).toBeLessThan(batch.length);

    const retry = await again.push(batch);
    expect(retry.lastMutationSeq).toBe(500);
    expect(retry.stopped).toBeUndefined();
    expect(retry.results.filter((r) => r.status === 'duplicate').map((r) => r.seq)).toEqual(batch.slice(0, committed).map((m) => m.seq));
    expect(retry.results.filter((r) => r.status === 'applied').map((r) => r.seq)).toEqual(batch.slice(committed).map((m) => m.seq));

    const reader = await TestClient.signIn(second.url, 'agent1');
    await reader.sync(5000);
    const bodies = [...(reader.replica.get('messages')?.values() ?? [])].map((m) => String(m.body)).filter((b) => b.startsWith('断电测试'));
    expect(bodies).toHaveLength(500);
    expect(new Set(bodies).size).toBe(500);

    signalGroup(second.child, 'SIGTERM');
    await groupGone(second.child);
    expect(second.child.exitCode).toBe(0);
  });
});
