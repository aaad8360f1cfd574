import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresSchema, startTestServer, type TestServer } from './helpers';
import { AgentClient, ask, CHANNEL_KEYS, clearFloor, conversation, inbound, messagesOf, movableClock, setPresence } from './routing-support';

const channels = { keys: CHANNEL_KEYS, webhooks: {}, retry: { firstMs: 1000, maxMs: 8000, attempts: 5 }, pollMs: 3_600_000 };

// The routing decisions read and write under a lock that differs per dialect: proven on both.
describe.each(['SQLite', 'PostgreSQL'] as const)('routing on %s', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  const clock = movableClock();
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer({ ...(schema ? { location: { databaseUrl: schema.url } } : {}), clock, channels });
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });
  beforeEach(async () => clearFloor(server.store));

  const post = async (text: string, customer?: Parameters<typeof ask>[1]) => {
    const result = await inbound(server.url, 'app', ask(text, customer));
    expect(result.status).toBe(200);
    clock.advance(1000);
    return conversation(server.store, result.body.conversationId);
  };

  it('routes by intent keywords in either script and by customer tags, and queues when nobody is available', async () => {
    const cases: [string, string[], string][] = [
      ['我要退款，订单还没发货', [], 'g-aftersales'],
      ['退貨要怎麼寄回去', [], 'g-aftersales'],
      ['更新以後APP一打開就閃退', [], 'g-tech'],
      ['登录一直提示验证码错误', [], 'g-tech'],
      ['我要投訴你們的快遞員', [], 'g-complaint'],
      ['我要退款', ['VIP'], 'g-senior'],
      ['APP闪退', ['高投訴風險'], 'g-senior'],
      ['你好', [], 'g-presales'],
    ];
    for (const [text, tags, group] of cases) {
      const c = await post(text, { id: `cust-${text}`, tags });
      expect({ text, group: c.group_id, status: c.status, assignee: c.assignee_id }).toEqual({ text, group, status: 'queued', assignee: null });
    }
    const refund = await post('我想申请退款');
    const notes = (await messagesOf(server.store, refund.id)).filter((m) => m.sender_kind === 'system');
    expect(notes.map((n) => n.body)).toEqual([expect.stringContaining('「售後服務」（关键词「退款」')]);
    // The channel customer is told they are queued; the routing note stays with the agents.
    expect((await messagesOf(server.store, refund.id)).filter((m) => m.sender_kind === 'bot').map((m) => m.body)).toEqual([expect.stringContaining('排队')]);
  });

  it('assigns within the group to an online agent with spare capacity: least loaded first, then idle longest', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-4');
    await server.store.db.updateTable('users').set({ max_concurrent: 2 }).where('id', 'in', ['u-agent-1', 'u-agent-4']).execute();
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 5; i++) assignees.push((await post(`第${i}单要退款`)).assignee_id);
    // Both idle at first (by id), then whoever has fewer, then whoever waited longer; the fifth waits.
    expect(assignees).toEqual(['u-agent-1', 'u-agent-4', 'u-agent-1', 'u-agent-4', null]);
    const loads = await server.store.db.selectFrom('conversations').select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'active').groupBy('assignee_id').execute();
    expect(loads.map((l) => [l.assignee_id, Number(l.n)]).sort()).toEqual([['u-agent-1', 2], ['u-agent-4', 2]]);
    await server.store.db.updateTable('users').set({ max_concurrent: 5 }).where('id', 'in', ['u-agent-1', 'u-agent-4']).execute();
  });

  it('gives nothing new to agents who are busy, away or offline; going online serves the waiting queue', async () => {
    const agent1 = await AgentClient.signIn(server.url, 'agent1');
    await agent1.presence('away');
    await setPresence(server.store, 'busy', 'u-agent-4');
    const waiting = await post('退款什么时候到账');
    expect(waiting.status).toBe('queued');

    await agent1.presence('online');
    expect((await server.store.db.selectFrom('users').select('presence').where('id', '=', 'u-agent-1').executeTakeFirstOrThrow()).presence).toBe('online');
    await server.server.routingPass();
    expect(await conversation(server.store, waiting.id)).toMatchObject({ status: 'active', assignee_id: 'u-agent-1' });
  });

  it('serves the queue as capacity frees: 賬號被盜 first, then higher priority, then the longest-waiting', async () => {
    // 陈雅琪 (agent3) is in complaints, senior and after-sales; with room for one chat she takes them one by one.
    const refundEarly = await post('我要退款，第一个');
    const refundLate = await post('我要退款，第二个');
    const stolen = await post('我的賬號被盜了，有人在下單');
    const complaint = await post('我要投诉，再不处理就打12315');
    expect([refundEarly, refundLate, stolen, complaint].map((c) => [c.group_id, c.priority])).toEqual([
      ['g-aftersales', 0],
      ['g-aftersales', 0],
      ['g-senior', 2],
      ['g-complaint', 1],
    ]);
    await server.store.db.updateTable('users').set({ max_concurrent: 1 }).where('id', '=', 'u-agent-3').execute();
    await setPresence(server.store, 'online', 'u-agent-3');
    const agent3 = await AgentClient.signIn(server.url, 'agent3');
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      await server.server.routingPass();
      const current = await server.store.db.selectFrom('conversations').select('id').where('assignee_id', '=', 'u-agent-3').where('status', '=', 'active').execute();
      expect(current).toHaveLength(1);
      const id = current[0]?.id ?? '';
      served.push(id);
      await agent3.reply(id, '您好，我来为您处理');
      await agent3.close(id);
    }
    expect(served).toEqual([stolen.id, complaint.id, refundEarly.id, refundLate.id]);
    await server.store.db.updateTable('users').set({ max_concurrent: 4 }).where('id', '=', 'u-agent-3').execute();
  });

  it('reassigns a conversation without a first response past the SLA, never back to who missed it, and notes it for supervisors', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-4');
    const c = await post('退货地址是哪里？');
    expect(c.assignee_id).toBe('u-agent-1');

    // post() already moved the clock one second.
    clock.advance(28_000);
    await server.server.routingPass();
    expect((await conversation(server.store, c.id)).assignee_id).toBe('u-agent-1');

    clock.advance(2_000);
    await server.server.routingPass();
    expect((await conversation(server.store, c.id)).assignee_id).toBe('u-agent-4');
    const notes = async () => (await messagesOf(server.store, c.id)).filter((m) => m.sender_kind === 'system').map((m) => m.body);
    expect((await notes()).at(-1)).toBe('首次响应超时：李婷 未在 30 秒内回复，已改派给 黄嘉欣。已通知主管。');

    // 黄嘉欣 misses it too; 李婷 already did, nobody else of after-sales is online: it stays, reported once.
    clock.advance(31_000);
    await server.server.routingPass();
    await server.server.routingPass();
    expect((await conversation(server.store, c.id)).assignee_id).toBe('u-agent-4');
    expect((await notes()).filter((n) => n.includes('暂无其他可接待的客服'))).toEqual(['首次响应超时：黄嘉欣 未在 30 秒内回复，暂无其他可接待的客服。已通知主管。']);

    // A supervisor sees the notes: they live in the conversation, which is in every supervisor's scope.
    const supervisor = await AgentClient.signIn(server.url, 'supervisor1');
    await supervisor.client.sync();
    const seen = [...(supervisor.client.replica.get('messages')?.values() ?? [])].filter((m) => m.conversation_id === c.id && m.sender_kind === 'system');
    expect(seen.length).toBeGreaterThanOrEqual(3);

    // Answered in time: nothing more happens.
    const agent4 = await AgentClient.signIn(server.url, 'agent4');
    await agent4.reply(c.id, '您好，退货地址我发给您');
    clock.advance(60_000);
    await server.server.routingPass();
    expect((await notes()).filter((n) => n.startsWith('首次响应超时'))).toHaveLength(2);
  });

  it('reminds after inactivity, then ends the session; a returning customer gets a new one with the earlier sessions summarised', async () => {
    await setPresence(server.store, 'online', 'u-agent-2');
    const customer = { id: 'returning-customer' };
    const first = await post('APP闪退怎么办', customer);
    expect(first.assignee_id).toBe('u-agent-2');
    const agent2 = await AgentClient.signIn(server.url, 'agent2');
    await agent2.reply(first.id, '请您先更新到最新版本再试一下');

    clock.advance(27 * 60_000);
    await server.server.routingPass();
    expect((await messagesOf(server.store, first.id)).filter((m) => m.sender_kind === 'bot' && m.body.includes('自动结束'))).toHaveLength(0);
    clock.advance(60_000);
    await server.server.routingPass();
    await server.server.routingPass();
    expect((await messagesOf(server.store, first.id)).filter((m) => m.sender_kind === 'bot' && m.body.includes('自动结束'))).toHaveLength(1);
    expect((await conversation(server.store, first.id)).status).toBe('active');
    clock.advance(2 * 60_000);
    await server.server.routingPass();
    expect(await conversation(server.store, first.id)).toMatchObject({ status: 'closed' });
    expect((await messagesOf(server.store, first.id)).at(-1)).toMatchObject({ sender_kind: 'bot', body: expect.stringContaining('本次会话已结束') });

    const second = await post('又闪退了', customer);
    expect(second.id).not.toBe(first.id);
    expect(second.customer_id).toBe(first.customer_id);
    const [summary] = (await messagesOf(server.store, second.id)).filter((m) => m.sender_kind === 'system');
    expect(summary?.body.split('\n')).toEqual(['该客户此前有 1 次会话：', expect.stringMatching(/^· \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} APP闪退怎么办 — 王浩然，已结束$/)]);
    // The earlier session stays with its history, visible to whoever handled it and to supervisors.
    expect((await messagesOf(server.store, first.id)).map((m) => m.body)).toContain('请您先更新到最新版本再试一下');
  });

  it('stores an inbound message once per channel message id, also when the post is retried concurrently', async () => {
    const body = ask('我想退货', { id: 'wx-openid-1', name: '林先生', tags: ['VIP'] });
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => inbound(server.url, 'app', body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.messageId)).size).toBe(1);
    expect(results.filter((r) => !r.body.duplicate)).toHaveLength(1);
    const stored = await server.store.db.selectFrom('messages').select('id').where('body', '=', '我想退货').execute();
    expect(stored).toHaveLength(1);
    const customer = await server.store.db.selectFrom('customers').select(['name', 'tags']).where('id', '=', (await conversation(server.store, results[0]?.body.conversationId ?? '')).customer_id).executeTakeFirstOrThrow();
    expect(customer).toEqual({ name: '林先生', tags: '["VIP"]' });
    // The same id on another channel is another message.
    expect((await inbound(server.url, 'wechat', body, CHANNEL_KEYS.wechat)).body.duplicate).toBe(false);
  });

  it('answers malformed posts with 400 and the failed checks, a wrong key with 401, an unknown channel with 404', async () => {
    const malformed = await inbound(server.url, 'app', { messageId: '', customer: {}, text: 42 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('invalid_request');
    expect(malformed.body.issues?.map((i) => (i as { path: string[] }).path.join('.')).sort()).toEqual(['customer.id', 'messageId', 'text']);
    expect((await inbound(server.url, 'app', 'not json')).status).toBe(400);
    expect((await inbound(server.url, 'app', ask('你好'), CHANNEL_KEYS.wechat)).status).toBe(401);
    expect((await inbound(server.url, 'app', ask('你好'), null)).status).toBe(401);
    expect((await inbound(server.url, 'fax', ask('你好'))).status).toBe(404);
    expect((await inbound(server.url, 'web', ask('你好'))).status).toBe(404);
    const before = await server.store.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);
  });
});
