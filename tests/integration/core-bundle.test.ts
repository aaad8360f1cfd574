import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { browserHostConfig, CORE_NATIVE_DEPENDENCIES } from '../../vite.core.config';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/replica';

const root = resolve(import.meta.dirname, '../..');

describe('the core bundled with its dependencies, as the desktop shell ships it', () => {
  // Inside the repository, so the native modules left outside resolve from its node_modules.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.cache', 'test-core-bundle-'));
  const dir = tempDir('core-bundle');
  let host: HostProcess | undefined;
  afterAll(async () => {
    await host?.stop();
    rmSync(outDir, { recursive: true, force: true });
    dir.remove();
  });

  it('leaves only Node and the native modules outside, and answers the console’s calls', async () => {
    await build(browserHostConfig(outDir));
    const bundle = join(outDir, 'main.js');
    // The entry and the chunk it loads after setting the core's V8 flags, side by side.
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
    expect(files.filter((file) => file.includes('/'))).toEqual([]);
    const source = files.map((file) => readFileSync(join(outDir, file), 'utf8')).join('\n');
    // One character beyond Latin-1 and V8 would hold the whole source at two bytes per character.
    expect(source.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
    const imported = new Set([...source.matchAll(/\bfrom\s*"([^"]+)"|\bimport\(\s*[`"]([^`"]+)[`"]\s*\)/g)].map((match) => match[1] ?? match[2] ?? ''));
    const local = (name: string) => name.startsWith('./') && files.includes(name.slice(2));
    expect([...imported].filter((name) => !isBuiltin(name) && !CORE_NATIVE_DEPENDENCIES.includes(name) && !local(name))).toEqual([]);
    expect([...imported].filter(local).length).toBeGreaterThan(0);
    expect(imported).toContain('better-sqlite3');

    const rendererDir = join(dir.path, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
    host = await startHostProcess(join(dir.path, 'data'), ['--renderer-dir', rendererDir], bundle);
    expect(await (await fetch(host.url)).text()).toContain('<title>console</title>');

    // One call through the whole bundled stack: WebSocket bridge, validation, SQLite, the demo data.
    const socket = new WebSocket(`${host.url.replace('http', 'ws')}/api`, { origin: host.url });
    const answer = await new Promise<{ id: number; ok: boolean; result: { status: string; customerName: string }[] }>((resolveAnswer, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ id: 1, channel: 'conversation.list', input: {} })));
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { id?: number };
        if (frame.id === 1) resolveAnswer(frame as never);
      });
    });
    socket.close();
    expect(answer.ok).toBe(true);
    expect(answer.result.filter((c) => c.status === 'active').length).toBeGreaterThan(0);
    expect(answer.result.some((c) => /[\u4e00-\u9fff]/.test(c.customerName))).toBe(true);
  });
});
