import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { rendererConfig } from '../../vite.renderer.config';

const root = resolve(import.meta.dirname, '../..');
// zod's objects all carry this property; its name survives minification.
const ZOD_MARK = /\b_zod\b/;

/** Every .js and .cjs file under `dir`, concatenated. */
function scripts(dir: string): string {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.c?js$/.test(file));
  expect(files.length).toBeGreaterThan(0);
  return files.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n');
}

describe('what the console loads in its renderer process', () => {
  mkdirSync(join(root, '.cache'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.cache', 'test-renderer-bundle-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  // The core validates every call; the console and the preload only route them (channel-routing.ts).
  it('the renderer and the Electron preload are built without zod or the contract’s schemas', async () => {
    await build({ ...rendererConfig, configFile: false, logLevel: 'warn', build: { ...rendererConfig.build, outDir: join(outDir, 'renderer') } });
    await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir: join(outDir, 'preload'),
        minify: false,
        lib: { entry: join(root, 'src/preload/index.ts'), formats: ['cjs'], fileName: 'index' },
        rolldownOptions: { external: ['electron'] },
      },
    });
    expect(scripts(join(outDir, 'renderer'))).not.toMatch(ZOD_MARK);
    expect(scripts(join(outDir, 'preload'))).not.toMatch(ZOD_MARK);
  });
});
