import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from './db/open-store';
import { attachPoke } from './http/poke';
import { handleRequest, type ServerLog } from './http/routes';
import { purgeChangeLog, purgeExpiredSessions } from './sync/change-log';

export interface Retention {
  /** How long change-log entries are kept; a client whose cursor is older re-bootstraps. */
  changeLogMs: number;
  /** How often the purge runs; 0 runs it only when asked (tests). */
  purgeEveryMs: number;
}

export const DEFAULT_RETENTION: Retention = { changeLogMs: 30 * 24 * 60 * 60 * 1000, purgeEveryMs: 60 * 60 * 1000 };

export interface ServerOptions {
  store: Store;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  clock?: { now(): Date };
  log?: ServerLog;
  retention?: Retention;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Applies the retention now; returns the new purge floor (cursors below it must reset). */
  purge(): Promise<number>;
  /** Stops listening and drops WebSocket clients; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

const consoleLog: ServerLog = { error: (message, error) => console.error(message, error ?? '') };

/**
 * The central server: HTTP endpoints of src/shared/sync/protocol.ts and the poke WebSocket.
 * All state lives in the store, so any number of instances may share one PostgreSQL.
 */
export async function startServer({ store, port, host = '127.0.0.1', clock = { now: () => new Date() }, log = consoleLog, retention = DEFAULT_RETENTION }: ServerOptions): Promise<RunningServer> {
  const now = () => clock.now();
  const http = createServer((req, res) => void handleRequest(req, res, { store, now, log }));
  const poke = attachPoke(http, { store, now, onError: (message, error) => log.error(message, error) });

  // Entry ages are the database's own clock, so the cutoff is wall time, not the injected clock.
  const purge = async () => {
    const floor = await purgeChangeLog(store.db, Date.now() - retention.changeLogMs);
    await purgeExpiredSessions(store.db, now().toISOString());
    return floor;
  };
  const purgeInBackground = () => void purge().catch((error: unknown) => log.error('change-log purge failed', error));
  const timer = retention.purgeEveryMs > 0 ? setInterval(purgeInBackground, retention.purgeEveryMs) : null;
  if (timer) {
    timer.unref();
    purgeInBackground();
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const actualPort = (http.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}`,
    port: actualPort,
    purge,
    close: async () => {
      if (timer) clearInterval(timer);
      poke.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
