// `npm run bench`: every `bench:*` script in package.json, one after another. Each prints its
// figures and ends with one JSON line; speed and memory goals live here, never in unit tests.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { scripts } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failed = 0;
for (const name of Object.keys(scripts).filter((n) => n.startsWith('bench:'))) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(npm, ['run', '--silent', name], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
