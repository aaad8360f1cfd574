import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { ReplicaDatabase, ReplicaTableName } from '../../../shared/db/replica-schema';
import {
  PROTOCOL_VERSION,
  SYNC_PATHS,
  type LoginResponse,
  type PokeFrame,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SyncErrorBody,
} from '../../../shared/sync/protocol';
import type { Clock, Logger } from '../api/context';
import { ChangedConversations } from '../changed-conversations';
import { checkpointWal, rebase, RowWriter, withoutDiskFlush } from './rebase';
import { yieldToEventLoop } from './yield-to-event-loop';

export type SyncConnection = 'connecting' | 'online' | 'offline' | 'syncing' | 'update_required' | 'unauthorized';

export interface SyncConfig {
  serverUrl: string;
  /** Signs in when the replica has no valid token (the Quick start's demo agent). */
  credentials?: { username: string; password: string } | undefined;
  /** Safety net for a lost poke: pull at least this often while connected. */
  pollIntervalMs?: number;
  pageSize?: number;
  maxBackoffMs?: number;
  /** Listen for pokes over a WebSocket (default). Off, only the periodic pull brings changes. */
  pokes?: boolean;
}

export interface SyncSnapshot {
  connection: SyncConnection;
  /** Rows received / expected during a bootstrap; null otherwise. */
  bootstrap: { received: number; total: number } | null;
  lastErrorKey: string | null;
}

interface SyncDeps {
  db: Kysely<ReplicaDatabase>;
  sqlite: Database.Database;
  clock: Clock;
  log: Logger;
  schemaVersion: string;
  /** `conversations`: the chats whose rows changed, when known (`CoreEvent`). */
  tablesChanged(tables: readonly ReplicaTableName[], conversations?: readonly string[]): void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: SyncErrorBody | null,
  ) {
    super(`HTTP ${status}${body ? ` ${body.code}` : ''}`);
  }
}

const PUSH_BATCH = 200;
/** How long the pull after a push waits, so that the workstations poked by it pull first (docs/sync.md). */
const ECHO_PULL_DELAY_MS = 6;
/** Rows per pull page unless the config says otherwise. */
export const DEFAULT_PAGE_SIZE = 1000;
/** A page of this many characters parses in a third of a millisecond here; a smaller one, in one go. */
const LARGE_PAGE_TEXT = 64 * 1024;

/**
 * Keeps the replica in step with the central server: pushes the outbox in order, pulls
 * changes (or a paged bootstrap) and rebases pending mutations on top. One run at a time;
 * requests during a run coalesce into one more run. Network trouble never loses anything:
 * the outbox only shrinks when the server has acknowledged a mutation.
 */
export class SyncEngine {
  private snapshot: SyncSnapshot = { connection: 'connecting', bootstrap: null, lastErrorKey: null };
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private socket: WebSocket | null = null;
  private backoffMs = 500;
  /** Highest cursor announced by a poke that came in during the current run; 0 for none. */
  private pokedCursor = 0;
  private readonly writer: RowWriter;

  constructor(
    private readonly config: SyncConfig,
    private readonly deps: SyncDeps,
  ) {
    this.writer = new RowWriter(deps.sqlite);
  }

  status(): SyncSnapshot {
    return this.snapshot;
  }

  start(): void {
    this.stopped = false;
    this.openPokeSocket();
    this.pollTimer = setInterval(() => void this.requestSync(), this.config.pollIntervalMs ?? 30_000);
    void this.requestSync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.socket?.terminate();
    this.socket = null;
    await this.running?.catch(() => undefined);
  }

  /** Starts a sync run, or asks the current one to go round once more; resolves when the replica is caught up or the run failed. */
  requestSync(): Promise<void> {
    if (this.stopped || this.snapshot.connection === 'update_required') return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.runUntilSettled().finally(() => {
      this.running = null;
      // A poke that came in as the run was ending, after its last look at pokedCursor.
      if (this.pokedCursor > 0) void this.requestSync();
    });
    return this.running;
  }

  private async runUntilSettled(): Promise<void> {
    do {
      this.rerun = false;
      try {
        await this.syncOnce();
        this.backoffMs = 500;
      } catch (error) {
        // The retry after the back-off pulls anyway; a poke must not bring it forward.
        this.pokedCursor = 0;
        this.onFailure(error);
        return;
      }
    } while ((this.rerun || (await this.pokedPastCursor())) && !this.stopped);
  }

  /** Whether a poke during the run announced changes beyond the cursor the run pulled to. */
  private async pokedPastCursor(): Promise<boolean> {
    if (this.pokedCursor === 0) return false;
    const { cursor } = await this.readState(['cursor']);
    const beyond = cursor === undefined || this.pokedCursor > Number(cursor);
    this.pokedCursor = 0;
    return beyond;
  }

  private async syncOnce(): Promise<void> {
    this.setStatus({ connection: 'syncing' });
    const token = await this.ensureToken();
    // The pull after a push mostly brings back what this workstation already shows. The server
    // answers one request at a time, and its poke has just sent every other workstation the
    // push concerns to pull it: those wait for the change, so they go first.
    if (await this.pushAll(token)) await sleep(ECHO_PULL_DELAY_MS);
    await this.pullAll(token);
    // Shown in the status bar; a power loss may take it back.
    await withoutDiskFlush(this.deps.db, this.deps.sqlite, (db) => this.setState({ last_sync_at: this.deps.clock.now().toISOString() }, db));
    this.setStatus({ connection: 'online', bootstrap: null, lastErrorKey: null });
  }

  private onFailure(error: unknown): void {
    if (error instanceof HttpError && error.status === 426) {
      this.setStatus({ connection: 'update_required', lastErrorKey: 'errors:sync.update_required' });
      this.deps.log.warn('sync: the server requires a newer workstation', error.body);
      return;
    }
    if (error instanceof HttpError && error.status === 401) {
      this.setStatus({ connection: 'unauthorized', lastErrorKey: 'errors:sync.unauthorized' });
      return;
    }
    this.setStatus({ connection: 'offline', lastErrorKey: 'errors:sync.offline' });
    this.deps.log.warn(`sync: ${error instanceof Error ? error.message : String(error)}; retrying in ${this.backoffMs} ms`);
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.requestSync(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, this.config.maxBackoffMs ?? 30_000);
  }

  private async ensureToken(): Promise<string> {
    const state = await this.readState(['token']);
    if (state.token) return state.token;
    const credentials = this.config.credentials;
    if (!credentials) throw new HttpError(401, null);
    const login = await this.post<LoginResponse>(SYNC_PATHS.login, credentials, null);
    const previous = await this.readState(['user_id']);
    if (previous.user_id && previous.user_id !== login.userId) {
      // Another user's replica: their scope differs, so start from an empty replica.
      await this.setState({ cursor: null, bootstrap: null });
    }
    await this.setState({ token: login.token, user_id: login.userId });
    this.openPokeSocket();
    return login.token;
  }

  /**
   * A request to the central server outside sync, as the signed-in user (e.g. the audit log,
   * which lives only there). Throws like a sync request: offline, unauthorized, refused.
   */
  async serverRequest<T>(path: string, body: unknown): Promise<T> {
    const token = await this.ensureToken();
    return this.withToken((t) => this.post<T>(path, body, t), token);
  }

  private async withToken<T>(call: (token: string) => Promise<T>, token: string): Promise<T> {
    try {
      return await call(token);
    } catch (error) {
      // A token the server no longer knows (restarted store, expiry): sign in again once.
      if (!(error instanceof HttpError && error.status === 401 && this.config.credentials)) throw error;
      await this.setState({ token: null });
      return call(await this.ensureToken());
    }
  }

  private async hello() {
    const { client_id } = await this.readState(['client_id']);
    let clientId = client_id;
    if (!clientId) {
      clientId = crypto.randomUUID();
      await this.setState({ client_id: clientId });
    }
    return { clientId, protocolVersion: PROTOCOL_VERSION, schemaVersion: this.deps.schemaVersion };
  }

  /** Sends the outbox; whether anything was sent. */
  private async pushAll(token: string): Promise<boolean> {
    // Acknowledged mutations stay in the outbox until the next rebase; never send them again.
    let acknowledged = Number((await this.readState(['last_mutation_seq'])).last_mutation_seq ?? 0);
    let pushed = false;
    for (;;) {
      const pending = await this.deps.db
        .selectFrom('outbox')
        .select(['seq', 'name', 'args', 'created_at'])
        .where('status', '=', 'pending')
        .where('seq', '>', acknowledged)
        .orderBy('seq')
        .limit(PUSH_BATCH)
        .execute();
      if (pending.length === 0) return pushed;
      pushed = true;
      const body: PushRequest = {
        ...(await this.hello()),
        mutations: pending.map((m) => ({ seq: m.seq, name: m.name, args: JSON.parse(m.args) as unknown, createdAt: m.created_at })),
      };
      const response = await this.withToken((t) => this.post<PushResponse>(SYNC_PATHS.push, body, t), token);
      const rejected = response.results.filter((r) => r.status === 'rejected');
      const refusedIn = new ChangedConversations();
      for (const r of rejected) {
        await this.deps.db.updateTable('outbox').set({ status: 'rejected', error: r.messageKey ?? 'errors:mutation.rejected' }).where('seq', '=', r.seq).execute();
        const mutation = pending.find((m) => m.seq === r.seq);
        if (mutation) refusedIn.mutation(mutation.name, JSON.parse(mutation.args) as unknown);
        else refusedIn.everything();
      }
      // Acknowledged mutations leave the outbox in the next rebase, together with the server's rows.
      acknowledged = response.lastMutationSeq;
      // Only spares resending: a seq sent again after a power loss is answered as a duplicate.
      await withoutDiskFlush(this.deps.db, this.deps.sqlite, (db) => this.setState({ last_mutation_seq: String(acknowledged) }, db));
      if (rejected.length > 0) this.deps.tablesChanged(['outbox'], refusedIn.list());
      if (response.stopped) {
        if (response.stopped.reason === 'transient') throw new Error(`server stopped the push at #${response.stopped.seq}`);
        this.deps.log.error(`sync: the server is missing mutation #${response.lastMutationSeq + 1}; push halted`, response.stopped);
        return pushed;
      }
      if (pending.length < PUSH_BATCH) return pushed;
    }
  }

  private async pullAll(token: string): Promise<void> {
    let received = 0;
    // The next page, asked for before this one is applied: the server reads it meanwhile.
    // Its text only: parsing it is left to this loop, so it never shares a turn with an apply slice.
    let ahead: { cursor: number; bootstrap: string | null; response: Promise<string> } | null = null;
    const request = (body: PullRequest) => {
      const response = this.withToken((t) => this.send(SYNC_PATHS.pull, body, t), token);
      // A failed page surfaces where it is awaited; one never awaited (the run failed first) is dropped.
      response.catch(() => undefined);
      return response;
    };
    for (;;) {
      const state = await this.readState(['cursor', 'bootstrap']);
      const cursor = state.cursor === undefined ? null : Number(state.cursor);
      const bootstrapToken = state.bootstrap ?? null;
      const body: PullRequest = { ...(await this.hello()), cursor, bootstrap: bootstrapToken, limit: this.config.pageSize ?? DEFAULT_PAGE_SIZE };
      const text = await (ahead && ahead.cursor === cursor && ahead.bootstrap === bootstrapToken ? ahead.response : request(body));
      ahead = null;
      // Parsing a large page takes milliseconds, and so does the start of its apply: one turn each.
      // A live page (a reply, a status change) parses in microseconds: giving turns away there
      // would only let other work run first while the agent waits for it.
      const large = text.length >= LARGE_PAGE_TEXT;
      if (large) await yieldToEventLoop();
      const response = JSON.parse(text) as PullResponse;
      if (large) await yieldToEventLoop();
      if (response.kind === 'reset') {
        this.deps.log.info(`sync: server asked for a fresh bootstrap (${response.reason})`);
        await this.setState({ cursor: null, bootstrap: null });
        continue;
      }
      const more = response.more || response.bootstrap !== null;
      // The request the next round would make once this page is stored: nothing in between changes it.
      if (more) ahead = { cursor: response.cursor, bootstrap: response.bootstrap, response: request({ ...body, cursor: response.cursor, bootstrap: response.bootstrap }) };
      const fresh = cursor === null && bootstrapToken === null;
      const inBootstrap = response.bootstrap !== null || bootstrapToken !== null || fresh;
      received += response.changes.length;
      const result = await rebase(
        this.deps.db,
        this.deps.sqlite,
        this.writer,
        {
          changes: response.changes,
          clear: fresh,
          lastMutationSeq: response.lastMutationSeq,
          rejected: response.rejected,
          syncState: { cursor: String(response.cursor), bootstrap: response.bootstrap, last_mutation_seq: String(response.lastMutationSeq) },
        },
        this.deps.clock.now().toISOString(),
        this.deps.log,
      );
      if (inBootstrap) this.setStatus({ bootstrap: { received, total: received + (response.remaining ?? 0) } });
      this.deps.tablesChanged([...result.tables], result.conversations);
      // After the notification, so that nobody waits for it to see the page.
      if (result.checkpointDue) {
        await yieldToEventLoop();
        await checkpointWal(this.deps.db, this.deps.sqlite);
      }
      if (!more) return;
      await yieldToEventLoop();
    }
  }

  private openPokeSocket(): void {
    if (this.config.pokes === false) return;
    if (this.stopped || (this.socket && this.socket.readyState <= WebSocket.OPEN)) return;
    void this.readState(['token']).then(({ token }) => {
      if (!token || this.stopped) return;
      const url = new URL(SYNC_PATHS.poke, this.config.serverUrl);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', token);
      const socket = new WebSocket(url);
      this.socket = socket;
      socket.on('open', () => void this.requestSync());
      socket.on('message', (data) => void this.onPoke(data.toString()));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.socket === socket) this.socket = null;
        if (!this.stopped) setTimeout(() => this.openPokeSocket(), Math.min(this.backoffMs, 5000));
      });
    });
  }

  /** Pokes are hints: duplicated, reordered or stale ones cost at most one cheap pull. */
  async onPoke(text: string): Promise<void> {
    let frame: PokeFrame;
    try {
      frame = JSON.parse(text) as PokeFrame;
    } catch {
      return;
    }
    if (frame.type !== 'poke') return;
    const { cursor } = await this.readState(['cursor']);
    if (cursor !== undefined && frame.cursor <= Number(cursor)) return;
    if (this.running) {
      // The run under way pulls after its push, usually past this cursor (always past the
      // poke of its own push): it goes round once more only if it did not.
      this.pokedCursor = Math.max(this.pokedCursor, frame.cursor);
      return this.running;
    }
    await this.requestSync();
  }

  private async post<T>(path: string, body: unknown, token: string | null): Promise<T> {
    const text = await this.send(path, body, token);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** The body of a successful response, as text (a bootstrap page: hundreds of kilobytes). */
  private async send(path: string, body: unknown, token: string | null): Promise<string> {
    const response = await postJson(new URL(path, this.config.serverUrl), JSON.stringify(body), token);
    if (response.status < 200 || response.status >= 300) throw new HttpError(response.status, response.text ? (JSON.parse(response.text) as SyncErrorBody) : null);
    return response.text;
  }

  private async readState(keys: string[]): Promise<Record<string, string | undefined>> {
    const rows = await this.deps.db.selectFrom('sync_state').select(['key', 'value']).where('key', 'in', keys).execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  private async setState(values: Record<string, string | null>, db: Kysely<ReplicaDatabase> = this.deps.db): Promise<void> {
    for (const [key, value] of Object.entries(values)) {
      if (value === null) await db.deleteFrom('sync_state').where('key', '=', key).execute();
      else await db.insertInto('sync_state').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
  }

  private setStatus(patch: Partial<SyncSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    const changed = JSON.stringify(next) !== JSON.stringify(this.snapshot);
    this.snapshot = next;
    // The renderer's sync.status query reads sync_state: announcing it refreshes the status bar.
    if (changed) this.deps.tablesChanged(['sync_state']);
  }
}

/**
 * One POST through node:http, which ws has loaded already. Not `fetch`: Node loads its
 * implementation on the first call, 40 ms in one block, in the middle of the first sign-in.
 * The body is decoded chunk by chunk as it arrives: decoding a whole page at once (what
 * `response.text()` does) holds the event loop for milliseconds in one go.
 */
function postJson(url: URL, body: string, token: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: AbortSignal.timeout(30_000),
      },
      (response) => {
        const decoder = new StringDecoder('utf8');
        let text = '';
        response.on('data', (chunk: Buffer) => (text += decoder.write(chunk)));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: text + decoder.end() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
