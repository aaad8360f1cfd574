// `npm run test:chaos -- --runs N [--seconds S] [--seed K]`: N randomized runs of three
// workstations (two for one agent, one supervisor) replying, reading and closing chats while
// the server and the workstations are killed with SIGKILL and restarted. After each run every
// replica must equal a fresh bootstrap of the same user (the server's view of its scope), and
// every journaled reply must be on the server exactly once or visibly rejected.
// Last line: `chaos: <N> runs, <L> lost, <D> duplicated, <M> diverged`.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../../src/main/core/create-core';
import type { SyncStatusView } from '../../src/shared/contract';
import { DOMAIN_TABLE_KEYS, type DomainTableName } from '../../src/shared/db/replica-schema';
import { freePort, startServerProcess, type ServerProcess } from '../../tests/support/server-process';
import { seededRandom } from '../seeded-random';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, seconds: { type: 'string', default: '6' }, seed: { type: 'string', default: String(Date.now() % 100_000) } },
});
const runs = Number(values.runs);
const seconds = Number(values.seconds);
const baseSeed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !(seconds > 0) || !Number.isInteger(baseSeed)) {
  console.error('usage: npm run test:chaos -- --runs N [--seconds S] [--seed K]');
  process.exit(2);
}

const CLIENTS = [
  { name: 'agent1-a', user: 'agent1' },
  { name: 'agent1-b', user: 'agent1' },
  { name: 'supervisor', user: 'supervisor1' },
];
const PASSWORD = 'demo';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

interface Totals {
  lost: number;
  duplicated: number;
  diverged: number;
}

function startClient(server: ServerProcess, dir: string, spec: (typeof CLIENTS)[number], seed: number): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/chaos/chaos-client.ts'), '--server', server.url, '--data-dir', join(dir, spec.name), '--user', spec.user, '--password', PASSWORD, '--journal', join(dir, `${spec.name}.journal`), '--seed', String(seed), '--name', spec.name],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return child;
}

/** 0 for a clean exit; a SIGTERM that landed before Node could run any handler counts as clean too. */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    const settle = () => done(child.signalCode === 'SIGTERM' ? 0 : child.exitCode);
    if (child.exitCode !== null || child.signalCode !== null) settle();
    else child.once('exit', settle);
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function syncedCore(dataDir: string, server: ServerProcess, user: string) {
  const core = await createCore({ dataDir, log: quiet, sync: { serverUrl: server.url, credentials: { username: user, password: PASSWORD }, maxBackoffMs: 300, pokes: false } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    await core.invoke('sync.now', {});
    const status = (await core.invoke('sync.status', {})) as SyncStatusView;
    if (status.connection === 'online' && status.pendingCount === 0) return core;
    if (Date.now() > deadline) throw new Error(`${dataDir} did not finish syncing: ${JSON.stringify(status)}`);
    await sleep(100);
  }
}

function domainSnapshot(sqlite: Database.Database): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const table of Object.keys(DOMAIN_TABLE_KEYS) as DomainTableName[]) {
    const keys = DOMAIN_TABLE_KEYS[table].join(', ');
    snapshot.set(table, JSON.stringify(sqlite.prepare(`select * from ${table} order by ${keys}`).all()));
  }
  return snapshot;
}

async function oneRun(run: number, totals: Totals): Promise<void> {
  const seed = baseSeed + run;
  const random = seededRandom(seed);
  const dir = mkdtempSync(join(tmpdir(), `chaos-${seed}-`));
  const port = await freePort();
  let server = await startServerProcess(join(dir, 'server'), port);
  const clients = CLIENTS.map((spec, i) => startClient(server, dir, spec, seed * 10 + i));
  let serverUp = true;

  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    await sleep(300 + random() * 600);
    const roll = random();
    if (roll < 0.5) {
      const i = Math.floor(random() * clients.length);
      const spec = CLIENTS[i];
      const victim = clients[i];
      if (!spec || !victim) continue;
      victim.kill('SIGKILL');
      await exited(victim);
      await sleep(100 + random() * 400);
      clients[i] = startClient(server, dir, spec, seed * 10 + i + Math.floor(random() * 1000));
    } else if (serverUp) {
      // Every workstation loses the network at once, and the server may die mid-transaction.
      await server.kill9();
      serverUp = false;
      await sleep(200 + random() * 1300);
      server = await startServerProcess(join(dir, 'server'), port);
      serverUp = true;
    }
  }

  for (const child of clients) child.kill('SIGTERM');
  const codes = await Promise.all(clients.map(exited));
  // Crashing while draining is a failure in its own right, whatever the verification finds.
  if (codes.some((code) => code !== 0)) throw new Error(`run ${run} (seed ${seed}): a workstation failed while draining its outbox (exit codes ${codes.join(', ')})`);

  // First every replica pushes whatever it still holds (a workstation stopped before it could
  // drain keeps its outbox), so the reference views below are taken after the last write.
  for (const spec of CLIENTS) await (await syncedCore(join(dir, spec.name), server, spec.user)).close();
  const supervisorView = await syncedCore(join(dir, 'verify-supervisor1'), server, 'supervisor1');
  const serverMessages = new Map<string, string>();
  for (const row of supervisorView.replica.sqlite.prepare(`select id, body from messages where body like 'chaos %'`).all() as { id: string; body: string }[]) {
    serverMessages.set(row.id, row.body);
  }
  const bodies = new Map<string, number>();
  for (const body of serverMessages.values()) bodies.set(body, (bodies.get(body) ?? 0) + 1);
  totals.duplicated += [...bodies.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);

  // Then each replica pulls what the others pushed after it and must equal a fresh bootstrap.
  for (const spec of CLIENTS) {
    const replica = await syncedCore(join(dir, spec.name), server, spec.user);
    const fresh = spec.user === 'supervisor1' ? supervisorView : await syncedCore(join(dir, `verify-${spec.name}`), server, spec.user);
    const mine = domainSnapshot(replica.replica.sqlite);
    const theirs = domainSnapshot(fresh.replica.sqlite);
    const differing = [...mine.keys()].filter((table) => mine.get(table) !== theirs.get(table));
    if (differing.length > 0) {
      totals.diverged++;
      console.error(`run ${run} (seed ${seed}): ${spec.name} diverged in ${differing.join(', ')}`);
    }
    const rejected = new Set(
      (replica.replica.sqlite.prepare(`select json_extract(args, '$.id') as id from outbox where status = 'rejected'`).all() as { id: string }[]).map((r) => r.id),
    );
    const journal = join(dir, `${spec.name}.journal`);
    const entries = existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string; body: string }) : [];
    for (const entry of entries) {
      if (serverMessages.get(entry.id) === entry.body || rejected.has(entry.id)) continue;
      totals.lost++;
      console.error(`run ${run} (seed ${seed}): ${spec.name} lost reply ${entry.id} "${entry.body}"`);
    }
    await replica.close();
    if (fresh !== supervisorView) await fresh.close();
  }
  await supervisorView.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

const totals: Totals = { lost: 0, duplicated: 0, diverged: 0 };
let failedRuns = 0;
for (let run = 1; run <= runs; run++) {
  try {
    await oneRun(run, totals);
  } catch (error) {
    failedRuns++;
    console.error(error instanceof Error ? error.message : error);
  }
  if (runs > 1) console.log(`run ${run}/${runs}: ${totals.lost} lost, ${totals.duplicated} duplicated, ${totals.diverged + failedRuns} diverged so far`);
}
console.log(`chaos: ${runs} runs, ${totals.lost} lost, ${totals.duplicated} duplicated, ${totals.diverged + failedRuns} diverged`);
process.exit(totals.lost + totals.duplicated + totals.diverged + failedRuns > 0 ? 1 : 0);
