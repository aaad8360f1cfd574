import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumExecutable } from '../../scripts/find-chromium.mjs';
import { processTree } from '../../scripts/process-tree';
import { CORE_NODE_FLAGS, chromiumMemoryArguments } from '../../src/shared/memory-flags';

const root = resolve(import.meta.dirname, '../..');

/** Every process below `pid` whose `file` in /proc (its command line, its mappings) holds `needle`. */
function descendantsWith(pid: number, file: 'cmdline' | 'maps', needle: string): number[] {
  return processTree(pid).filter((child) => {
    if (child === pid) return false;
    try {
      return readFileSync(`/proc/${child}/${file}`, 'utf8').includes(needle);
    } catch {
      return false; // Ended while we looked.
    }
  });
}

describe('memory flags', () => {
  it('every way the browser host is launched passes the core its Node flags', () => {
    const hostScript = (JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.host ?? '';
    const beforeEntry = hostScript.slice(0, hostScript.indexOf('src/main/host/main.ts')).split(/\s+/);
    const start = readFileSync(resolve(root, 'scripts/start.mjs'), 'utf8');
    const startFlags = JSON.parse((/const coreNodeFlags = (\[[^\]]*\]);/.exec(start)?.[1] ?? '[]').replaceAll("'", '"')) as string[];
    for (const flag of CORE_NODE_FLAGS) expect(beforeEntry).toContain(flag);
    expect(startFlags).toEqual([...CORE_NODE_FLAGS]);
  });

  it('Node accepts the core flags', () => {
    const run = spawnSync(process.execPath, [...CORE_NODE_FLAGS, '-e', 'process.exit(0)'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('the core turns off V8\'s optimising compiler in its own process, as the desktop shell\'s main process takes no V8 flags', () => {
    // A hot loop, traced: V8 reports each function it compiles with TurboFan.
    const compilesHotLoop = (apply: boolean) => {
      const script = [
        apply ? `import ${JSON.stringify(resolve(root, 'src/main/core/core-v8-flags.ts'))};` : '',
        'function hotLoop(n) { let s = 0; for (let i = 0; i < n; i++) s += i % 7; return s; }',
        'let total = 0; for (let i = 0; i < 20000; i++) total += hotLoop(1000);',
        'console.log(total);',
      ].join('\n');
      const run = spawnSync(process.execPath, ['--trace-opt', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      return /compiling method .*hotLoop.*TURBOFAN/.test(run.stdout);
    };
    expect(compilesHotLoop(false)).toBe(true);
    expect(compilesHotLoop(true)).toBe(false);
  });

  /** Launches Chromium with `switches`, loads a page, and reports V8's flag complaints and which processes it runs. */
  async function launchWith(switches: string[]): Promise<{ flagErrors: string[]; networkProcesses: number; swiftShaderProcesses: number; renderers: number; smallThreadCacheRenderers: number; binaryDir: string }> {
    const executablePath = chromiumExecutable();
    // A server, not launch(): its process's stderr is where V8 reports a flag it does not know.
    const server = await chromium.launchServer({
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...switches],
    });
    let stderr = '';
    server.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const browser = await chromium.connect(server.wsEndpoint());
      const page = await browser.newPage();
      await page.setContent('<p id="ready">ready</p>');
      expect(await page.textContent('#ready')).toBe('ready');
      const pid = server.process().pid ?? -1;
      const networkProcesses = descendantsWith(pid, 'cmdline', 'network.mojom.NetworkService').length;
      const swiftShaderProcesses = descendantsWith(pid, 'maps', 'swiftshader').length;
      // Chromium hands its feature list to each process it starts on the command line (which a
      // process forked from the zygote rewrites as one string).
      const renderers = descendantsWith(pid, 'cmdline', '--type=renderer');
      const smallThreadCacheRenderers = renderers.filter((renderer) =>
        readFileSync(`/proc/${renderer}/cmdline`, 'utf8')
          .split(/[\0 ]/)
          .some((arg) => arg.startsWith('--disable-features=') && arg.slice('--disable-features='.length).split(',').includes('PartitionAllocLargeThreadCacheSize')),
      ).length;
      // The browser's own binary, past any launcher script (Debian's /usr/bin/chromium is one).
      const binaryDir = dirname(readlinkSync(`/proc/${pid}/exe`));
      await browser.close();
      return { flagErrors: stderr.split('\n').filter((line) => /unrecognized flag/i.test(line)), networkProcesses, swiftShaderProcesses, renderers: renderers.length, smallThreadCacheRenderers, binaryDir };
    } finally {
      await server.close();
    }
  }

  it.runIf(process.platform === 'linux')('Chromium takes the desktop shell switches: V8 knows every flag, the network service runs in the browser process, no software GPU is loaded, renderers keep small thread caches', async () => {
    // Without the switches: the network service has a process of its own, a flag V8 does not know
    // is reported, the GPU process loads SwiftShader where Chromium ships it, and the renderer
    // runs with the large thread cache.
    const without = await launchWith(['--js-flags=--no-such-v8-flag']);
    expect(without).toMatchObject({
      networkProcesses: 1,
      smallThreadCacheRenderers: 0,
      flagErrors: expect.arrayContaining([expect.stringContaining('no-such-v8-flag')]),
      swiftShaderProcesses: existsSync(join(without.binaryDir, 'libvk_swiftshader.so')) ? 1 : 0,
    });
    const withSwitches = await launchWith(chromiumMemoryArguments());
    expect(withSwitches).toMatchObject({ flagErrors: [], networkProcesses: 0, swiftShaderProcesses: 0 });
    expect(withSwitches.renderers).toBeGreaterThan(0);
    expect(withSwitches.smallThreadCacheRenderers).toBe(withSwitches.renderers);
  });
});
