// Finding Electron and preparing its native modules, kept out of postinstall on purpose
// (ARCHITECTURE.md): rebuilding better-sqlite3 in place for Electron's ABI would break
// the plain-Node core, host and tests that share node_modules.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/**
 * The Electron executable, downloading it on first use as the electron package does.
 * @returns {{ path: string } | { path: null, reason: string }}
 */
export function electronBinary() {
  // In a child process: electron's index.js downloads synchronously and throws on failure.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return { path };
  const errorLines = (probe.stderr || probe.error?.message || '').split('\n').filter((line) => /^\w*Error:/.test(line.trim()));
  const reason = errorLines.map((line) => line.trim()).join('; ') || 'unknown error';
  return { path: null, reason: `the Electron binary is not installed and could not be downloaded: ${reason}` };
}

/**
 * better-sqlite3 built for this Electron version, in .cache/electron-native/<version>/.
 * Tries the project's prebuilt binaries first, then compiles against Electron's headers.
 * @returns {string} path of the .node file
 */
export function electronSqliteBinding() {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const target = join(root, '.cache', 'electron-native', `${electronVersion}-${process.platform}-${process.arch}`);
  const binding = join(target, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const copy = join(target, 'better-sqlite3');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(source, copy, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });

  const run = (command, args) =>
    spawnSync(command, args, { cwd: copy, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
  const ok =
    run(bin('prebuild-install'), ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`]) ||
    run(bin('node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers']);
  if (!ok || !existsSync(binding)) throw new Error(`could not build better-sqlite3 for Electron ${electronVersion}`);
  return binding;
}
