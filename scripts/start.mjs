// `npm start`: the embedded central server with the demo data set, and the workstation
// connected to it as the demo agent — in Electron where its binary exists, otherwise in the
// browser host (printing "Workstation: http://127.0.0.1:<port>"). A gentle trickle of demo
// customers (`npm run simulate -- --server URL --trickle`) keeps arriving in the demo agent's
// groups; `--no-trickle` turns it off.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronBinary, electronSqliteBinding } from './electron-support.mjs';

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// tsx as a loader in the same process: signals reach the server and host themselves.
const tsx = ['--import', 'tsx'];
// The core's Node flags (src/shared/memory-flags.ts, CORE_NODE_FLAGS; a test keeps the two alike).
const coreNodeFlags = ['--max-semi-space-size=1'];
const forceHost = process.argv.includes('--host') || process.env.WORKSTATION_HOST === '1';
const trickle = !process.argv.includes('--no-trickle');
const hostArgs = process.argv.slice(2).filter((arg) => arg !== '--host' && arg !== '--no-trickle');
const demoUser = { user: 'agent1', password: 'demo' };
const children = [];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) stopAll(result.status ?? 1);
}

function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

/** Starts a child and resolves with the URL it prints on the line starting with `prefix`. */
function startAndWaitForUrl(command, args, prefix, env = {}) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => stopAll(code ?? 1));
  return new Promise((resolveUrl) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const match = new RegExp(`${prefix} (http://\\S+)`).exec(buffer);
      if (match) resolveUrl(match[1]);
    });
  });
}

/**
 * Demo customers for the demo agent's own skill groups, one every 1–3 minutes and never more than
 * two whose chat is not over: the routing keeps the agent within their capacity and queues the
 * rest. It ends with npm start; should it fail, the workstation carries on without it.
 */
function startTrickle(serverUrl) {
  const demo = JSON.parse(readFileSync(join(root, 'resources/demo/demo-data.json'), 'utf8'));
  const groups = demo.users.find((user) => user.username === demoUser.user)?.groupIds ?? [];
  const child = spawn(process.execPath, [...tsx, join(root, 'scripts/simulate.ts'), '--server', serverUrl, '--trickle', '--groups', groups.join(',')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`The demo customers stopped (exit ${code}); the workstation carries on.`);
  });
}

const electron = forceHost ? { path: null, reason: 'browser host requested' } : electronBinary();
// The server serves the customers' chat widget from out/widget.
run(npm, ['run', 'build:widget']);
const serverUrl = await startAndWaitForUrl(process.execPath, [...tsx, join(root, 'src/server/main.ts'), '--demo', '--port', '4010', '--data-dir', join(root, '.data/server')], 'Server:');

if (electron.path) {
  const sqliteBinding = electronSqliteBinding();
  run(npm, ['run', 'build']);
  const child = spawn(electron.path, [root], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WORKSTATION_SQLITE_BINDING: sqliteBinding, WORKSTATION_SERVER_URL: serverUrl, WORKSTATION_USER: demoUser.user, WORKSTATION_PASSWORD: demoUser.password },
  });
  children.push(child);
  child.on('exit', (code) => stopAll(code ?? 0));
  if (trickle) startTrickle(serverUrl);
} else {
  console.log(`Starting the browser host instead of Electron: ${electron.reason}`);
  run(npm, ['run', 'build:renderer']);
  await startAndWaitForUrl(
    process.execPath,
    [...coreNodeFlags, ...tsx, join(root, 'src/main/host/main.ts'), '--data-dir', join(root, '.data/workstation'), '--server', serverUrl, '--user', demoUser.user, '--password', demoUser.password, ...hostArgs],
    'Workstation:',
  );
  if (trickle) startTrickle(serverUrl);
}
