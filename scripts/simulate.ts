// `npm run simulate -- --agents A --customers C [--seed K] [--arrival-seconds S] [--reply-ms MIN-MAX]
// [--timeout-seconds T] [--keep]`: a load and demo run through the real central server over real
// connections. C customers, each with a known intent, tags and a short script, arrive over the
// web chat widget (WebSocket) or the inbound channel API (HTTP, replies back on a webhook); A agents
// are real workstation cores syncing with the server, online, replying after a human-like delay
// and closing the chat when the customer says goodbye.
// Last line: `simulate: <N> conversations, <O> over capacity, <M> misrouted, <U> unanswered, wait p95 <S> s`
//   O  the most chats above agents' own maximums at any one time (the server's store, sampled every 100 ms)
//   M  conversations whose skill group is not the one their customer's intent and tags call for
//   U  customers with a message no agent answered before the time limit
//   S  95th percentile of the wait from hand-over to a human until the first agent reply
// Exit code 1 when O, M or U is not 0.
//
// `npm run simulate -- --server URL [--customers C] [--arrival-seconds S] [--groups G,…]`: only customers,
// over the widget, against a server that is already running (its agents are people, or other
// workstations); ends `simulate: <N> conversations against <URL>, <A> answered, <U> unanswered`.
// With `--trickle` it goes on until stopped: a new customer every `--every-seconds MIN-MAX` (default
// 60-180), never more than `--max-open N` (default 2) whose chat is not over, each answering the
// agent a few seconds after every reply and rating the chat when it ends. `npm start` runs it so.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createCore, type Core } from '../src/main/core/create-core';
import { hashPassword } from '../src/server/auth/passwords';
import { openStore, SQLITE_FILE_NAME, storeLocation } from '../src/server/db/open-store';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../src/server/demo';
import type { InboundAccepted, OutboundMessage } from '../src/shared/channels/protocol';
import type { ConversationSummary, MessageView, SessionView, SyncStatusView } from '../src/shared/contract';
import { detectScript } from '../src/shared/text/script-fold';
import { WIDGET_PATHS, type WidgetConversation, type WidgetServerFrame, type WidgetSessionResponse } from '../src/shared/widget/protocol';
import { freePort, startServerProcess, type ServerProcess } from '../tests/support/server-process';
import { seededRandom } from './seeded-random';

const usage = `usage: npm run simulate -- --agents A --customers C [--seed K] [--arrival-seconds S] [--reply-ms MIN-MAX] [--timeout-seconds T] [--keep]
       npm run simulate -- --server URL [--customers C | --trickle [--every-seconds MIN-MAX] [--max-open N] [--first-after-seconds S]] [--groups G,…] [--seed K]`;
const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '5' },
    customers: { type: 'string', default: '100' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    'arrival-seconds': { type: 'string' },
    'reply-ms': { type: 'string', default: '800-2500' },
    'timeout-seconds': { type: 'string', default: '300' },
    keep: { type: 'boolean', default: false },
    server: { type: 'string' },
    trickle: { type: 'boolean', default: false },
    'every-seconds': { type: 'string', default: '60-180' },
    'max-open': { type: 'string', default: '2' },
    'first-after-seconds': { type: 'string', default: '30' },
    groups: { type: 'string' },
  },
});
const agentCount = Number(values.agents);
const customerCount = Number(values.customers);
const seed = Number(values.seed);
const arrivalMs = 1000 * Number(values['arrival-seconds'] ?? Math.max(5, customerCount / 4));
const [replyMin, replyMax] = (values['reply-ms'] ?? '').split('-').map(Number);
const timeoutMs = 1000 * Number(values['timeout-seconds']);
if (![agentCount, customerCount, seed].every(Number.isInteger) || agentCount < 1 || customerCount < 1 || !(arrivalMs >= 0) || !(timeoutMs > 0) || replyMin === undefined || replyMax === undefined || !(replyMin >= 0 && replyMax >= replyMin)) {
  console.error(usage);
  process.exit(2);
}
const [everyMin, everyMax] = (values['every-seconds'] ?? '').split('-').map((n) => Number(n) * 1000);
const maxOpen = Number(values['max-open']);
const firstAfterMs = Number(values['first-after-seconds']) * 1000;
const onlyGroups = values.groups?.split(',').map((g) => g.trim()).filter(Boolean) ?? null;
const trickleArgsOk = everyMin !== undefined && everyMax !== undefined && everyMin > 0 && everyMax >= everyMin && Number.isInteger(maxOpen) && maxOpen >= 1 && firstAfterMs >= 0;
if ((values.trickle && !values.server) || (values.server !== undefined && (!URL.canParse(values.server) || !trickleArgsOk)) || (onlyGroups !== null && onlyGroups.length === 0)) {
  console.error(usage);
  process.exit(2);
}

const random = seededRandom(seed);
const between = (min: number, max: number) => min + random() * (max - min);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const GOODBYE = /没有其他问题|沒有其他問題/;

interface Scenario {
  intent: string;
  /** The skill group the intent and tags call for (demo groups). */
  group: string;
  tags: string[];
  /** Customers with tags are known to a channel; the widget's visitors are anonymous. */
  via: 'widget' | 'app' | 'wechat';
  lines: string[];
}

const SCENARIOS: Omit<Scenario, 'via'>[] = [
  { intent: 'refund', group: 'g-aftersales', tags: [], lines: ['我要退款，订单还没发货', '订单号是 DD20261122008，麻烦尽快', '好的，谢谢，没有其他问题了'] },
  { intent: 'return', group: 'g-aftersales', tags: [], lines: ['衣服尺碼不合適，想退貨', '吊牌都還在', '明白了，謝謝，沒有其他問題了'] },
  { intent: 'logistics', group: 'g-aftersales', tags: [], lines: ['快递三天没更新了，物流是不是丢件了', '好的，谢谢，没有其他问题了'] },
  { intent: 'crash', group: 'g-tech', tags: [], lines: ['更新以后APP一打开就闪退', '已经重装过了还是闪退', '可以了，谢谢，没有其他问题了'] },
  { intent: 'login', group: 'g-tech', tags: [], lines: ['登錄時一直提示驗證碼錯誤', '好的，謝謝，沒有其他問題了'] },
  { intent: 'complaint', group: 'g-complaint', tags: [], lines: ['我要投诉你们的快递员，态度太差了', '他还把包裹扔在门口', '好吧，谢谢，没有其他问题了'] },
  { intent: 'presales', group: 'g-presales', tags: [], lines: ['这件外套还有XL码的库存吗', '有没有优惠券可以用', '好的，谢谢，没有其他问题了'] },
  { intent: 'account-stolen', group: 'g-senior', tags: [], lines: ['我的账号被盗了，有人在乱下单！', '我已经改了密码', '好的，谢谢，没有其他问题了'] },
  { intent: 'vip-refund', group: 'g-senior', tags: ['VIP'], lines: ['我要退款，上周买的羽绒服', '好的，谢谢，没有其他问题了'] },
  { intent: 'risk-crash', group: 'g-senior', tags: ['高投訴風險'], lines: ['APP又閃退了，你們到底能不能修好', '好，謝謝，沒有其他問題了'] },
];

function scenarioFor(index: number): Scenario {
  const base = SCENARIOS[Math.floor(random() * SCENARIOS.length)] ?? SCENARIOS[0];
  if (!base) throw new Error('no scenarios');
  const via = base.tags.length > 0 ? (index % 2 === 0 ? 'app' : 'wechat') : index % 3 === 0 ? 'app' : index % 3 === 1 ? 'wechat' : 'widget';
  return { ...base, via };
}

// ---- the server and its store ------------------------------------------------------------------

const DEMO_AGENTS = ['agent1', 'agent2', 'agent3', 'agent4'];

/**
 * The demo data set with every open chat closed and everyone offline, so capacity is exactly the
 * simulated agents' maximums; agents beyond the four demo ones are generalists in every group.
 */
async function prepareStore(dataDir: string): Promise<string[]> {
  const store = await openStore(storeLocation(dataDir, undefined), { warn: () => {} });
  try {
    await seedDemoIfEmpty(store, new Date());
    const now = new Date().toISOString();
    await store.db.updateTable('conversations').set({ status: 'closed', closed_at: now, waiting_since: null, unread_count: 0 }).where('status', '<>', 'closed').execute();
    await store.db.updateTable('users').set({ presence: 'offline' }).execute();
    const groups = await store.db.selectFrom('skill_groups').select('id').execute();
    const usernames = DEMO_AGENTS.slice(0, agentCount);
    for (let n = DEMO_AGENTS.length + 1; n <= agentCount; n++) {
      const id = `u-sim-agent-${n}`;
      await store.db
        .insertInto('users')
        .values({ id, username: `agent${n}`, display_name: `模拟客服${n}`, agent_no: `KF9${String(n).padStart(3, '0')}`, role: 'agent', max_concurrent: 4, presence: 'offline', updated_at: now })
        .execute();
      for (const group of groups) await store.db.insertInto('group_members').values({ group_id: group.id, user_id: id }).execute();
      await store.db.insertInto('credentials').values({ user_id: id, password_hash: await hashPassword(DEMO_PASSWORD), updated_at: now }).execute();
      usernames.push(`agent${n}`);
    }
    return usernames;
  } finally {
    await store.close();
  }
}

/** Replies the server posts to the channels' webhook, by the channel's customer id. */
class Webhook {
  readonly byCustomer = new Map<string, OutboundMessage[]>();
  readonly seenKeys = new Set<string>();
  repeated = 0;
  private readonly waiters = new Set<() => void>();
  private readonly http = createServer((req, res) => {
    void this.read(req).then(
      (message) => {
        const key = String(req.headers['idempotency-key'] ?? '');
        // At least once: a repeat of a delivered key is acknowledged and ignored, as a channel would.
        if (this.seenKeys.has(key)) this.repeated++;
        else {
          this.seenKeys.add(key);
          const list = this.byCustomer.get(message.customerId) ?? [];
          list.push(message);
          this.byCustomer.set(message.customerId, list);
          for (const wake of this.waiters) wake();
        }
        res.writeHead(200).end();
      },
      () => res.writeHead(400).end(),
    );
  });

  private async read(req: IncomingMessage): Promise<OutboundMessage> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as OutboundMessage;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/webhook`;
  }

  agentReplies(customerId: string): number {
    return (this.byCustomer.get(customerId) ?? []).filter((m) => m.sender.kind === 'agent').length;
  }

  until(check: () => boolean, deadline: number): Promise<boolean> {
    return waitFor(this.waiters, check, deadline);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.http.close(() => resolve()));
  }
}

function waitFor(waiters: Set<() => void>, check: () => boolean, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      waiters.delete(probe);
      clearTimeout(timer);
      resolve(value);
    };
    const probe = () => {
      if (check()) done(true);
    };
    const timer = setTimeout(() => done(check()), Math.max(0, deadline - Date.now()));
    waiters.add(probe);
    probe();
  });
}

// ---- agents --------------------------------------------------------------------------------------

const ANSWERS: Record<string, string> = {
  'g-aftersales': '您好，已为您查询订单，马上为您处理，请稍等。',
  'g-tech': '您好，请先更新到最新版本并清除缓存后再试，我这边同步为您登记。',
  'g-complaint': '非常抱歉给您带来不好的体验，我已记录并会跟进处理。',
  'g-presales': '您好，这款目前有货，下单时可以使用店铺优惠券。',
  'g-senior': '您好，我是高级客服，已为您优先处理。',
};

class SimAgent {
  readonly inFlight = new Set<string>();
  replies = 0;
  userId = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly username: string,
    readonly core: Core,
  ) {}

  async start(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = (await this.core.invoke('sync.status', {})) as SyncStatusView;
      if (status.connection === 'online' && status.pendingCount === 0) break;
      if (Date.now() > deadline) throw new Error(`${this.username} could not sync: ${JSON.stringify(status)}`);
      await sleep(100);
    }
    this.userId = ((await this.core.invoke('session.get', {})) as SessionView).user.id;
    await this.core.invoke('presence.set', { presence: 'online' });
    this.core.subscribe((event) => {
      if (event.tables.includes('conversations')) void this.scan();
    });
    this.timer = setInterval(() => void this.scan(), 1000);
  }

  private async scan(): Promise<void> {
    const active = (await this.core.invoke('conversation.list', { statuses: ['active'] })) as ConversationSummary[];
    for (const chat of active) {
      if (chat.assigneeId !== this.userId || chat.waitingSince === null || this.inFlight.has(chat.id)) continue;
      this.inFlight.add(chat.id);
      void this.answer(chat).finally(() => this.inFlight.delete(chat.id));
    }
  }

  /** Reads what the customer wrote, thinks and types for a while, answers; says goodbye and closes when they do. */
  private async answer(chat: ConversationSummary): Promise<void> {
    await sleep(between(replyMin ?? 0, replyMax ?? 0));
    const messages = (await this.core.invoke('message.list', { conversationId: chat.id })) as MessageView[];
    const last = messages.filter((m) => m.senderKind === 'customer').at(-1);
    if (!last) return;
    const goodbye = GOODBYE.test(last.body);
    const group = Object.keys(ANSWERS).find((g) => chat.groupName !== null && groupNames.get(g) === chat.groupName) ?? 'g-presales';
    try {
      await this.core.invoke('message.send', { conversationId: chat.id, body: goodbye ? '不客气，感谢您的咨询，祝您生活愉快！' : (ANSWERS[group] ?? ANSWERS['g-presales'] ?? '') });
      this.replies++;
      if (goodbye) await this.core.invoke('conversation.close', { conversationId: chat.id });
    } catch {
      // Closed meanwhile (the customer left, the session timed out): nothing to answer.
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.core.invoke('presence.set', { presence: 'offline' }).catch(() => undefined);
    await this.core.invoke('sync.now', {}).catch(() => undefined);
    await this.core.close();
  }
}

const groupNames = new Map<string, string>();

// ---- customers -----------------------------------------------------------------------------------

interface Outcome {
  scenario: Scenario;
  conversationId: string | null;
  /** Every line got an agent's answer. */
  answered: boolean;
}

async function widgetCustomer(baseUrl: string, scenario: Scenario, deadline: number): Promise<Outcome> {
  const outcome: Outcome = { scenario, conversationId: null, answered: false };
  const session = (await (await fetch(baseUrl + WIDGET_PATHS.session, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'zh-CN' }) })).json()) as WidgetSessionResponse;
  const url = new URL(WIDGET_PATHS.socket, baseUrl);
  url.protocol = 'ws:';
  url.searchParams.set('token', session.token);
  const socket = new WebSocket(url);
  const waiters = new Set<() => void>();
  let state: WidgetConversation | null = null;
  let agentReplies = 0;
  let botReplies = 0;
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WidgetServerFrame;
    if (frame.type === 'state') {
      state = frame.conversation;
      if (state) outcome.conversationId = state.id;
    }
    if (frame.type === 'messages') {
      agentReplies += frame.messages.filter((m) => m.from === 'agent').length;
      botReplies += frame.messages.filter((m) => m.from === 'bot').length;
    }
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (body: string) => socket.send(JSON.stringify({ type: 'send', id: randomUUID(), body }));
  const current = (): WidgetConversation | null => state;
  try {
    for (const [index, line] of scenario.lines.entries()) {
      const before = agentReplies;
      const botsBefore = botReplies;
      send(line);
      if (index === 0) {
        // The FAQ bot may answer first; this customer wants a person.
        await waitFor(waiters, () => current()?.state === 'queued' || current()?.state === 'active' || (current()?.state === 'bot' && botReplies > botsBefore), deadline);
        if (current()?.state === 'bot') send('转人工');
      }
      if (!(await waitFor(waiters, () => agentReplies > before, deadline))) return outcome;
      await sleep(between(300, 1200));
    }
    outcome.answered = true;
    // The agent closes after the goodbye: the survey follows.
    if (await waitFor(waiters, () => current()?.state === 'closed', Math.min(deadline, Date.now() + 10_000))) {
      const closed = current();
      if (closed) socket.send(JSON.stringify({ type: 'csat', conversationId: closed.id, score: 4 + Math.round(random()) }));
      await sleep(200);
    }
    return outcome;
  } finally {
    socket.terminate();
  }
}

async function channelCustomer(baseUrl: string, key: string, webhook: Webhook, scenario: Scenario, index: number, deadline: number): Promise<Outcome> {
  const outcome: Outcome = { scenario, conversationId: null, answered: false };
  const customerId = `${scenario.via}-user-${seed}-${index}`;
  for (const line of scenario.lines) {
    const before = webhook.agentReplies(customerId);
    const response = await fetch(`${baseUrl}/api/inbound/${scenario.via}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ messageId: randomUUID(), customer: { id: customerId, tags: scenario.tags }, text: line }),
    });
    if (!response.ok) throw new Error(`inbound ${scenario.via}: HTTP ${response.status} ${await response.text()}`);
    outcome.conversationId = ((await response.json()) as InboundAccepted).conversationId;
    if (!(await webhook.until(() => webhook.agentReplies(customerId) > before, deadline))) return outcome;
    await sleep(between(300, 1200));
  }
  outcome.answered = true;
  return outcome;
}

// ---- customers only, against a running server ------------------------------------------------------

type CustomerEnd = 'done' | 'unanswered';

/**
 * A widget customer of a server whose agents are people: writes their first line, asks the bot
 * for a human when it answers instead, then answers every agent reply with their next line after
 * reading and typing for a while (`readMs`), and rates the chat once it is over. Without an agent's
 * reply for `patienceMs` they stop waiting and leave their chat for an agent to close, as a real
 * customer who closed the tab would.
 */
async function patientCustomer(baseUrl: string, scenario: Scenario, patienceMs: number, readMs: readonly [number, number], sockets: Set<WebSocket>): Promise<CustomerEnd> {
  const locale = detectScript(scenario.lines.join('')) === 'hant' ? 'zh-TW' : 'zh-CN';
  const response = await fetch(baseUrl + WIDGET_PATHS.session, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale }) });
  if (!response.ok) throw new Error(`widget session: HTTP ${response.status}`);
  const session = (await response.json()) as WidgetSessionResponse;
  const url = new URL(WIDGET_PATHS.socket, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', session.token);
  const socket = new WebSocket(url);
  sockets.add(socket);
  const waiters = new Set<() => void>();
  let state: WidgetConversation | null = null;
  let agentReplies = 0;
  let botReplies = 0;
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as WidgetServerFrame;
    if (frame.type === 'state') state = frame.conversation;
    if (frame.type === 'messages') {
      agentReplies += frame.messages.filter((m) => m.from === 'agent').length;
      botReplies += frame.messages.filter((m) => m.from === 'bot').length;
    }
    for (const wake of waiters) wake();
  });
  socket.on('close', () => {
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const current = (): WidgetConversation | null => state;
  const gone = () => socket.readyState !== WebSocket.OPEN;
  const send = (body: string) => socket.send(JSON.stringify({ type: 'send', id: randomUUID(), body }));
  const until = (check: () => boolean, ms: number) => waitFor(waiters, () => gone() || check(), Date.now() + ms).then((ok) => ok && !gone());
  try {
    for (const [index, line] of scenario.lines.entries()) {
      const before = agentReplies;
      const botsBefore = botReplies;
      send(line);
      if (index === 0) {
        await until(() => current()?.state === 'queued' || current()?.state === 'active' || (current()?.state === 'bot' && botReplies > botsBefore), 30_000);
        if (current()?.state === 'bot') send('转人工');
      }
      if (!(await until(() => agentReplies > before || current()?.state === 'closed', patienceMs))) return 'unanswered';
      if (current()?.state === 'closed') break;
      await sleep(between(readMs[0], readMs[1]));
    }
    if (await until(() => current()?.state === 'closed', patienceMs)) {
      const closed = current();
      if (closed) socket.send(JSON.stringify({ type: 'csat', conversationId: closed.id, score: 4 + Math.round(random()) }));
      await sleep(300);
    }
    return 'done';
  } finally {
    sockets.delete(socket);
    socket.terminate();
  }
}

/** The scenarios a widget customer can play: anonymous visitors carry no tags, so tag-routed ones are left out. */
function widgetScenarios(): Omit<Scenario, 'via'>[] {
  const playable = SCENARIOS.filter((s) => s.tags.length === 0 && (onlyGroups === null || onlyGroups.includes(s.group)));
  if (playable.length === 0) throw new Error(`no customer scenario routes to ${onlyGroups?.join(', ') ?? 'any group'}`);
  return playable;
}

async function customersOnly(serverUrl: string): Promise<number> {
  const health = await fetch(new URL('/api/health', serverUrl)).catch((error: unknown) => {
    throw new Error(`no server at ${serverUrl}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!health.ok) throw new Error(`no server at ${serverUrl}: HTTP ${health.status}`);
  const scenarios = widgetScenarios();
  const pick = (): Scenario => {
    const base = scenarios[Math.floor(random() * scenarios.length)] ?? scenarios[0];
    if (!base) throw new Error('no scenarios');
    return { ...base, via: 'widget' };
  };
  const sockets = new Set<WebSocket>();

  if (!values.trickle) {
    console.log(`simulating ${customerCount} customers against ${serverUrl} over ${Math.round(arrivalMs / 1000)} s, seed ${seed}`);
    const runs: Promise<CustomerEnd | 'failed'>[] = [];
    for (let i = 0; i < customerCount; i++) {
      await sleep(i === 0 ? 0 : (arrivalMs / customerCount) * (0.5 + random()));
      const scenario = pick();
      runs.push(
        patientCustomer(serverUrl, scenario, timeoutMs, [300, 1200], sockets).catch((error: unknown) => {
          console.error(`customer ${i} (${scenario.intent}) failed: ${error instanceof Error ? error.message : String(error)}`);
          return 'failed' as const;
        }),
      );
    }
    const ends = await Promise.all(runs);
    const answered = ends.filter((e) => e === 'done').length;
    console.log(`simulate: ${ends.length} conversations against ${serverUrl}, ${answered} answered, ${ends.length - answered} unanswered`);
    return ends.includes('failed') ? 1 : 0;
  }

  // The trickle: stops with its parent (npm start), whatever the customers are doing.
  let wake: () => void = () => {};
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const socket of sockets) socket.terminate();
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  console.log(`Demo customers: a new one every ${Math.round((everyMin ?? 0) / 1000)}–${Math.round((everyMax ?? 0) / 1000)} s, at most ${maxOpen} at a time (npm start -- --no-trickle turns them off)`);
  const open = new Set<Promise<unknown>>();
  let arrived = 0;
  await pause(firstAfterMs);
  while (!stopped) {
    if (open.size < maxOpen) {
      arrived += 1;
      const scenario = pick();
      const run = patientCustomer(serverUrl, scenario, 20 * 60_000, [5_000, 20_000], sockets)
        .catch((error: unknown) => {
          if (!stopped) console.error(`demo customer ${arrived} (${scenario.intent}) failed: ${error instanceof Error ? error.message : String(error)}`);
        })
        .finally(() => open.delete(run));
      open.add(run);
    }
    await pause(between(everyMin ?? 60_000, everyMax ?? 180_000));
  }
  await Promise.allSettled([...open]);
  return 0;
}

// ---- the run -------------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `simulate-${seed}-`));
  const serverDir = join(dir, 'server');
  let server: ServerProcess | null = null;
  const agents: SimAgent[] = [];
  const webhook = new Webhook();
  let sampler: NodeJS.Timeout | null = null;
  let reader: Database.Database | null = null;
  try {
    const usernames = await prepareStore(serverDir);
    const hookUrl = await webhook.start();
    const keys = { app: `sim-app-${randomUUID()}`, wechat: `sim-wechat-${randomUUID()}` };
    server = await startServerProcess(serverDir, await freePort(), [
      ...Object.entries(keys).flatMap(([channel, key]) => ['--channel-key', `${channel}=${key}`, '--channel-webhook', `${channel}=${hookUrl}`]),
    ]);
    const serverUrl = server.url;
    console.log(`simulating against ${serverUrl}, seed ${seed}, ${usernames.length} agents (${usernames.join(', ')}), ${customerCount} customers over ${Math.round(arrivalMs / 1000)} s`);

    reader = new Database(join(serverDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
    for (const row of reader.prepare('select id, name from skill_groups').all() as { id: string; name: string }[]) groupNames.set(row.id, row.name);
    const loads = reader.prepare(`select u.username, u.max_concurrent as max, count(c.id) as active from users u join conversations c on c.assignee_id = u.id and c.status = 'active' group by u.id`);
    let overCapacity = 0;
    const sample = () => {
      const rows = loads.all() as { username: string; max: number; active: number }[];
      overCapacity = Math.max(overCapacity, rows.reduce((sum, r) => sum + Math.max(0, r.active - r.max), 0));
    };
    sampler = setInterval(sample, 100);

    for (const username of usernames) {
      const core = await createCore({ dataDir: join(dir, username), log: quiet, sync: { serverUrl, credentials: { username, password: DEMO_PASSWORD }, maxBackoffMs: 1000 } });
      const agent = new SimAgent(username, core);
      agents.push(agent);
      await agent.start();
    }

    const deadline = Date.now() + arrivalMs + timeoutMs;
    const runs: Promise<Outcome>[] = [];
    for (let i = 0; i < customerCount; i++) {
      const scenario = scenarioFor(i);
      const start = i === 0 ? 0 : (arrivalMs / customerCount) * (0.5 + random());
      await sleep(start);
      runs.push(
        (scenario.via === 'widget' ? widgetCustomer(serverUrl, scenario, deadline) : channelCustomer(serverUrl, keys[scenario.via], webhook, scenario, i, deadline)).catch((error: unknown) => {
          console.error(`customer ${i} (${scenario.intent} via ${scenario.via}) failed: ${error instanceof Error ? error.message : String(error)}`);
          return { scenario, conversationId: null, answered: false };
        }),
      );
    }
    const outcomes = await Promise.all(runs);
    sample();

    const ids = [...new Set(outcomes.flatMap((o) => (o.conversationId ? [o.conversationId] : [])))];
    const rows = new Map(
      (reader.prepare(`select c.id, c.group_id, lc.handed_over_at from conversations c left join conversation_lifecycle lc on lc.conversation_id = c.id where c.id in (select value from json_each(?))`).all(JSON.stringify(ids)) as {
        id: string;
        group_id: string | null;
        handed_over_at: string | null;
      }[]).map((r) => [r.id, r]),
    );
    const misrouted = outcomes.filter((o) => o.conversationId !== null && rows.get(o.conversationId)?.group_id !== o.scenario.group);
    for (const o of misrouted) console.error(`misrouted: ${o.scenario.intent} via ${o.scenario.via} → ${o.conversationId ? rows.get(o.conversationId)?.group_id : 'none'} (expected ${o.scenario.group})`);
    const unanswered = outcomes.filter((o) => !o.answered);
    const firstReply = reader.prepare(`select min(created_at) as at from messages where conversation_id = ? and sender_kind = 'agent'`);
    const waits = ids.flatMap((id) => {
      const handedOver = rows.get(id)?.handed_over_at;
      const reply = (firstReply.get(id) as { at: string | null }).at;
      return handedOver && reply ? [(Date.parse(reply) - Date.parse(handedOver)) / 1000] : [];
    });
    const reassigned = (reader.prepare(`select count(*) as n from messages where sender_kind = 'system' and body like '首次响应超时%' and conversation_id in (select value from json_each(?))`).get(JSON.stringify(ids)) as { n: number }).n;

    for (const agent of agents) console.log(`  ${agent.username}: ${agent.replies} replies`);
    console.log(`  channels: ${webhook.seenKeys.size} replies delivered, ${webhook.repeated} repeated deliveries; ${reassigned} first-response misses`);
    console.log(`simulate: ${ids.length} conversations, ${overCapacity} over capacity, ${misrouted.length} misrouted, ${unanswered.length} unanswered, wait p95 ${percentile(waits, 95).toFixed(1)} s`);
    return overCapacity + misrouted.length + unanswered.length > 0 ? 1 : 0;
  } finally {
    if (sampler) clearInterval(sampler);
    reader?.close();
    for (const agent of agents) await agent.stop().catch(() => undefined);
    await server?.stop();
    await webhook.close();
    if (values.keep) console.error(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

(values.server !== undefined ? customersOnly(values.server) : main()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
