import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WIDGET_PATHS, type WidgetMessage, type WidgetSessionResponse } from '../../src/shared/widget/protocol';
import { tempDir } from '../support/replica';
import { postJson, startTestServer, type TestServer } from './helpers';
import { AgentClient, clearFloor, conversation, messagesOf, movableClock, setPresence, WidgetCustomer } from './routing-support';

describe('the web chat widget against a real server', () => {
  let server: TestServer;
  const clock = movableClock();
  const customers: WidgetCustomer[] = [];
  beforeAll(async () => {
    server = await startTestServer({ clock });
  });
  afterAll(async () => {
    for (const c of customers) c.close();
    await server?.close();
  });
  beforeEach(async () => clearFloor(server.store));

  const open = async (token?: string) => {
    const customer = await WidgetCustomer.open(server.url, token);
    customers.push(customer);
    return customer;
  };
  const last = (customer: WidgetCustomer, from: WidgetMessage['from']) => customer.messages().filter((m) => m.from === from).at(-1);

  it('the bot answers a FAQ, 轉人工 hands over, the agent is named and replies live, the close brings the survey, and a reload continues', async () => {
    await setPresence(server.store, 'online', 'u-agent-1');
    const customer = await open();
    await customer.until(() => customer.frames.find((f) => f.type === 'state'), 'first state');
    expect(customer.lastState()).toBeNull();

    const asked = customer.send('七天無理由怎麼退');
    await customer.until(() => last(customer, 'bot'), 'bot answer');
    expect(customer.messages().map((m) => [m.from, m.clientId])).toEqual([
      ['customer', asked],
      ['bot', null],
    ]);
    expect(last(customer, 'bot')?.body).toContain('七天无理由退货规则');
    expect(customer.frames).toContainEqual({ type: 'ack', id: asked });
    expect(customer.lastState()).toMatchObject({ state: 'bot', agentName: null });

    customer.send('還是轉人工吧');
    const assigned = await customer.until(() => (customer.lastState()?.state === 'active' ? customer.lastState() : null), 'assignment');
    expect(assigned).toMatchObject({ agentName: '李婷', csat: null });
    const id = assigned.id;
    expect(await conversation(server.store, id)).toMatchObject({ status: 'active', assignee_id: 'u-agent-1', channel: 'web' });
    expect(last(customer, 'bot')?.body).toBe('好的，正在为您转接人工客服，请稍候。');

    const agent = await AgentClient.signIn(server.url, 'agent1');
    await agent.client.sync();
    expect(agent.client.ids('conversations')).toContain(id);
    await agent.reply(id, '您好，我是客服李婷，很高兴为您服务');
    const reply = await customer.until(() => last(customer, 'agent'), 'agent reply');
    expect(reply).toMatchObject({ body: '您好，我是客服李婷，很高兴为您服务', agentName: '李婷' });

    // Untrusted text goes through as text; notes for agents never reach the customer.
    const markup = '<img src=x onerror="alert(1)"><b>粗体</b>';
    customer.send(markup);
    await customer.until(() => customer.messages().find((m) => m.body === markup), 'the markup echoed as text');
    expect(customer.messages().some((m) => (m.from as string) === 'system')).toBe(false);
    expect((await messagesOf(server.store, id)).some((m) => m.sender_kind === 'system')).toBe(true);

    await agent.close(id);
    await customer.until(() => customer.lastState()?.state === 'closed', 'closed state');
    customer.csat(id, 5);
    await customer.until(() => customer.lastState()?.csat === 5, 'survey stored');
    expect(await server.store.db.selectFrom('csat_responses').select(['conversation_id', 'score']).execute()).toEqual([{ conversation_id: id, score: 5 }]);
    customer.csat(id, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect((await server.store.db.selectFrom('csat_responses').select('score').where('conversation_id', '=', id).executeTakeFirstOrThrow()).score).toBe(5);

    // A reload: the same token, the same conversation with its messages, the survey answered.
    customer.close();
    const again = await open(customer.token);
    await again.until(() => again.lastState(), 'state after reload');
    expect(again.lastState()).toMatchObject({ id, state: 'closed', agentName: '李婷', csat: 5 });
    await again.until(() => again.messages().length >= 5, 'history after reload');
    expect(again.messages().map((m) => m.from)).toEqual(['customer', 'bot', 'customer', 'bot', 'agent', 'customer']);

    // Writing again after the end opens a new conversation.
    again.send('我还有一个问题');
    await again.until(() => (again.lastState()?.id !== id ? again.lastState() : null), 'a new conversation');
  });

  it('an urgent matter skips the bot; a question it cannot answer goes to a human at once', async () => {
    const urgent = await open();
    urgent.send('我的賬號被盜了！');
    await urgent.until(() => urgent.lastState()?.state === 'queued', 'queued');
    expect(urgent.messages().filter((m) => m.from === 'bot').map((m) => m.body)).toEqual(['您的情况比较紧急，已为您优先转接人工客服，请稍候。', expect.stringContaining('排队')]);
    const c = await conversation(server.store, urgent.lastState()?.id ?? '');
    expect([c.group_id, c.priority]).toEqual(['g-senior', 2]);

    const unknown = await open();
    unknown.send('你们仓库在哪个城市');
    await unknown.until(() => unknown.lastState()?.state === 'queued', 'queued');
    expect(unknown.messages().filter((m) => m.from === 'bot')[0]?.body).toBe('这个问题需要人工客服为您处理，正在为您转接，请稍候。');
  });

  it('keeps a known token, refuses sockets without a valid token and pages of other sites', async () => {
    await expect(WidgetCustomer.open(server.url, 'not-a-token')).rejects.toThrow(/401/);
    const { token } = (await postJson<WidgetSessionResponse>(server.url + WIDGET_PATHS.session, { locale: 'en' })).body;
    const url = new URL(`${WIDGET_PATHS.socket}?token=${token}`, server.url.replace('http:', 'ws:'));
    const status = await new Promise<number | undefined>((resolve) => {
      const socket = new WebSocket(url, { origin: 'https://evil.example' });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('open', () => resolve(101));
      socket.once('error', () => resolve(undefined));
    });
    expect(status).toBe(403);
    expect((await postJson(server.url + WIDGET_PATHS.session, { locale: 'fr' })).status).toBe(400);
    // A page that already holds a token the server knows keeps it (a reload); an unknown one is replaced.
    expect((await postJson<WidgetSessionResponse>(server.url + WIDGET_PATHS.session, { locale: 'en', token })).body.token).toBe(token);
    const replaced = (await postJson<WidgetSessionResponse>(server.url + WIDGET_PATHS.session, { locale: 'en', token: 'forgotten' })).body.token;
    expect(replaced).not.toBe('forgotten');
    expect(replaced).not.toBe(token);
  });
});

describe('the bot’s 30-second deadline', () => {
  it('hands a message the bot never answered to a human, computed from stored times after a restart', async () => {
    const dir = tempDir('routing-restart');
    const location = { sqliteFile: join(dir.path, 'server.sqlite') };
    const clock = movableClock();
    let server = await startTestServer({ location, clock });
    await clearFloor(server.store);
    await setPresence(server.store, 'online', 'u-agent-2');
    const customer = await WidgetCustomer.open(server.url);
    customer.send('APP白屏了');
    await customer.until(() => customer.lastState()?.state === 'active', 'assigned');
    customer.close();
    // As if the server had died between storing a customer's message and the bot's answer.
    const id = (await server.store.db.selectFrom('conversations').select('id').where('assignee_id', '=', 'u-agent-2').where('status', '=', 'active').executeTakeFirstOrThrow()).id;
    const waitingSince = clock.now().toISOString();
    await server.store.db.updateTable('conversations').set({ status: 'queued', group_id: null, assignee_id: null }).where('id', '=', id).execute();
    await server.store.db.updateTable('conversation_lifecycle').set({ phase: 'bot', bot_waiting_since: waitingSince }).where('conversation_id', '=', id).execute();
    await server.close();

    clock.advance(31_000);
    server = await startTestServer({ location, clock, demo: false });
    await server.server.routingPass();
    expect(await conversation(server.store, id)).toMatchObject({ status: 'active', group_id: 'g-tech', assignee_id: 'u-agent-2' });
    expect((await messagesOf(server.store, id)).filter((m) => m.sender_kind === 'bot').map((m) => m.body)).toContain('抱歉让您久等了，正在为您转接人工客服。');
    await server.close();
    dir.remove();
  });
});
