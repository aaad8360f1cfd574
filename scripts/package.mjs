// `npm run package`: installers for Windows (nsis) and macOS (dmg). Needs the Electron
// binary and the platform's packaging tools, so it runs on agents' OSes, not on CI here.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (args) => {
  const result = spawnSync(npx, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(['electron-vite', 'build']);
run(['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
// electron-builder rebuilt better-sqlite3 in place for Electron; give Node (host, tests) its build back.
const rebuild = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(rebuild.status ?? 1);
