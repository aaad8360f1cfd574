import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, storeLocation } from './db/open-store';
import { DEMO_PASSWORD, seedDemoIfEmpty, seedDemoProcess } from './demo';
import { DEFAULT_RETENTION, startServer } from './start-server';
import { INBOUND_CHANNELS } from '../shared/channels/protocol';
import { WIDGET_PATHS } from '../shared/widget/protocol';
import { DEFAULT_CHANNEL_CONFIG, parseChannelValues, type ChannelConfig } from './channels/config';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routing/config';
import { DEFAULT_TICKET_CONFIG, parseTicketConfig } from './tickets/config';

const usage = `Usage: npm run server -- [--port N] [--data-dir DIR] [--demo] [--retention-days N]
         [--channel-key CH=KEY]… [--channel-webhook CH=URL]… [--sla-seconds N] [--idle-minutes N]
         [--ticket-config FILE]
  --port             TCP port on 127.0.0.1 (default 4010; 0 picks a free one)
  --data-dir         where the SQLite store lives (default .data/server); ignored when
                     DATABASE_URL is set, which selects PostgreSQL instead
  --demo             seed an empty store with the demo data set; every demo user's
                     password is "${DEMO_PASSWORD}"; channels without a key get a random
                     one, printed at start
  --retention-days   how long the change log is kept (default 30); clients offline
                     longer re-download their data
  --channel-key      the key an inbound channel (app, wechat, email, phone) must send as
                     "Authorization: Bearer KEY" to POST /api/inbound/CH; repeatable;
                     also CHANNEL_KEYS="app=KEY,wechat=KEY"
  --channel-webhook  where agents' replies to that channel's customers are posted;
                     repeatable; also CHANNEL_WEBHOOKS="app=URL,…"
  --sla-seconds      first response within this, or the chat is reassigned (default 30)
  --idle-minutes     a chat without interaction this long ends, after a reminder
                     (default 30)
  --widget-dir       the built chat widget served at /widget/ (default out/widget;
                     npm run build:widget)
  --ticket-config    a JSON file overriding the ticket process's deadlines, business
                     hours calendar and follow-up rules (docs/tickets.md)
  --help             show this text`;

class UsageError extends Error {}

function parseFlags() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        'data-dir': { type: 'string', default: '.data/server' },
        demo: { type: 'boolean', default: false },
        'retention-days': { type: 'string' },
        'channel-key': { type: 'string', multiple: true, default: [] },
        'channel-webhook': { type: 'string', multiple: true, default: [] },
        'sla-seconds': { type: 'string' },
        'idle-minutes': { type: 'string' },
        'widget-dir': { type: 'string', default: 'out/widget' },
        'ticket-config': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port must be 0–65535, got "${values.port}"`);
  let retentionMs = DEFAULT_RETENTION.changeLogMs;
  if (values['retention-days'] !== undefined) {
    const days = Number(values['retention-days']);
    if (!Number.isFinite(days) || days <= 0) throw new UsageError(`--retention-days must be a positive number, got "${values['retention-days']}"`);
    retentionMs = days * 24 * 60 * 60 * 1000;
  }
  const positive = (flag: string, value: string | undefined, unitMs: number, fallbackMs: number) => {
    if (value === undefined) return fallbackMs;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, got "${value}"`);
    return n * unitMs;
  };
  const { times } = DEFAULT_ROUTING_CONFIG;
  const routing: RoutingConfig = {
    ...DEFAULT_ROUTING_CONFIG,
    times: {
      ...times,
      firstResponseMs: positive('sla-seconds', values['sla-seconds'], 1000, times.firstResponseMs),
      idleCloseMs: positive('idle-minutes', values['idle-minutes'], 60_000, times.idleCloseMs),
    },
  };
  // The reminder comes before the close; a very short idle time (a demo) leaves it half the time.
  routing.times.idleWarningMs = Math.min(times.idleWarningMs, routing.times.idleCloseMs / 2);
  const fromEnv = (name: string) => (process.env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  let channels: ChannelConfig;
  try {
    channels = {
      ...DEFAULT_CHANNEL_CONFIG,
      keys: { ...parseChannelValues(fromEnv('CHANNEL_KEYS'), 'CHANNEL_KEYS'), ...parseChannelValues(values['channel-key'], '--channel-key') },
      webhooks: { ...parseChannelValues(fromEnv('CHANNEL_WEBHOOKS'), 'CHANNEL_WEBHOOKS'), ...parseChannelValues(values['channel-webhook'], '--channel-webhook') },
    };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  for (const [channel, url] of Object.entries(channels.webhooks)) {
    if (!URL.canParse(url)) throw new UsageError(`--channel-webhook ${channel}: not a URL: "${url}"`);
  }
  let tickets = DEFAULT_TICKET_CONFIG;
  const ticketConfigFile = values['ticket-config'];
  if (ticketConfigFile !== undefined) {
    try {
      tickets = parseTicketConfig(JSON.parse(readFileSync(ticketConfigFile, 'utf8')));
    } catch (error) {
      throw new UsageError(`--ticket-config ${ticketConfigFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { help: values.help, port, dataDir: resolve(values['data-dir']), demo: values.demo, retentionMs, routing, channels, tickets, widgetDir: resolve(values['widget-dir']) };
}

/** A demo server takes channel posts at once: every channel without a key gets a random one. */
function withDemoKeys(channels: ChannelConfig): ChannelConfig {
  const keys = { ...channels.keys };
  for (const channel of INBOUND_CHANNELS) keys[channel] ??= `demo-${channel}-${randomBytes(12).toString('base64url')}`;
  return { ...channels, keys };
}

async function main() {
  const flags = parseFlags();
  if (flags.help) {
    console.log(usage);
    return;
  }
  const log = { warn: (message: string) => console.warn(message), error: (message: string, error?: unknown) => console.error(message, error ?? '') };
  const store = await openStore(storeLocation(flags.dataDir, process.env.DATABASE_URL || undefined), log);
  if (flags.demo && (await seedDemoIfEmpty(store, new Date()))) {
    await seedDemoProcess(store, new Date(), { tickets: flags.tickets, routing: flags.routing }, log);
    console.error(`Seeded the demo data set (password "${DEMO_PASSWORD}" for every demo user)`);
  }
  const channels = flags.demo ? withDemoKeys(flags.channels) : flags.channels;
  const server = await startServer({
    store,
    port: flags.port,
    log,
    retention: { ...DEFAULT_RETENTION, changeLogMs: flags.retentionMs },
    routing: flags.routing,
    channels,
    tickets: flags.tickets,
    widgetDir: flags.widgetDir,
  });
  if (flags.demo) console.log(`Inbound channel keys: ${INBOUND_CHANNELS.map((c) => `${c}=${channels.keys[c] ?? ''}`).join(' ')}`);
  console.log(`Chat widget: ${server.url}${WIDGET_PATHS.page}`);
  console.log(`Server: ${server.url}`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${usage}`);
  else console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
