// `npm run bench:console`: the keyboard console with 5 chats × 5,000 messages in Chromium.
// Measures keypress → next chat painted over 250 switches, with frames drawn as soon as they are
// ready (the switch's own time), then again on a 60 Hz frame clock (plus the wait for the next
// refresh), and the memory of host + browser.
// Last line: {"messages":…, "switch_p50_ms":…, "switch_p95_ms":…, "rss_mb":…, "pss_mb":…, "chromium_blank_pss_mb":…,
// "switch_60hz_p50_ms":…, "switch_60hz_p95_ms":…, "frame_floor_60hz_p50_ms":…, "frame_floor_60hz_p95_ms":…}: the floors are
// what Chromium alone costs (a blank page; on the 60 Hz clock, a key that changes nothing, measured the same way as a
// switch), printed beside the figures, never subtracted. Memory is PSS (docs/console.md says why), summed RSS beside it,
// both the highest reading taken every 25 switches; Chromium runs with the desktop shell's switches and the host with the
// core's Node flags and, set by its own entry, its V8 flags (src/shared/memory-flags.ts).
import { chromium, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { browserHostConfig } from '../../vite.core.config';
import { CONSOLE_WINDOW_SIZE } from '../../src/shared/desktop-window';
import { CORE_NODE_FLAGS, chromiumMemoryArguments } from '../../src/shared/memory-flags';
import { CHINESE_FONT_HINT, chineseFontInstalled } from '../find-chinese-font.mjs';
import { chromiumExecutable } from '../find-chromium.mjs';
import { processTree } from '../process-tree';

const root = resolve(import.meta.dirname, '../..');
const MESSAGES_PER_CHAT = 5000;
const WARM_UP_SWITCHES = 15;
const SWITCHES = 250;
const FLOOR_PRESSES = 100;
/** How often memory is read during the measured switches: the figure is the highest reading, not the last. */
const MEMORY_SAMPLE_SWITCHES = 25;
const TARGET = { p95Ms: 16, pssMb: 300 };
const AGENT = 'u-agent-1';

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** Chromium's role for a process (`--type=renderer`, `gpu-process`, …; the browser process has none). */
function processRole(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
    const service = args.find((a) => a.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length);
    return [type, service].filter(Boolean).join(' ') || 'main';
  } catch {
    return '?';
  }
}

/** kB of a /proc field (VmRSS in status, Pss in smaps_rollup) summed over processes. */
function sumKb(pids: number[], file: 'status' | 'smaps_rollup', field: string): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
      total += Number(match?.[1] ?? 0);
    } catch {
      // Gone, or not readable.
    }
  }
  return total;
}

/**
 * The host as the desktop app runs its main process: bundled with its dependencies and minified,
 * as electron-vite bundles the core (vite.core.config.ts), not TypeScript compiled at load time by
 * tsx, whose compiler and caches would be counted as the product's memory. Inside the repository,
 * so the bundle finds the native modules in node_modules.
 */
async function bundleHost(): Promise<string> {
  const outDir = join(root, '.cache/bench-console-host');
  await build(browserHostConfig(outDir));
  return join(outDir, 'main.js');
}

/** The mappings holding most of a process's PSS ("[heap]", a font file, "anon"), for seeing where memory goes. */
function largestMappings(pid: number, count: number): string {
  const totals = new Map<string, number>();
  let current = 'anon';
  for (const line of readFileSafe(`/proc/${pid}/smaps`).split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      current = header[1]?.trim() || 'anon';
      continue;
    }
    const pss = /^Pss:\s+(\d+) kB/.exec(line);
    if (pss) totals.set(current, (totals.get(current) ?? 0) + Number(pss[1]));
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, kb]) => `${name.split('/').pop()} ${Math.round(kb / 1024)} MB`)
    .join(', ');
}

/**
 * The host on a Node binary of its own, with the core's Node flags. This script's own Node maps
 * the same binary, and PSS splits the code pages two processes share: on the same binary, half of
 * the host's ~40 MB of Node code would go to the bench, which is not counted.
 */
function startHost(entry: string, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const node = join(dataDir, 'node');
  copyFileSync(process.execPath, node);
  const child = spawn(node, [...CORE_NODE_FLAGS, entry, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Workstation: (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolvePromise({ url: match[1], child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}:\n${output}`));
    });
  });
}

/** Fills each of the agent's active chats to 5,000 messages over the last 30 days. */
function addHistory(replicaFile: string): number {
  const db = new Database(replicaFile);
  db.pragma('busy_timeout = 5000');
  const chats = db.prepare("select id, channel, customer_id from conversations where assignee_id = ? and status = 'active' order by created_at").all(AGENT) as {
    id: string;
    channel: string;
    customer_id: string;
  }[];
  const insert = db.prepare('insert into messages (id, conversation_id, sender_kind, sender_id, body, channel, created_at) values (?, ?, ?, ?, ?, ?, ?)');
  const count = db.prepare('select count(*) as n from messages where conversation_id = ?');
  const start = Date.now() - 30 * 86_400_000;
  const lines = ['您好，请问我的订单什么时候发货？', '已为您查询，订单预计明天送达，请留意短信通知。', '好的，谢谢。另外发票怎么开？', '电子发票会在24小时内发送到您的邮箱。'];
  let total = 0;
  db.transaction(() => {
    for (const chat of chats) {
      const existing = (count.get(chat.id) as { n: number }).n;
      for (let i = existing; i < MESSAGES_PER_CHAT; i++) {
        const fromCustomer = i % 2 === 0;
        // Older than the demo's own messages, so the chat still ends where the demo left it.
        const at = new Date(start + i * 60_000 * 8).toISOString();
        insert.run(`bench-${chat.id}-${i}`, chat.id, fromCustomer ? 'customer' : 'agent', fromCustomer ? chat.customer_id : AGENT, `${lines[i % lines.length]}（${i}）`, chat.channel, at);
      }
      total += (count.get(chat.id) as { n: number }).n;
    }
  })();
  db.close();
  if (chats.length !== 5) throw new Error(`expected 5 active chats for ${AGENT}, found ${chats.length}`);
  return total;
}

/** The page globals the bench reads back. */
interface BenchWindow {
  __switchDurations: number[];
  __commitDurations: number[];
  __floorDurations: number[];
  __pending: number;
}

/**
 * Runs in the page: marks each Alt-key switch at keydown and again once the next chat has been
 * painted — the requestAnimationFrame callback that finds the new chat in the DOM runs in the frame
 * that draws it, and a task posted from there runs once that frame has been rendered. A Shift press
 * alone changes nothing in the console; timed the same way, it is the floor under any switch: the
 * wait for the next frame (Chromium draws at most once per 16.7 ms at 60 Hz, so a key pressed at a
 * random moment waits up to a whole frame) plus the cost of an empty one. A string, not a
 * function: the TypeScript loader would wrap named functions in a helper the page does not have.
 */
const INSTRUMENT_PAGE = `(() => {
  window.__switchDurations = [];
  window.__commitDurations = [];
  window.__floorDurations = [];
  window.__pending = 0;
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Shift' && !event.altKey) {
      const start = event.timeStamp;
      window.__pending++;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          window.__floorDurations.push(performance.now() - start);
          window.__pending--;
        };
        channel.port2.postMessage(null);
      });
      return;
    }
    if (!event.altKey || event.key === 'Alt') return;
    const from = document.querySelector('section.chat')?.dataset.conversationId;
    const start = event.timeStamp;
    performance.mark('switch-start', { startTime: start });
    window.__pending++;
    const painted = () => {
      const chat = document.querySelector('section.chat');
      if (!chat || chat.dataset.conversationId === from || !chat.querySelector('.messages[data-active] .message-rows > li.message')) {
        requestAnimationFrame(painted);
        return;
      }
      window.__commitDurations.push(performance.now() - start);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        performance.mark('switch-painted');
        window.__switchDurations.push(performance.measure('switch', 'switch-start', 'switch-painted').duration);
        window.__pending--;
      };
      channel.port2.postMessage(null);
    };
    requestAnimationFrame(painted);
  }, { capture: true });
})()`;

/** Every process of this Chromium: the browser's tree, whichever of its children is alive now. */
function chromiumPids(): number[] {
  return processTree(process.pid).filter((pid) => pid !== process.pid && commandName(pid) !== 'esbuild' && readFileSafe(`/proc/${pid}/cmdline`).includes('chromium'));
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The browser measured: Chromium's headless shell where it is installed (Debian's
 * chromium-headless-shell; Playwright's own headless Chromium is the same program), else the
 * system's Chromium. The shell embeds Chromium's content layer as Electron does, without the
 * browser's own layer (omnibox, profile services, the spare renderer) that a desktop app has not.
 * CHROMIUM_PATH chooses another.
 */
function benchBrowser(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'].find((path) => existsSync(path)) ?? chromiumExecutable();
}

const BASE_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'];
/**
 * Frames drawn as soon as they are ready instead of on a 60 Hz clock: a switch's time is then
 * its own, not its own plus the wait for the next refresh, which a key pressed at a random moment
 * spends (up to 16.7 ms) whatever the page does.
 */
const UNTHROTTLED_FLAGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

interface PassResult {
  durations: number[];
  commits: number[];
  floors: number[];
  calls: Map<string, number>;
  rowsInPage: number;
}

/**
 * Loads the console in `browser`, switches chats from the keyboard and, with `floorPresses`,
 * presses Shift as often. `sampleMemory` runs every MEMORY_SAMPLE_SWITCHES measured switches,
 * between two of them.
 */
async function switchPass(
  browser: Browser,
  url: string,
  floorPresses: number,
  options: { beforeLoad?: (page: Page) => Promise<void>; sampleMemory?: () => void } = {},
): Promise<{ page: Page; result: PassResult }> {
  // The size the desktop shell opens the console at: tiles and frame buffers grow with it.
  const page = await browser.newPage({ viewport: CONSOLE_WINDOW_SIZE });
  await options.beforeLoad?.(page);
  // Which API calls switching costs: every request frame the page sends to the host.
  const calls = new Map<string, number>();
  let counting = false;
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (!counting) return;
      const channel = (JSON.parse(String(payload)) as { channel?: string }).channel ?? '?';
      calls.set(channel, (calls.get(channel) ?? 0) + 1);
    }),
  );
  await page.goto(url);
  await page.waitForSelector('.conversation-item.slot[data-slot="5"]');
  await page.waitForSelector('.messages[data-active] .message-rows > li.message');
  await page.evaluate(INSTRUMENT_PAGE);

  // Slot keys and next-chat, so every press lands on another chat.
  const keys = ['Alt+2', 'Alt+3', 'Alt+ArrowDown', 'Alt+5', 'Alt+1', 'Alt+ArrowDown', 'Alt+4', 'Alt+ArrowUp', 'Alt+ArrowUp', 'Alt+ArrowDown'];
  let pressed = 0;
  const press = async (count: number, key?: string) => {
    for (let i = 0; i < count; i++, pressed++) {
      await page.keyboard.press(key ?? keys[pressed % keys.length] ?? 'Alt+ArrowDown');
      await page.waitForFunction(() => (globalThis as unknown as BenchWindow).__pending === 0);
    }
  };
  // The first visits load each chat's 5,000 messages and mark them read, which makes every list
  // refresh once more on its next visit; switching is measured in the steady state after that.
  await press(WARM_UP_SWITCHES);
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    const w = globalThis as unknown as BenchWindow;
    w.__switchDurations = [];
    w.__commitDurations = [];
  });
  counting = true;
  for (let done = 0; done < SWITCHES; done += MEMORY_SAMPLE_SWITCHES) {
    await press(Math.min(MEMORY_SAMPLE_SWITCHES, SWITCHES - done));
    options.sampleMemory?.();
  }
  counting = false;
  await press(floorPresses, 'Shift');
  const { durations, commits, floors } = await page.evaluate(() => {
    const w = globalThis as unknown as BenchWindow;
    return { durations: w.__switchDurations, commits: w.__commitDurations, floors: w.__floorDurations };
  });
  const rowsInPage = await page.locator('.message-rows > li').count();
  return { page, result: { durations, commits, floors, calls, rowsInPage } };
}

const round = (n: number) => Math.round(n * 10) / 10;
const figures = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), max: round(sorted.at(-1) ?? NaN), count: sorted.length };
};

/**
 * The font Chromium draws the console's Chinese with. Without one every character is an empty box:
 * no glyph is shaped or drawn and no font file is mapped, and the switch and memory figures would
 * leave out what a Chinese UI costs (its one CJK face takes ~10 MB of the renderer's pages, and its shaping tables a few MB more).
 */
function chineseFont(): string {
  if (!chineseFontInstalled()) throw new Error(CHINESE_FONT_HINT);
  // fc-match names the face a sans-serif Chinese text falls back to, as Chromium asks fontconfig.
  return spawnSync('fc-match', ['sans-serif:lang=zh-cn', 'family'], { encoding: 'utf8' }).stdout.split(',')[0]?.trim() ?? '?';
}

async function main() {
  if (process.platform !== 'linux') throw new Error('bench:console reads memory from /proc (PSS per process) and fonts through fontconfig: it runs on Linux only');
  console.log(`Chinese font: ${chineseFont()}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  // Always the production renderer build: out/renderer may hold electron-vite's unminified one.
  const build = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0 || !existsSync(join(root, 'out/renderer/index.html'))) throw new Error('renderer build failed');
  const host = await startHost(await bundleHost(), dataDir);
  const executablePath = benchBrowser();
  // With the switches the desktop shell sets (src/shared/memory-flags.ts).
  const launch = (flags: string[]) => chromium.launch({ ...(executablePath ? { executablePath } : {}), args: [...BASE_FLAGS, ...chromiumMemoryArguments(), ...flags] });
  console.log(`browser: ${executablePath ?? "Playwright's Chromium"}`);
  let browser = await launch(UNTHROTTLED_FLAGS);
  try {
    const messages = addHistory(join(dataDir, 'replica.sqlite'));
    console.log(`replica: ${messages} messages in 5 active chats (${MESSAGES_PER_CHAT} each)`);

    // Pass 1, frames drawn when ready: the switch figures and the memory.
    let blankPssKb = 0;
    // Everything this bench started: the host's process and Chromium's tree. esbuild is left out:
    // it is the compiler service of this script's own TypeScript loader, which the desktop app has not.
    const counted = () => processTree(process.pid).filter((pid) => pid !== process.pid && commandName(pid) !== 'esbuild');
    const readMemory = () => {
      const pids = counted();
      const hostPids = processTree(host.child.pid ?? -1).filter((pid) => pids.includes(pid));
      return { pids, pssKb: sumKb(pids, 'smaps_rollup', 'Pss'), rssKb: sumKb(pids, 'status', 'VmRSS'), hostPssKb: sumKb(hostPids, 'smaps_rollup', 'Pss'), hostRssKb: sumKb(hostPids, 'status', 'VmRSS') };
    };
    const samples: ReturnType<typeof readMemory>[] = [];
    const { page, result } = await switchPass(browser, host.url, 0, {
      sampleMemory: () => void samples.push(readMemory()),
      beforeLoad: async (blank) => {
        // Chromium's own floor: every process it runs with one blank page, before the console loads,
        // once it has stopped starting processes (a second without a change, at most ten).
        let settled = chromiumPids().join();
        for (let quiet = 0, waited = 0; quiet < 4 && waited < 40; waited++) {
          await blank.waitForTimeout(250);
          const now = chromiumPids().join();
          quiet = now === settled ? quiet + 1 : 0;
          settled = now;
        }
        blankPssKb = sumKb(chromiumPids(), 'smaps_rollup', 'Pss');
      },
    });

    const last = readMemory();
    const peak = [...samples, last].reduce((high, sample) => (sample.pssKb > high.pssKb ? sample : high));
    const { pids } = last;
    for (const pid of processTree(process.pid).filter((pid) => pid !== process.pid)) {
      const mb = (file: 'status' | 'smaps_rollup', field: string) => Math.round(sumKb([pid], file, field) / 1024);
      console.log(
        `  pid ${pid} ${commandName(pid)} ${processRole(pid)}: RSS ${mb('status', 'VmRSS')} MB, PSS ${mb('smaps_rollup', 'Pss')} MB (anonymous ${mb('smaps_rollup', 'Pss_Anon')}, files ${mb('smaps_rollup', 'Pss_File')})${pids.includes(pid) ? '' : ' (not counted)'}`,
      );
    }
    const biggest = [...pids].sort((a, b) => sumKb([b], 'smaps_rollup', 'Pss') - sumKb([a], 'smaps_rollup', 'Pss'))[0];
    if (biggest !== undefined) console.log(`  largest mappings of pid ${biggest}: ${largestMappings(biggest, 6)}`);
    // After the memory figures: collecting garbage first would flatter them.
    const cdp = await page.context().newCDPSession(page);
    const heapBeforeGc = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const messagesHeld = await page.locator('.messages').count();
    await browser.close();

    // Pass 2, on a 60 Hz frame clock, as on a display: the same switches, and the floor that clock sets.
    browser = await launch([]);
    const display = (await switchPass(browser, host.url, FLOOR_PRESSES)).result;

    const switches = figures(result.durations);
    const commits = figures(result.commits);
    const switches60 = figures(display.durations);
    const commits60 = figures(display.commits);
    const floors60 = figures(display.floors);
    const mb = (kb: number) => Math.round(kb / 1024);
    console.log(`switches measured: ${switches.count}; rows in the page after the last switch: ${result.rowsInPage} in ${messagesHeld} panes; page JS heap ${Math.round(heapBeforeGc.usedSize / 1048576)} MB used of ${Math.round(heapBeforeGc.totalSize / 1048576)} MB, after a full GC ${Math.round(heap.usedSize / 1048576)} MB of ${Math.round(heap.totalSize / 1048576)} MB`);
    console.log(`API calls during the measured switches: ${JSON.stringify(Object.fromEntries(result.calls))}`);
    console.log(`frames drawn when ready: keypress → DOM updated (rAF of the frame that draws it): p50 ${commits.p50} ms, p95 ${commits.p95} ms`);
    console.log(`frames drawn when ready: keypress → painted: p50 ${switches.p50} ms, p95 ${switches.p95} ms, max ${switches.max} ms (target p95 ≤ ${TARGET.p95Ms} ms)`);
    console.log(`60 Hz frame clock (${switches60.count} switches): keypress → DOM updated p50 ${commits60.p50} ms, p95 ${commits60.p95} ms; keypress → painted p50 ${switches60.p50} ms, p95 ${switches60.p95} ms, max ${switches60.max} ms`);
    console.log(`60 Hz floor, keypress → next frame painted with nothing changed (${floors60.count} Shift presses): p50 ${floors60.p50} ms, p95 ${floors60.p95} ms`);
    console.log(
      `memory, PSS (each shared page split among the processes sharing it), the highest of ${samples.length + 1} readings during the switches: host ${mb(peak.hostPssKb)} MB + Chromium ${mb(peak.pssKb - peak.hostPssKb)} MB = ${mb(peak.pssKb)} MB (target ≤ ${TARGET.pssMb} MB); ` +
        `after the last switch ${mb(last.pssKb)} MB; Chromium with a blank page: ${mb(blankPssKb)} MB, so the console's page adds ${mb(peak.pssKb - peak.hostPssKb - blankPssKb)} MB`,
    );
    console.log(`memory, summed RSS (counts a shared page once per process), same reading: host ${mb(peak.hostRssKb)} MB + Chromium ${mb(peak.rssKb - peak.hostRssKb)} MB = ${mb(peak.rssKb)} MB over ${peak.pids.length} processes`);
    console.log(
      JSON.stringify({
        messages,
        switch_p50_ms: switches.p50,
        switch_p95_ms: switches.p95,
        rss_mb: mb(peak.rssKb),
        pss_mb: mb(peak.pssKb),
        chromium_blank_pss_mb: mb(blankPssKb),
        switch_60hz_p50_ms: switches60.p50,
        switch_60hz_p95_ms: switches60.p95,
        frame_floor_60hz_p50_ms: floors60.p50,
        frame_floor_60hz_p95_ms: floors60.p95,
      }),
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => {
      if (host.child.exitCode !== null) return done();
      host.child.once('exit', () => done());
      host.child.kill('SIGTERM');
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
