import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from './start-host';

const usage = `Usage: npm run host -- [--port N] [--data-dir DIR] [--renderer-dir DIR] [--server URL --user NAME --password PW] [--no-demo]
  --port          TCP port on 127.0.0.1 (default 5173; 0 picks a free one)
  --data-dir      where the local replica lives (default .data/workstation)
  --renderer-dir  the built renderer (default out/renderer; build it with npm run build:renderer)
  --server        the central server to sync with (e.g. http://127.0.0.1:4010)
  --user, --password  sign-in for --server when the replica has no valid token
  --no-demo       without --server: do not seed an empty replica with the demo data set`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5173' },
      'data-dir': { type: 'string', default: '.data/workstation' },
      'renderer-dir': { type: 'string', default: 'out/renderer' },
      'no-demo': { type: 'boolean', default: false },
      server: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got "${values.port}"\n${usage}`);
  const rendererDir = resolve(values['renderer-dir']);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run "npm run build:renderer" first`);
  }
  const serverUrl = values.server;
  if (serverUrl !== undefined && !URL.canParse(serverUrl)) throw new Error(`--server must be a URL, got "${serverUrl}"\n${usage}`);
  if ((values.user === undefined) !== (values.password === undefined)) throw new Error(`--user and --password go together\n${usage}`);
  const credentials = values.user !== undefined && values.password !== undefined ? { username: values.user, password: values.password } : undefined;
  const host = await startHost({
    dataDir: resolve(values['data-dir']),
    rendererDir,
    port,
    // With a server the replica fills from it; the local demo seed is for working alone.
    demo: serverUrl === undefined && !values['no-demo'],
    sync: serverUrl === undefined ? undefined : { serverUrl, credentials },
  });
  console.log(`Workstation: ${host.url}`);
  const stop = () => {
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
