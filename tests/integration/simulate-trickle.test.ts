import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../src/server/db/open-store';
import { tempDir } from '../support/replica';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait-for';

const root = resolve(import.meta.dirname, '../..');

describe('the demo trickle of customers (npm run simulate -- --server URL --trickle)', () => {
  const dir = tempDir('trickle');
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess(join(dir.path, 'server'), await freePort());
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('keeps customers arriving in the given groups, never more open at once than allowed, and stops when told to', async () => {
    const since = new Date().toISOString();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/simulate.ts'), '--server', server.url, '--trickle', '--every-seconds', '1-1', '--first-after-seconds', '0', '--max-open', '2', '--groups', 'g-presales', '--seed', '7'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

    const store = new Database(join(dir.path, 'server', SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
    try {
      const trickled = () =>
        store.prepare(`select c.status, c.group_id from conversations c where c.channel = 'web' and c.created_at >= ? order by c.created_at`).all(since) as { status: string; group_id: string | null }[];
      // 李婷, the only one of pre-sales online, has all five places taken by her demo chats: they queue.
      await waitFor(async () => trickled(), (rows) => rows.length === 2 && rows.every((r) => r.status === 'queued' && r.group_id === 'g-presales'), 'two demo customers queued in pre-sales');
      // Four more arrival ticks: nobody answers them, so no third customer comes.
      await new Promise((r) => setTimeout(r, 4000));
      expect(trickled()).toHaveLength(2);
      expect(output).toContain('Demo customers: a new one every 1–1 s, at most 2 at a time');
    } finally {
      store.close();
    }

    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 5000))]);
    expect({ code, output }).toMatchObject({ code: 0 });
  });

  it('refuses a trickle without a server to drive, and an unknown group', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; output: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/simulate.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.once('exit', (code) => done({ code, output }));
      });
    expect(await run(['--trickle'])).toMatchObject({ code: 2, output: expect.stringContaining('usage:') });
    expect(await run(['--server', server.url, '--customers', '1', '--groups', 'g-nowhere'])).toMatchObject({ code: 1, output: expect.stringContaining('no customer scenario routes to g-nowhere') });
  });
});
