// `npm start`: the workstation in Electron where its binary exists, otherwise the same core
// and renderer in the browser host (printing "Workstation: http://127.0.0.1:<port>").
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { electronBinary, electronSqliteBinding } from './electron-support.mjs';

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const forceHost = process.argv.includes('--host') || process.env.WORKSTATION_HOST === '1';
const hostArgs = process.argv.slice(2).filter((arg) => arg !== '--host');

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = forceHost ? { path: null, reason: 'browser host requested' } : electronBinary();
if (electron.path) {
  const sqliteBinding = electronSqliteBinding();
  run(npm, ['run', 'build']);
  forward(spawn(electron.path, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, WORKSTATION_SQLITE_BINDING: sqliteBinding } }));
} else {
  console.log(`Starting the browser host instead of Electron: ${electron.reason}`);
  run(npm, ['run', 'build:renderer']);
  forward(spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'src/main/host/main.ts'), ...hostArgs], { cwd: root, stdio: 'inherit' }));
}
