import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PokeFrame } from '../../shared/sync/protocol';
import { authenticate } from '../auth/sessions';
import type { Store } from '../db/open-store';
import type { ServerDatabase } from '../db/schema';
import { startHeartbeat } from './heartbeat';
import { highWaterMark } from '../sync/change-log';
import { SYNCED_TABLE_NAMES, scopeChangeTag, viewerTags, type Viewer } from '../sync/scope';

export interface PokeOptions {
  store: Store;
  now: () => Date;
  onError(message: string, error: unknown): void;
  /** How often dead connections are detected and dropped. */
  heartbeatMs?: number;
}

interface Peer {
  socket: WebSocket;
  viewer: Viewer;
  /** The change-log tags that concern this viewer; null: all of them (supervisors, admins). */
  tags: string[] | null;
  lastPoked: number;
}

/** Answers an HTTP upgrade that will not become a WebSocket. */
export function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

const concerns = (peer: Peer, entryTags: readonly string[]) =>
  entryTags.length > 0 && (peer.tags === null || entryTags.some((tags) => [...(peer.tags ?? []), scopeChangeTag(peer.viewer)].some((tag) => tags.includes(`|${tag}|`))));

/**
 * The poke WebSocket: after every commit that wrote changes (from this instance, or from any
 * instance on PostgreSQL) each connected client whose scope the changes touch gets the new
 * high-water mark and pulls. Pokes carry no data, so a lost or duplicated poke costs at most
 * one pull (and the client's periodic pull covers a lost one).
 */
export function attachPoke({ store, now, onError, heartbeatMs = 30_000 }: PokeOptions): { upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void; close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const peers = new Set<Peer>();
  const heartbeat = startHeartbeat(heartbeatMs);

  const poke = (peer: Peer, cursor: number) => {
    // Notifications can arrive out of order across instances; a smaller number says nothing new.
    if (cursor <= peer.lastPoked || peer.socket.readyState !== peer.socket.OPEN) return;
    peer.lastPoked = cursor;
    peer.socket.send(JSON.stringify({ type: 'poke', cursor } satisfies PokeFrame));
  };

  // The HTTP server routes upgrades on SYNC_PATHS.poke here (start-server.ts).
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    (async () => {
      const viewer = await authenticate(store.db, url.searchParams.get('token') ?? '', now());
      if (!viewer) return refuse(socket, '401 Unauthorized');
      const tags = await viewerTags(store.db, viewer);
      wss.handleUpgrade(request, socket, head, (ws) => {
        const peer: Peer = { socket: ws, viewer, tags, lastPoked: 0 };
        peers.add(peer);
        heartbeat.watch(ws);
        ws.on('close', () => peers.delete(peer));
        ws.on('error', () => ws.terminate());
        ws.send(JSON.stringify({ type: 'hello', serverTime: now().toISOString() } satisfies PokeFrame));
      });
    })().catch((error: unknown) => {
      onError('poke: upgrade failed', error);
      refuse(socket, '500 Internal Server Error');
    });
  };

  // Off the write connection: a poke must not wait for the routing pass its own commit set off.
  const dispatcher = new PokeDispatcher(store.readDb, peers, poke, onError);
  const unsubscribe = store.onCommitted((changeNo) => dispatcher.committed(changeNo));


  return {
    upgrade,
    close() {
      heartbeat.stop();
      unsubscribe();
      for (const peer of peers) peer.socket.terminate();
      wss.close();
    },
  };
}

/**
 * Reads the tags of newly committed entries once per instance (not once per client) and pokes
 * the clients they concern. Notifications arriving while a range is being read coalesce into
 * the next range. When in doubt — the first notification, a failed read — everyone is poked.
 */
class PokeDispatcher {
  #seen: number | null = null;
  #target = 0;
  #running = false;

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly peers: Set<Peer>,
    private readonly poke: (peer: Peer, cursor: number) => void,
    private readonly onError: (message: string, error: unknown) => void,
  ) {
    highWaterMark(db).then(
      (hwm) => (this.#seen ??= hwm),
      (error: unknown) => onError('poke: reading the high-water mark failed', error),
    );
  }

  committed(changeNo: number): void {
    this.#target = Math.max(this.#target, changeNo);
    if (this.#running) return;
    this.#running = true;
    void this.#drain().finally(() => (this.#running = false));
  }

  /** Membership or role changed: what concerns this client from now on. */
  async #rescope(peer: Peer): Promise<void> {
    const user = await this.db.selectFrom('users').select('role').where('id', '=', peer.viewer.userId).executeTakeFirst();
    if (user) peer.viewer = { ...peer.viewer, role: user.role };
    peer.tags = await viewerTags(this.db, peer.viewer);
  }

  async #drain(): Promise<void> {
    while (this.#seen === null || this.#target > this.#seen) {
      const from = this.#seen;
      const upTo = this.#target;
      this.#seen = upTo;
      if (from === null) {
        for (const peer of this.peers) this.poke(peer, upTo);
        continue;
      }
      try {
        const entries = await this.db
          .selectFrom('change_log')
          .select('tags')
          .where('change_no', '>', from)
          .where('change_no', '<=', upTo)
          .where('tbl', 'in', SYNCED_TABLE_NAMES)
          .execute();
        const tags = entries.map((e) => e.tags);
        for (const peer of this.peers) {
          if (!concerns(peer, tags)) continue;
          if (tags.some((t) => t.includes(`|${scopeChangeTag(peer.viewer)}|`))) await this.#rescope(peer);
          this.poke(peer, upTo);
        }
      } catch (error) {
        this.onError('poke: reading new changes failed; poking everyone', error);
        for (const peer of this.peers) this.poke(peer, upTo);
      }
    }
  }
}
