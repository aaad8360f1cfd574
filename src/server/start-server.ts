import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { SYNC_PATHS } from '../shared/sync/protocol';
import { WIDGET_PATHS } from '../shared/widget/protocol';
import { DEFAULT_CHANNEL_CONFIG, type ChannelConfig } from './channels/config';
import { startOutbound } from './channels/outbound';
import { openChangeFeed } from './db/change-feed';
import type { Store } from './db/open-store';
import { attachPoke, refuse } from './http/poke';
import { customerRoutes } from './http/customer-routes';
import { handleRequest, type ServerLog } from './http/routes';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routing/config';
import { startRouting } from './routing/routing-service';
import { purgeChangeLog, purgeExpiredSessions } from './sync/change-log';
import { DEFAULT_TICKET_CONFIG, type TicketConfig } from './tickets/config';
import { ticketClockPass } from './tickets/ticket-clock';
import { attachWidget } from './widget/widget-hub';
import { coalescingRunner } from '../shared/async/coalescing-runner';

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
  /** Routing and conversation lifecycle rules (docs/routing.md). */
  routing?: RoutingConfig;
  /** Run routing after commits and on a timer (default). Off, a pass runs only on `routingPass()`. */
  routingLoop?: boolean;
  /** Inbound channel keys and outbound webhooks. */
  channels?: ChannelConfig;
  /** The built chat widget page; null or absent: /widget/ answers that it is not built. */
  widgetDir?: string | null;
  /** Deadlines, business hours and follow-up rules of the ticket process (docs/tickets.md). */
  tickets?: TicketConfig;
  /** Check ticket clocks on a timer (default). Off, a pass runs only on `ticketPass()`. */
  ticketLoop?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Applies the retention now; returns the new purge floor (cursors below it must reset). */
  purge(): Promise<number>;
  /** One routing and lifecycle pass now. */
  routingPass(): Promise<void>;
  /** Posts due channel replies now. */
  deliverOutbound(): Promise<void>;
  /** One pass of the ticket clocks and follow-up rules now. */
  ticketPass(): Promise<void>;
  /** Stops listening and drops WebSocket clients; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

const consoleLog: ServerLog = { error: (message, error) => console.error(message, error ?? '') };

/**
 * The central server: HTTP endpoints of src/shared/sync/protocol.ts and the poke WebSocket;
 * the customers' side (chat widget, inbound channel API) with routing, the conversation
 * lifecycle and outbound delivery (docs/routing.md). All state lives in the store, so any
 * number of instances may share one PostgreSQL.
 */
export async function startServer({
  store,
  port,
  host = '127.0.0.1',
  clock = { now: () => new Date() },
  log = consoleLog,
  retention = DEFAULT_RETENTION,
  routing = DEFAULT_ROUTING_CONFIG,
  routingLoop = true,
  channels = DEFAULT_CHANNEL_CONFIG,
  widgetDir = null,
  tickets = DEFAULT_TICKET_CONFIG,
  ticketLoop = true,
}: ServerOptions): Promise<RunningServer> {
  const now = () => clock.now();
  const onError = (message: string, error: unknown) => log.error(message, error);
  const moreRoutes = customerRoutes({ store, now, log, routing, channels, widgetDir });
  const http = createServer((req, res) => void handleRequest(req, res, { store, now, log, tickets, routing, moreRoutes }));
  const poke = attachPoke({ store, now, onError });
  const feed = await openChangeFeed(store, onError);
  const widget = attachWidget(store, feed, routing, now, onError);
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === SYNC_PATHS.poke) return poke.upgrade(request, socket, head);
    if (path === WIDGET_PATHS.socket) return widget.upgrade(request, socket, head);
    refuse(socket, '404 Not Found');
  });
  const router = startRouting(store, feed, routing, now, onError, { background: routingLoop });
  const outbound = startOutbound(store, feed, channels, now, onError);

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

  const ticketPass = async () => {
    if (await ticketClockPass(store, tickets, now().toISOString())) await store.afterWrite();
  };
  const ticketRunner = coalescingRunner(ticketPass, (error) => log.error('ticket clock pass failed', error));
  const ticketTimer = ticketLoop ? setInterval(() => void ticketRunner.request(), tickets.tickMs) : null;
  if (ticketTimer) {
    ticketTimer.unref();
    void ticketRunner.request();
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
    routingPass: () => router.pass(),
    deliverOutbound: () => outbound.deliverDue(),
    ticketPass: () => ticketRunner.request(),
    close: async () => {
      if (timer) clearInterval(timer);
      if (ticketTimer) clearInterval(ticketTimer);
      await ticketRunner.close();
      await router.close();
      await outbound.close();
      widget.close();
      feed.close();
      poke.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
