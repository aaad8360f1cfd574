import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { REPLICA_SCHEMA_VERSION } from '../../src/main/core/db/open-replica';
import { openStore, type Store, type StoreLocation } from '../../src/server/db/open-store';
import { seedDemoIfEmpty } from '../../src/server/demo';
import { startServer, type Retention, type RunningServer, type ServerOptions } from '../../src/server/start-server';
import {
  PROTOCOL_VERSION,
  SYNC_PATHS,
  type LoginResponse,
  type PokeFrame,
  type PullResponse,
  type PushedMutation,
  type PushResponse,
  type RowChange,
  type SyncErrorBody,
} from '../../src/shared/sync/protocol';

/** What a current workstation announces: its newest replica migration. */
export const SCHEMA_VERSION = REPLICA_SCHEMA_VERSION;

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

export interface TestServer {
  url: string;
  store: Store;
  server: RunningServer;
  close(): Promise<void>;
}

/** A real server on a free port over its own store; `demo` seeds the demo data set (password "demo"). */
export async function startTestServer(
  options: { location?: StoreLocation; demo?: boolean; retention?: Retention } & Pick<ServerOptions, 'channels' | 'clock' | 'tickets'> = {},
): Promise<TestServer> {
  const store = await openStore(options.location ?? { sqliteFile: ':memory:' }, quietLog);
  if (options.demo ?? true) await seedDemoIfEmpty(store, new Date());
  const { location: _location, demo: _demo, retention, ...rest } = options;
  // Routing's background loop would reshuffle the demo queues under tests that script every step.
  const server = await startServer({ store, port: 0, log: quietLog, retention: retention ?? { changeLogMs: 24 * 3600_000, purgeEveryMs: 0 }, routingLoop: false, ticketLoop: false, ...rest });
  return {
    url: server.url,
    store,
    server,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

export interface HttpResult<T> {
  status: number;
  body: T;
}

export async function postJson<T>(url: string, body: unknown, token?: string): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function login(baseUrl: string, username: string, password = 'demo'): Promise<LoginResponse> {
  const result = await postJson<LoginResponse>(baseUrl + SYNC_PATHS.login, { username, password });
  if (result.status !== 200) throw new Error(`login ${username} failed: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

type ChangesPage = Extract<PullResponse, { kind: 'changes' }>;

const keyString = (change: Pick<RowChange, 'key'>) => JSON.stringify(Object.entries(change.key).sort());

/**
 * A desktop client reduced to what the protocol needs: a client id, a token and an in-memory
 * replica (table → key → row) that applies pulled changes exactly as a real replica would.
 */
export class TestClient {
  readonly replica = new Map<string, Map<string, Record<string, unknown>>>();
  cursor: number | null = null;
  bootstrap: string | null = null;
  private seq = 0;

  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly userId: string,
    readonly clientId: string = randomUUID(),
  ) {}

  static async signIn(baseUrl: string, username: string): Promise<TestClient> {
    const session = await login(baseUrl, username);
    return new TestClient(baseUrl, session.token, session.userId);
  }

  hello() {
    return { clientId: this.clientId, protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION };
  }

  /** A message.send with a fresh message id and the next seq. */
  nextSend(conversationId: string, body: string): PushedMutation {
    this.seq += 1;
    return { seq: this.seq, name: 'message.send', args: { id: randomUUID(), conversationId, body }, createdAt: new Date().toISOString() };
  }

  /** Any mutation, with the next seq. */
  next(name: string, args: Record<string, unknown>): PushedMutation {
    this.seq += 1;
    return { seq: this.seq, name, args, createdAt: new Date().toISOString() };
  }

  /** Pushes one mutation and returns its result. */
  async run(name: string, args: Record<string, unknown>): Promise<PushResponse['results'][number]> {
    const response = await this.push([this.next(name, args)]);
    const result = response.results[0];
    if (!result) throw new Error(`push of ${name} stopped: ${JSON.stringify(response)}`);
    return result;
  }

  async push(mutations: PushedMutation[]): Promise<PushResponse> {
    const result = await postJson<PushResponse | SyncErrorBody>(this.baseUrl + SYNC_PATHS.push, { ...this.hello(), mutations }, this.token);
    if (result.status !== 200) throw new Error(`push: HTTP ${result.status} ${JSON.stringify(result.body)}`);
    return result.body as PushResponse;
  }

  async pullPage(limit = 1000): Promise<PullResponse> {
    const result = await postJson<PullResponse | SyncErrorBody>(
      this.baseUrl + SYNC_PATHS.pull,
      { ...this.hello(), cursor: this.cursor, bootstrap: this.bootstrap, limit },
      this.token,
    );
    if (result.status !== 200) throw new Error(`pull: HTTP ${result.status} ${JSON.stringify(result.body)}`);
    return result.body as PullResponse;
  }

  apply(page: ChangesPage): void {
    if (this.cursor === null && this.bootstrap === null) this.replica.clear();
    for (const change of page.changes) {
      const rows = this.replica.get(change.table) ?? new Map<string, Record<string, unknown>>();
      this.replica.set(change.table, rows);
      if (change.op === 'put' && change.row) rows.set(keyString(change), change.row);
      else rows.delete(keyString(change));
    }
    this.cursor = page.cursor;
    this.bootstrap = page.bootstrap;
  }

  /** Pulls until caught up; returns every page. A reset starts over from an empty replica, as the protocol asks. */
  async sync(limit = 1000): Promise<ChangesPage[]> {
    const pages: ChangesPage[] = [];
    for (let i = 0; i < 10_000; i++) {
      const page = await this.pullPage(limit);
      if (page.kind === 'reset') {
        this.cursor = null;
        this.bootstrap = null;
        continue;
      }
      this.apply(page);
      pages.push(page);
      if (!page.more && page.bootstrap === null) return pages;
    }
    throw new Error('sync did not settle');
  }

  ids(table: string): string[] {
    return [...(this.replica.get(table)?.values() ?? [])].map((row) => String(row.id)).sort();
  }
}

/** Collects poke frames of one WebSocket connection. */
export async function openPokes(baseUrl: string, token: string): Promise<{ frames: PokeFrame[]; next(predicate: (frame: PokeFrame) => boolean, timeoutMs?: number): Promise<PokeFrame>; close(): void }> {
  const url = new URL(SYNC_PATHS.poke, baseUrl);
  url.protocol = 'ws:';
  url.searchParams.set('token', token);
  const socket = new WebSocket(url);
  const frames: PokeFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as PokeFrame);
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_req, res) => reject(new Error(`poke socket refused: HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
  return {
    frames,
    next: (predicate, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const hit = frames.find(predicate);
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching poke frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => socket.terminate(),
  };
}

export const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh schema on the test PostgreSQL, reached through `options=-c search_path=…` so every
 * connection of the store (and its LISTEN connection) lives in it. Fails loudly when
 * PostgreSQL is not there: these tests prove properties SQLite cannot show.
 */
export async function postgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (${error instanceof Error ? error.message : String(error)}). ` +
        'Start it (trust auth, database "test", user "postgres") or point DATABASE_URL at one.',
    );
  }
  const schema = `sync_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}
