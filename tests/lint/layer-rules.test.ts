import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules enforced by lint', () => {
  it.each([
    ['src/renderer/planted.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['src/shared/planted.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src/main/core/planted.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src/server/planted.ts', "import { app } from 'electron';\nexport const x = app;"],
  ])('rejects electron in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/main/electron/planted.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src/preload/planted.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
  ])('allows electron in %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });

  it.each([
    ["import { createCore } from '../main/core/create-core';\nexport const x = createCore;"],
    ["import { x } from '../server/app';\nexport const y = x;"],
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ["import path from 'path';\nexport const x = path;"],
    ["import Database from 'better-sqlite3';\nexport const x = Database;"],
  ])('rejects main, server and Node code in the renderer: %s', async (code) => {
    expect(await restrictedImports('src/renderer/planted.ts', code)).toHaveLength(1);
  });

  it.each([
    ["import { join } from 'node:path';\nexport const x = join;"],
    ["import { useState } from 'react';\nexport const x = useState;"],
    ["import { x } from '../renderer/App';\nexport const y = x;"],
  ])('keeps src/shared free of Node, React and other layers: %s', async (code) => {
    expect(await restrictedImports('src/shared/planted.ts', code)).toHaveLength(1);
  });

  it('lets the renderer use the shared contract', async () => {
    expect(await restrictedImports('src/renderer/planted.ts', "import { contract } from '../shared/contract';\nexport const x = contract;")).toEqual([]);
  });
});

describe('layer rules enforced by the per-layer tsconfig', () => {
  function typecheckPlanted(tsconfig: string, code: string): string {
    const dir = join(root, '.cache', `planted-${tsconfig.replace(/\W/g, '-')}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'planted.ts'), code);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(root, tsconfig), include: ['planted.ts'] }));
    const result = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    return result.stdout;
  }

  it('src/shared sees neither the DOM nor Node', () => {
    const out = typecheckPlanted('tsconfig.shared.json', 'export const a = document.title;\nexport const b = process.pid;\n');
    expect(out).toMatch(/Cannot find name 'document'/);
    expect(out).toMatch(/Cannot find name 'process'/);
  });

  it('the renderer sees the DOM but not Node', () => {
    const out = typecheckPlanted('tsconfig.renderer.json', 'export const a = document.title;\nexport const b = process.pid;\n');
    expect(out).not.toMatch(/Cannot find name 'document'/);
    expect(out).toMatch(/Cannot find name 'process'/);
  });
});
