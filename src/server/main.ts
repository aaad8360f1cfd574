import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, storeLocation } from './db/open-store';
import { DEMO_PASSWORD, seedDemoIfEmpty } from './demo';
import { DEFAULT_RETENTION, startServer } from './start-server';

const usage = `Usage: npm run server -- [--port N] [--data-dir DIR] [--demo] [--retention-days N]
  --port            TCP port on 127.0.0.1 (default 4010; 0 picks a free one)
  --data-dir        where the SQLite store lives (default .data/server); ignored when
                    DATABASE_URL is set, which selects PostgreSQL instead
  --demo            seed an empty store with the demo data set; every demo user's
                    password is "${DEMO_PASSWORD}"
  --retention-days  how long the change log is kept (default 30); clients offline
                    longer re-download their data
  --help            show this text`;

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
  return { help: values.help, port, dataDir: resolve(values['data-dir']), demo: values.demo, retentionMs };
}

async function main() {
  const flags = parseFlags();
  if (flags.help) {
    console.log(usage);
    return;
  }
  const log = { warn: (message: string) => console.warn(message), error: (message: string, error?: unknown) => console.error(message, error ?? '') };
  const store = await openStore(storeLocation(flags.dataDir, process.env.DATABASE_URL || undefined), log);
  if (flags.demo && (await seedDemoIfEmpty(store, new Date()))) console.error(`Seeded the demo data set (password "${DEMO_PASSWORD}" for every demo user)`);
  const server = await startServer({ store, port: flags.port, log, retention: { ...DEFAULT_RETENTION, changeLogMs: flags.retentionMs } });
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
