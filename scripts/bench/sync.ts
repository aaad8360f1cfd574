// `npm run bench:sync`: first sync and live propagation of the workstation's replica against
// the central server, and of PouchDB against pouchdb-server on the same data in the same run.
//
// Ours: the central server (`npm run server`, its own process, SQLite store) holds 10,000
// conversations with 100,000 messages assigned to one agent, inserted through the store (by this
// script with `--seed`, in a process of its own) so the change-capture triggers run. A fresh
// replica (createCore with sync) bootstraps them, watched for event-loop stalls in this process,
// which holds nothing but workstations while it is watched; then two workstations of that agent are online, one sends replies
// (message.send) and each is timed until it is in the other's replica.
// PouchDB: pouchdb-server (its own process, LevelDB on disk) holds the same rows as documents; a
// fresh on-disk PouchDB replicates them; then two such PouchDBs in live sync with the server, one
// writes a message document, timed until the other's changes feed has it. Live samples of both
// are taken in turn, so the load of the machine weighs on both alike.
// Last line: {"rows":…, "bootstrap_ms":…, "pouchdb_bootstrap_ms":…, "live_p50_ms":…, "live_p95_ms":…, "pouchdb_live_p95_ms":…}
// where rows is the number of rows in the agent's replica (and of documents in PouchDB's).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import PouchDB from 'pouchdb';
import { uuidv7 } from 'uuidv7';
import { createCore, type Core } from '../../src/main/core/create-core';
import { DEFAULT_PAGE_SIZE } from '../../src/main/core/sync/sync-engine';
import { openStore, SQLITE_FILE_NAME } from '../../src/server/db/open-store';
import type { ServerDatabase } from '../../src/server/db/schema';
import { seedDemoIfEmpty } from '../../src/server/demo';
import { SYNCED_TABLES, visibleTo, type Viewer } from '../../src/server/sync/scope';
import type { SyncStatusView } from '../../src/shared/contract';
import { DOMAIN_TABLE_KEYS, type DomainTableName } from '../../src/shared/db/replica-schema';
import { demoData, DEMO_USER_ID } from '../../src/shared/demo/seed-demo';
import { seededRandom } from '../seeded-random';

/** BENCH_SYNC_CONVERSATIONS=1000 gives a quick smoke run of the script itself; the figures are for 10,000. */
const CONVERSATIONS = Number(process.env.BENCH_SYNC_CONVERSATIONS ?? 10_000);
const MESSAGES_PER_CONVERSATION = 10;
const CONVERSATIONS_PER_CUSTOMER = 4;
/** The newest few are still open, as many as the demo agent may hold at once (max_concurrent): the live phase replies in them. */
const OPEN_CONVERSATIONS = 5;
const LIVE_SAMPLES = Number(process.env.BENCH_SYNC_SAMPLES ?? 200);
const LIVE_WARM_UP = 10;
const LIVE_GAP_MS = 50;
/** Both sides get the same page size: ours per pull, PouchDB's batch_size per replication batch. */
const PAGE_SIZE = Number(process.env.BENCH_SYNC_PAGE_SIZE ?? DEFAULT_PAGE_SIZE);
const INSERT_BATCH = 500;
const FRAME_MS = 16;
const SEED = 20261123;

const root = resolve(import.meta.dirname, '../..');
const agent = { username: 'agent1', password: 'demo' };
const viewer: Viewer = { userId: DEMO_USER_ID, role: 'agent' };
const quiet = { info: () => {}, warn: () => {}, error: (message: string, detail?: unknown) => console.error(message, detail ?? '') };

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const round = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(samples: number[]): { p50: number; p95: number; max: number; text: string } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = round(percentile(sorted, 50));
  const p95 = round(percentile(sorted, 95));
  const max = round(sorted.at(-1) ?? NaN);
  return { p50, p95, max, text: `${sorted.length} samples: p50 ${p50} ms, p95 ${p95} ms, max ${max} ms` };
}

// ------------------------------------------------------------------------------------------------
// Data: one agent's history of chats, in the domain tables' own columns.

const CUSTOMER_LINES = [
  '你好,我的订单显示已签收但是我没有收到快递',
  '请问退款什么时候能到账?已经申请五天了',
  '收到的耳机左边没有声音,可以换货吗',
  '发票抬头写错了,能帮我重新开一张吗',
  '会员积分怎么突然清零了?',
  '我想修改收货地址,订单还没发货',
  '优惠券结算的时候用不了,提示不满足条件',
  '手表充不进电,充电器也换过了',
];
const AGENT_LINES = [
  '您好,这里是在线客服,很高兴为您服务。麻烦提供一下订单号,我马上为您查询。',
  '已为您查询到物流信息,包裹目前在驿站,取件码已通过短信发送给您。',
  '退款会在1-3个工作日内原路退回,请您留意银行卡的到账通知。',
  '非常抱歉给您带来不便,已为您登记换货,快递员会在明天上门取件。',
  '电子发票会在24小时内重新发送到您的邮箱,请注意查收。',
  '请问还有其他可以帮您的吗?感谢您的耐心等待。',
];
const SUBJECTS = ['物流查询', '退款进度', '换货申请', '发票问题', '会员积分', '修改地址', '优惠券', '产品故障'];
const CHANNELS = ['web', 'app', 'wechat', 'email', 'phone'] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];

// The columns of the domain tables' first migration; later columns take their defaults.
interface CustomerRow {
  id: string;
  name: string;
  phone: string;
  id_number: string | null;
  address: string;
  value_level: number;
  tags: string;
  created_at: string;
  updated_at: string;
}
interface ConversationRow {
  id: string;
  customer_id: string;
  channel: string;
  status: 'active' | 'closed';
  group_id: string | null;
  assignee_id: string;
  subject: string;
  created_at: string;
  updated_at: string;
  last_message_at: string;
  last_message_preview: string;
  waiting_since: string | null;
  unread_count: number;
  first_response_at: string;
  closed_at: string | null;
}
interface MessageRow {
  id: string;
  conversation_id: string;
  sender_kind: 'customer' | 'agent';
  sender_id: string | null;
  body: string;
  channel: string;
  created_at: string;
}
interface GeneratedData {
  customers: CustomerRow[];
  conversations: ConversationRow[];
  messages: MessageRow[];
}

function generate(conversationCount: number, now: Date): GeneratedData {
  const groupId = demoData().users.find((u) => u.id === DEMO_USER_ID)?.groupIds[0] ?? null;
  const iso = (msAgo: number) => new Date(now.getTime() - msAgo).toISOString();
  const customers: GeneratedData['customers'] = [];
  const conversations: GeneratedData['conversations'] = [];
  const messages: GeneratedData['messages'] = [];
  const customerCount = Math.ceil(conversationCount / CONVERSATIONS_PER_CUSTOMER);
  for (let i = 0; i < customerCount; i++) {
    const created = iso(400 * 86_400_000 - i * 60_000);
    customers.push({
      id: uuidv7(),
      name: `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.5 ? pick(GIVEN) : ''}`,
      phone: `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
      id_number: null,
      address: `上海市浦东新区张江路${1 + Math.floor(random() * 999)}号`,
      value_level: 1 + Math.floor(random() * 5),
      tags: JSON.stringify(random() < 0.2 ? ['VIP'] : []),
      created_at: created,
      updated_at: created,
    });
  }
  for (let i = 0; i < conversationCount; i++) {
    const open = i >= conversationCount - OPEN_CONVERSATIONS;
    // Closed ones oldest first, a few minutes apart. Open ones are minutes old: the server's
    // lifecycle rules would remind and close chats idle for half an hour during the run.
    const startMsAgo = open ? 10 * 60_000 : (conversationCount - i) * 5 * 60_000;
    const id = uuidv7();
    const channel = pick(CHANNELS);
    let last = '';
    let lastAt = '';
    for (let m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
      const fromCustomer = m % 2 === 0;
      last = fromCustomer ? pick(CUSTOMER_LINES) : pick(AGENT_LINES);
      lastAt = iso(startMsAgo - m * 30_000);
      messages.push({
        id: uuidv7(),
        conversation_id: id,
        sender_kind: fromCustomer ? 'customer' : 'agent',
        sender_id: fromCustomer ? null : DEMO_USER_ID,
        body: last,
        channel,
        created_at: lastAt,
      });
    }
    conversations.push({
      id,
      customer_id: (customers[i % customerCount] as CustomerRow).id,
      channel,
      status: open ? 'active' : 'closed',
      group_id: groupId,
      assignee_id: DEMO_USER_ID,
      subject: pick(SUBJECTS),
      created_at: iso(startMsAgo),
      updated_at: lastAt,
      last_message_at: lastAt,
      last_message_preview: last.slice(0, 40),
      waiting_since: null,
      unread_count: 0,
      first_response_at: iso(startMsAgo - 30_000),
      closed_at: open ? null : lastAt,
    });
  }
  return { customers, conversations, messages };
}

async function insertAll(db: Kysely<ServerDatabase>, table: keyof GeneratedData, rows: readonly object[]): Promise<void> {
  // Big transactions: one commit (and one fsync) per table instead of one per row.
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      // `never`: the rows name only the first migration's columns (see CustomerRow).
      await tx
        .insertInto(table)
        .values(rows.slice(i, i + INSERT_BATCH) as never)
        .execute();
    }
  });
}

/**
 * Seeds the central server's store in a process of its own (this script with `--seed`) and
 * returns the ids of the open conversations. A workstation's process never holds the server's
 * rows: generated here, collecting them would stall the event loop the bootstrap is watched on.
 */
async function seedServerStore(sqliteFile: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', import.meta.filename, '--seed', sqliteFile], { cwd: root, maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  return JSON.parse(lines.at(-1) ?? '[]') as string[];
}

async function seedMain(sqliteFile: string): Promise<void> {
  const started = performance.now();
  const now = new Date();
  const data = generate(CONVERSATIONS, now);
  const store = await openStore({ sqliteFile }, { warn: console.warn });
  try {
    await seedDemoIfEmpty(store, now);
    await insertAll(store.db, 'customers', data.customers);
    await insertAll(store.db, 'conversations', data.conversations);
    await insertAll(store.db, 'messages', data.messages);
  } finally {
    await store.close();
  }
  console.log(
    `server store: ${data.conversations.length} conversations, ${data.messages.length} messages, ${data.customers.length} customers inserted in ${Math.round(performance.now() - started)} ms`,
  );
  console.log(JSON.stringify(data.conversations.filter((c) => c.status === 'active').map((c) => c.id)));
}

/**
 * Rows per table the agent's replica must hold now, by the server's own scope rules, read from
 * the running server's store (the server may have written rows of its own since the seeding).
 */
async function rowsInScope(sqliteFile: string): Promise<Map<DomainTableName, number>> {
  const db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database: new Database(sqliteFile, { readonly: true }) }) });
  try {
    const counts = new Map<DomainTableName, number>();
    for (const { table } of SYNCED_TABLES) {
      const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} r where ${visibleTo(table, viewer)}`.execute(db);
      counts.set(table, Number(result.rows[0]?.n ?? 0));
    }
    return counts;
  } finally {
    await db.destroy();
  }
}

// ------------------------------------------------------------------------------------------------
// Processes: the central server and pouchdb-server, each on loopback in its own process.

interface Child {
  url: string;
  stop(): Promise<void>;
}

/**
 * Spawns `node args…` and resolves once `ready` (asked after each output chunk and every 200 ms,
 * never twice at once) returns the URL the process serves.
 */
function launch(args: string[], cwd: string, ready: (output: string) => Promise<string | null>, what: string): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveChild, reject) => {
    let settled = false;
    let asking = false;
    const finish = (result: Error | string) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
      if (typeof result === 'string') resolveChild({ url: result, stop });
      else void stop().then(() => reject(result));
    };
    const ask = () => {
      if (asking || settled) return;
      asking = true;
      void ready(output).then((url) => {
        asking = false;
        if (url) finish(url);
      });
    };
    const onExit = (code: number | null) => finish(new Error(`${what} exited with ${code}:\n${output}`));
    const poll = setInterval(ask, 200);
    const timer = setTimeout(() => finish(new Error(`${what} did not start:\n${output}`)), 60_000);
    child.once('exit', onExit);
    child.stdout?.on('data', ask);
    child.stderr?.on('data', ask);
  });
}

const startCentralServer = (dataDir: string) =>
  launch(
    ['--import', 'tsx', join(root, 'src/server/main.ts'), '--port', '0', '--data-dir', dataDir],
    root,
    async (output) => /Server: (http:\/\/\S+)/.exec(output)?.[1] ?? null,
    'central server',
  );

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startPouchdbServer(dir: string): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Our server logs no request; pouchdb-server would log and echo every one of them. Errors only,
  // so neither side pays for logging.
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ log: { level: 'error' } }));
  // At log level "error" it announces nothing: it is ready when it answers.
  const ready = async () => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok ? url : null;
    } catch {
      return null;
    }
  };
  // cwd is the temp folder: pouchdb-server writes its log.txt there.
  return launch(
    [join(root, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--host', '127.0.0.1', '--port', String(port), '--dir', dir, '--config', join(dir, 'config.json'), '--no-stdout-logs'],
    dir,
    ready,
    'pouchdb-server',
  );
}

// ------------------------------------------------------------------------------------------------
// Ours.

/** Resolves once `check` passes, re-checking after every event of the core (never polling). */
function whenCore(core: Core, check: () => Promise<boolean>, what: string, timeoutMs = 600_000): Promise<void> {
  return new Promise((resolveWait, reject) => {
    let checking = false;
    let again = false;
    let done = false;
    const finish = (error?: Error) => {
      done = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolveWait();
    };
    const run = () => {
      if (done) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      check().then(
        (ok) => {
          checking = false;
          if (ok) finish();
          else if (again) {
            again = false;
            run();
          }
        },
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const unsubscribe = core.subscribe(run);
    run();
  });
}

const syncStatus = (core: Core) => core.invoke('sync.status', {}) as Promise<SyncStatusView>;
const online = (core: Core) => whenCore(core, async () => (await syncStatus(core)).connection === 'online', 'sync online');

async function replicaCounts(core: Core): Promise<Map<DomainTableName, number>> {
  const counts = new Map<DomainTableName, number>();
  for (const table of Object.keys(DOMAIN_TABLE_KEYS) as DomainTableName[]) {
    const row = core.replica.sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number };
    counts.set(table, row.n);
  }
  return counts;
}

function assertCounts(actual: Map<DomainTableName, number>, expected: Map<DomainTableName, number>, what: string): void {
  const wrong = [...expected].filter(([table, n]) => actual.get(table) !== n).map(([table, n]) => `${table}: ${actual.get(table)} instead of ${n}`);
  if (wrong.length > 0) throw new Error(`${what} is incomplete: ${wrong.join('; ')}`);
}

interface Stalls {
  /** Longest time the event loop did not run, in wall time: what a frame waits for. */
  maxMs: number;
  /** Of that longest stall, the time the main thread was runnable but had no core: the machine's share. */
  maxQueuedMs: number;
  /**
   * Longest stall without the time the main thread waited for a core: running our code or sleeping
   * in a call it made (a disk flush). What this process blocked itself for.
   */
  maxOwnMs: number;
}

/**
 * Nanoseconds the main thread has spent runnable with no core free (Linux: the second field of its
 * schedstat); null elsewhere. Per thread, unlike process.cpuUsage(), which adds the GC's helper
 * threads and libuv's pool.
 */
function mainThreadQueuedNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/** Watches the event loop from a 1 ms timer until `stop()`. */
function watchStalls(): { stop(): Stalls } {
  let lastWall = performance.now();
  let lastQueuedNs = mainThreadQueuedNs();
  const stalls: Stalls = { maxMs: 0, maxQueuedMs: 0, maxOwnMs: 0 };
  const timer = setInterval(() => {
    const wall = performance.now();
    const queuedNs = mainThreadQueuedNs();
    // The timer's own 1 ms period is not a stall.
    const stallMs = wall - lastWall - 1;
    // Without the scheduler's figures (not Linux) all of a stall counts as our own.
    const queuedMs = queuedNs !== null && lastQueuedNs !== null ? (queuedNs - lastQueuedNs) / 1e6 : 0;
    if (stallMs > stalls.maxMs) {
      stalls.maxMs = stallMs;
      stalls.maxQueuedMs = queuedMs;
    }
    stalls.maxOwnMs = Math.max(stalls.maxOwnMs, stallMs - queuedMs);
    lastWall = wall;
    lastQueuedNs = queuedNs;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return stalls;
    },
  };
}

async function bootstrapReplica(dataDir: string, serverUrl: string): Promise<{ core: Core; ms: number; stalls: Stalls; pages: number }> {
  const started = performance.now();
  const core = await createCore({
    dataDir,
    log: quiet,
    sync: { serverUrl, credentials: agent, pageSize: PAGE_SIZE, pollIntervalMs: 3_600_000 },
  });
  // The first pull starts after sign-in, a network round trip from here: the watch sees every page.
  const watch = watchStalls();
  // Every applied page announces the outbox (the rebase settles it); status changes only sync_state.
  let pages = 0;
  const unsubscribe = core.subscribe((event) => {
    if (event.tables.includes('outbox')) pages++;
  });
  await online(core);
  const ms = performance.now() - started;
  const stalls = watch.stop();
  unsubscribe();
  return { core, ms, stalls, pages };
}

/** One reply sent on `sender`, timed until it is in `receiver`'s replica. */
function ourSampler(sender: Core, receiver: Core): (i: number, conversationId: string) => Promise<number> {
  const has = (id: string) => receiver.replica.sqlite.prepare('select 1 from messages where id = ?').get(id) !== undefined;
  return async (i, conversationId) => {
    // Each reply starts from quiet workstations, as a reply typed by a person would.
    await online(sender);
    await online(receiver);
    const started = performance.now();
    const { id } = (await sender.invoke('message.send', { conversationId, body: `实时同步测试回复 ${i}` })) as { id: string };
    await whenCore(receiver, async () => has(id), `reply ${i} on the other workstation`, 30_000);
    return performance.now() - started;
  };
}

// ------------------------------------------------------------------------------------------------
// PouchDB.

type Doc = { _id: string; type: DomainTableName } & Record<string, unknown>;

function replicaDocs(core: Core): Doc[] {
  const docs: Doc[] = [];
  for (const table of Object.keys(DOMAIN_TABLE_KEYS) as DomainTableName[]) {
    const keys = DOMAIN_TABLE_KEYS[table];
    for (const row of core.replica.sqlite.prepare(`select * from "${table}"`).all() as Record<string, unknown>[]) {
      docs.push({ ...row, _id: `${table}:${keys.map((k) => String(row[k])).join(':')}`, type: table });
    }
  }
  return docs;
}

async function loadPouchdbServer(url: string, docs: Doc[]): Promise<void> {
  const remote = new PouchDB<Doc>(url);
  for (let i = 0; i < docs.length; i += 5000) {
    const results = await remote.bulkDocs(docs.slice(i, i + 5000));
    const failed = results.find((r) => 'error' in r && r.error);
    if (failed) throw new Error(`pouchdb-server refused a document: ${JSON.stringify(failed)}`);
  }
  await remote.close();
}

async function pouchBootstrap(remoteUrl: string, path: string, expected: number): Promise<{ db: PouchDB.Database<Doc>; ms: number }> {
  const started = performance.now();
  const db = new PouchDB<Doc>(path);
  await PouchDB.replicate<Doc>(remoteUrl, db, { batch_size: PAGE_SIZE });
  const ms = performance.now() - started;
  const info = await db.info();
  if (info.doc_count !== expected) throw new Error(`PouchDB replica has ${info.doc_count} documents instead of ${expected}`);
  return { db, ms };
}

/** Resolves once a live replication has caught up (paused without an error). */
function caughtUp(replication: PouchDB.Replication): Promise<void> {
  return new Promise((resolveCaughtUp) => {
    replication.on('paused', (error?: unknown) => {
      if (!error) resolveCaughtUp();
    });
  });
}

/** Both databases in live sync with the server; a sample is one message document written on `sender`, timed until `receiver`'s changes feed has it. */
async function pouchSampler(remoteUrl: string, sender: PouchDB.Database<Doc>, receiver: PouchDB.Database<Doc>) {
  // Their documents came from the server: pushing starts after them. From scratch it would first
  // compare every one of them with the server, a one-off cost that is no part of propagation.
  const seqs = await Promise.all([sender.info(), receiver.info()]);
  const syncs = [sender, receiver].map((db, i) => db.sync(remoteUrl, { live: true, retry: true, batch_size: PAGE_SIZE, push: { since: seqs[i]?.update_seq ?? 0 } }));
  // Each direction on its own (a sync says "paused" as soon as one of them is), listened to at
  // once: "paused" is said once, and the pull, resuming where the bootstrap stopped, says it soon.
  await Promise.all(syncs.flatMap((sync) => [caughtUp(sync.push), caughtUp(sync.pull)]));
  const waiting = new Map<string, () => void>();
  const feed = receiver.changes({ since: 'now', live: true }).on('change', (change) => waiting.get(change.id)?.());
  const sample = async (i: number, conversationId: string) => {
    const id = uuidv7();
    const _id = `messages:${id}`;
    const arrived = new Promise<void>((resolveArrived, reject) => {
      const timer = setTimeout(() => reject(new Error(`PouchDB: document ${i} did not arrive`)), 30_000);
      waiting.set(_id, () => {
        clearTimeout(timer);
        waiting.delete(_id);
        resolveArrived();
      });
    });
    const started = performance.now();
    await sender.put({
      _id,
      type: 'messages',
      id,
      conversation_id: conversationId,
      sender_kind: 'agent',
      sender_id: DEMO_USER_ID,
      body: `实时同步测试回复 ${i}`,
      channel: 'web',
      created_at: new Date().toISOString(),
    });
    await arrived;
    return performance.now() - started;
  };
  // Cancelled replications still finish their requests: wait, or stopping the server resets them.
  const stop = () => Promise.all([feed, ...syncs].map((emitter) => new Promise<void>((done) => emitter.on('complete', () => done()).cancel())));
  return { sample, stop };
}

/**
 * The stalls of a process that never works for more than 5 ms at a time, over 2 s: what this
 * machine adds to any measurement (other processes on its two cores, disk flushes).
 */
async function noiseFloor(): Promise<Stalls> {
  const watch = watchStalls();
  const end = performance.now() + 2000;
  while (performance.now() < end) {
    const sliceEnd = performance.now() + 5;
    while (performance.now() < sliceEnd);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return watch.stop();
}

// ------------------------------------------------------------------------------------------------

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const children: Child[] = [];
  const cores: Core[] = [];
  const pouches: PouchDB.Database<Doc>[] = [];
  let stopPouchSync: (() => Promise<unknown>) | null = null;
  try {
    // 1. The central server's store, seeded through its own triggers.
    const serverDir = join(dir, 'server');
    mkdirSync(serverDir);
    const sqliteFile = join(serverDir, SQLITE_FILE_NAME);
    const open = await seedServerStore(sqliteFile);
    const server = await startCentralServer(serverDir);
    children.push(server);

    // 2. Ours: bootstrap of an empty replica, then a second workstation of the same agent.
    const noise = await noiseFloor();
    const first = await bootstrapReplica(join(dir, 'replica-a'), server.url);
    cores.push(first.core);
    const expected = await rowsInScope(sqliteFile);
    assertCounts(await replicaCounts(first.core), expected, 'the bootstrapped replica');
    const rows = [...expected.values()].reduce((a, b) => a + b, 0);
    const bootstrapMs = Math.round(first.ms);
    const maxBlockMs = round(first.stalls.maxMs);
    const ownBlockMs = round(first.stalls.maxOwnMs);
    console.log(`ours     bootstrap: ${rows} rows in ${bootstrapMs} ms (${Math.round(rows / (first.ms / 1000))} rows/s, page size ${PAGE_SIZE}, ${first.pages} pages)`);
    console.log(
      `ours     max_event_loop_block_ms ${maxBlockMs} during the bootstrap, of which the main thread waited ${round(first.stalls.maxQueuedMs)} ms for a core; ` +
        `longest stall without that wait: ${round(first.stalls.maxOwnMs)} ms (a frame is ${FRAME_MS} ms; ` +
        `a process that yields every 5 ms sees stalls up to ${round(noise.maxMs)} ms on this machine now, ${round(noise.maxOwnMs)} ms without the wait)`,
    );
    const second = await bootstrapReplica(join(dir, 'replica-b'), server.url);
    cores.push(second.core);
    console.log(`ours     second bootstrap: ${Math.round(second.ms)} ms, max_event_loop_block_ms ${round(second.stalls.maxMs)} (waiting for a core ${round(second.stalls.maxQueuedMs)} ms; without the wait, longest ${round(second.stalls.maxOwnMs)} ms)`);
    // Built once our bootstraps are measured: PouchDB's copy of the rows is no part of a workstation.
    const docs = replicaDocs(first.core);

    // 3. PouchDB on the same rows.
    const pouchServerDir = join(dir, 'pouchdb-server');
    mkdirSync(pouchServerDir);
    const pouchServer = await startPouchdbServer(pouchServerDir);
    children.push(pouchServer);
    const remoteUrl = `${pouchServer.url}/bench`;
    const started = performance.now();
    await loadPouchdbServer(remoteUrl, docs);
    console.log(`pouchdb-server: ${docs.length} documents loaded in ${Math.round(performance.now() - started)} ms`);
    const pouchFirst = await pouchBootstrap(remoteUrl, join(dir, 'pouch-a'), docs.length);
    pouches.push(pouchFirst.db);
    const pouchBootstrapMs = Math.round(pouchFirst.ms);
    console.log(`pouchdb  bootstrap: ${docs.length} documents in ${pouchBootstrapMs} ms (${Math.round(docs.length / (pouchFirst.ms / 1000))} docs/s, batch_size ${PAGE_SIZE})`);
    const pouchSecond = await pouchBootstrap(remoteUrl, join(dir, 'pouch-b'), docs.length);
    pouches.push(pouchSecond.db);
    console.log(`pouchdb  second bootstrap: ${Math.round(pouchSecond.ms)} ms`);

    // 4. Live propagation, ours and PouchDB's samples taken in turn: the machine's load, which
    // drifts during a run, weighs on both alike.
    const ourSample = ourSampler(second.core, first.core);
    const pouch = await pouchSampler(remoteUrl, pouchSecond.db, pouchFirst.db);
    stopPouchSync = pouch.stop;
    const ourTimes: number[] = [];
    const pouchTimes: number[] = [];
    for (let i = 0; i < LIVE_WARM_UP + LIVE_SAMPLES; i++) {
      const conversationId = open[i % open.length] as string;
      // Replies are typed seconds apart; a short gap lets the previous one's follow-up traffic end.
      await new Promise((resolve) => setTimeout(resolve, LIVE_GAP_MS));
      const ourMs = await ourSample(i, conversationId);
      await new Promise((resolve) => setTimeout(resolve, LIVE_GAP_MS));
      const pouchMs = await pouch.sample(i, conversationId);
      if (i < LIVE_WARM_UP) continue;
      ourTimes.push(ourMs);
      pouchTimes.push(pouchMs);
    }
    const ours = summary(ourTimes);
    const theirs = summary(pouchTimes);
    console.log(`ours     live (message.send → in the other replica): ${ours.text}`);
    console.log(`pouchdb  live (put → in the other's changes feed): ${theirs.text}`);

    const bootstrapRatio = bootstrapMs / pouchBootstrapMs;
    const liveRatio = ours.p95 / theirs.p95;
    console.log(
      `targets: bootstrap ${round(bootstrapRatio * 100)}% of PouchDB's (≤ 33%: ${bootstrapRatio <= 1 / 3 ? 'met' : 'missed'}); ` +
        `live p95 ${round(liveRatio * 100)}% of PouchDB's (≤ 50%: ${liveRatio <= 0.5 ? 'met' : 'missed'}); ` +
        `longest event-loop block during bootstrap, without the waits for a core, ${ownBlockMs} ms (≤ ${FRAME_MS} ms: ${ownBlockMs <= FRAME_MS ? 'met' : 'missed'}; ${maxBlockMs} ms with them)`,
    );
    console.log(
      JSON.stringify({
        rows,
        bootstrap_ms: bootstrapMs,
        pouchdb_bootstrap_ms: pouchBootstrapMs,
        live_p50_ms: ours.p50,
        live_p95_ms: ours.p95,
        pouchdb_live_p95_ms: theirs.p95,
      }),
    );
  } finally {
    await stopPouchSync?.();
    for (const core of cores) await core.close();
    for (const db of pouches) await db.close();
    for (const child of children) await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv[2] === '--seed' ? seedMain(process.argv[3] ?? '') : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
