// `npm test`: every check the project has, in order, ending with one line that counts them:
// "tests: N passed, N failed, N skipped". Installs the browser the end-to-end tests need.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chineseFontInstalled } from './find-chinese-font.mjs';
import { chromiumExecutable } from './find-chromium.mjs';

const root = resolve(import.meta.dirname, '..');
const reports = join(root, '.cache', 'test-reports');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return result.status === 0;
}

/** Like step(), also keeping the output (to read a closing line) while showing it. */
function stepWithOutput(title, command, args) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', shell: process.platform === 'win32', maxBuffer: 64 * 1024 * 1024 });
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  return { ok: result.status === 0, output: result.stdout ?? '' };
}

function ensureBrowser() {
  if (chromiumExecutable()) return true;
  const isRootOnDebian = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (isRootOnDebian) {
    return step('install Debian chromium', 'sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium']);
  }
  return step('install Playwright chromium', npx, ['playwright', 'install', 'chromium']);
}

/**
 * The console is Chinese: without a Chinese font Chromium draws empty boxes, and the font test
 * (tests/e2e/console-fonts.spec.ts) fails saying so. Windows and macOS always have one.
 */
function ensureChineseFont() {
  if (process.platform !== 'linux') return true;
  if (chineseFontInstalled()) return true;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return true;
  return step('install a Chinese font (Debian fonts-noto-cjk)', 'sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk']);
}

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const failures = [];
if (!step('lint and typecheck every layer', npm, ['run', 'lint'])) failures.push('lint');
if (!step('unit, migration, core and integration tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`])) failures.push('vitest');
// A handful of randomized kill -9 runs; `npm run test:chaos -- --runs 200` is the long version.
const chaos = stepWithOutput('chaos: workstations and server killed at random', npx, ['tsx', 'scripts/chaos/run-chaos.ts', '--runs', '2', '--seconds', '5']);
if (!chaos.ok) failures.push('chaos');
const chaosRuns = Number(/chaos: (\d+) runs/.exec(chaos.output)?.[1] ?? 0);
if (!step('build renderer and Electron bundles', npm, ['run', 'build'])) failures.push('build');
const browserReady = ensureBrowser();
if (!browserReady) failures.push('browser install');
const fontReady = ensureChineseFont();
if (!fontReady) failures.push('font install');
if (browserReady && fontReady && !step('end-to-end tests', npx, ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') })) failures.push('playwright');

const vitest = readJson(join(reports, 'vitest.json'));
const playwright = readJson(join(reports, 'playwright.json'));
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0) + (chaos.ok ? chaosRuns : 0);
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (chaos.ok ? 0 : Math.max(chaosRuns, 1));
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);

// Skips must say why (e.g. no Electron binary on this machine), never pass silently.
const skipReasons = (suite) => [
  ...(suite.specs ?? []).flatMap((spec) =>
    spec.tests.filter((t) => t.status === 'skipped').map((t) => `${spec.title}: ${t.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given'}`),
  ),
  ...(suite.suites ?? []).flatMap(skipReasons),
];
for (const line of (playwright?.suites ?? []).flatMap(skipReasons)) console.log(`skipped: ${line}`);

console.log('');
if (failures.length > 0) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length > 0 ? 1 : 0);
