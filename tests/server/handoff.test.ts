import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresSchema, startTestServer, TestClient, type TestServer } from './helpers';
import { ask, CHANNEL_KEYS, clearFloor, conversation, inbound, messagesOf, movableClock, setPresence, WidgetCustomer } from './routing-support';

const channels = { keys: CHANNEL_KEYS, webhooks: {}, retry: { firstMs: 1000, maxMs: 8000, attempts: 5 }, pollMs: 3_600_000 };

const rowsOf = (client: TestClient, table: string) => [...(client.replica.get(table)?.values() ?? [])];

// Transfers take the routing lock inside the push, which differs per dialect: proven on both.
describe.each(['SQLite', 'PostgreSQL'] as const)('handing chats over on %s', (backend) => {
  let server: TestServer;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  const clock = movableClock();
  const clients = {} as Record<'agent1' | 'agent2' | 'agent3' | 'agent4' | 'supervisor1', TestClient>;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    server = await startTestServer({ ...(schema ? { location: { databaseUrl: schema.url } } : {}), clock, channels });
    for (const user of ['agent1', 'agent2', 'agent3', 'agent4', 'supervisor1'] as const) clients[user] = await TestClient.signIn(server.url, user);
  });
  afterAll(async () => {
    await server?.close();
    await schema?.drop();
  });
  beforeEach(async () => {
    await clearFloor(server.store);
    await server.store.db.updateTable('users').set({ max_concurrent: 4 }).where('role', '=', 'agent').execute();
  });

  /** A customer of the app channel writes; the routing assigns as it would. */
  const post = async (text: string, customerId = `cust-${randomUUID()}`) => {
    const result = await inbound(server.url, 'app', ask(text, { id: customerId }));
    expect(result.status).toBe(200);
    clock.advance(1000);
    return conversation(server.store, result.body.conversationId);
  };
  const transfer = (client: TestClient, conversationId: string, target: Record<string, string>, note = '客户要求退款，已核实订单未发货', reason = 'department') =>
    client.run('conversation.transfer', { id: randomUUID(), conversationId, target, reason, note });
  const botLines = async (conversationId: string) => (await messagesOf(server.store, conversationId)).filter((m) => m.sender_kind === 'bot').map((m) => m.body);

  it('refuses to transfer a chat its sender does not own, and changes nothing', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-2');
    const chat = await post('我要退款，订单还没发货');
    expect(chat.assignee_id).toBe('u-agent-1');
    const refused = await transfer(clients.agent2, chat.id, { kind: 'agent', userId: 'u-agent-2' });
    expect(refused).toMatchObject({ status: 'rejected', messageKey: 'errors:conversation.not_assignee' });
    expect(await conversation(server.store, chat.id)).toMatchObject({ assignee_id: 'u-agent-1', status: 'active' });
    expect(await server.store.db.selectFrom('conversation_events').select('id').where('conversation_id', '=', chat.id).execute()).toEqual([]);
    const audit = await server.store.db.selectFrom('audit_log').select(['action', 'outcome', 'message_key', 'entity_id']).where('action', '=', 'conversation.transfer').orderBy('id', 'desc').executeTakeFirst();
    expect(audit).toEqual({ action: 'conversation.transfer', outcome: 'rejected', message_key: 'errors:conversation.not_assignee', entity_id: chat.id });
  });

  it('transfers to a colleague only when they are online with a free place; they get the chat with the note, the customer hears why and how long', async () => {
    await setPresence(server.store, 'online', 'u-agent-1');
    const chat = await post('我要退貨，衣服尺碼不合適');
    expect(chat.assignee_id).toBe('u-agent-1');
    await clients.agent1.run('message.send', { id: randomUUID(), conversationId: chat.id, body: '您好，我帮您看一下' });

    expect(await transfer(clients.agent1, chat.id, { kind: 'agent', userId: 'u-agent-2' })).toMatchObject({ status: 'rejected', messageKey: 'errors:transfer.colleague_not_online' });
    await setPresence(server.store, 'online', 'u-agent-2');
    await server.store.db.updateTable('users').set({ max_concurrent: 1 }).where('id', '=', 'u-agent-2').execute();
    const busy = await post('APP闪退', 'other-customer');
    await server.server.routingPass();
    expect((await conversation(server.store, busy.id)).assignee_id).toBe('u-agent-2');
    expect(await transfer(clients.agent1, chat.id, { kind: 'agent', userId: 'u-agent-2' })).toMatchObject({ status: 'rejected', messageKey: 'errors:transfer.colleague_full' });
    expect(await transfer(clients.agent1, chat.id, { kind: 'agent', userId: 'u-agent-1' })).toMatchObject({ status: 'rejected', messageKey: 'errors:transfer.already_theirs' });
    expect(await transfer(clients.agent1, chat.id, { kind: 'agent', userId: 'u-trainee-1' })).toMatchObject({ status: 'rejected', messageKey: 'errors:handoff.colleague_not_found' });

    await server.store.db.updateTable('users').set({ max_concurrent: 4 }).where('id', '=', 'u-agent-2').execute();
    const note = '客户要退货：尺码不合适，吊牌还在；已确认在7天无理由期内，需要技术同事查订单状态';
    expect(await transfer(clients.agent1, chat.id, { kind: 'agent', userId: 'u-agent-2' }, note, 'specialist')).toMatchObject({ status: 'applied' });
    const moved = await conversation(server.store, chat.id);
    expect(moved).toMatchObject({ status: 'active', assignee_id: 'u-agent-2', waiting_since: expect.any(String) });

    // The customer wrote in traditional Chinese: told in it, through the channel's outbound delivery.
    const [notice] = (await botLines(chat.id)).slice(-1);
    expect(notice).toBe('為了更好地解決您的問題，將由更擅長處理此類問題的同事為您服務。已為您轉接給客服 王浩然，預計 30 秒內回覆您，請稍候。');
    const queued = await server.store.db
      .selectFrom('outbound_deliveries as d')
      .innerJoin('messages as m', 'm.id', 'd.message_id')
      .select('m.body')
      .where('d.conversation_id', '=', chat.id)
      .execute();
    expect(queued.map((q) => q.body)).toContain(notice);

    // 王浩然's replica has the chat with the note; 李婷's no longer has it.
    await clients.agent2.sync();
    expect(clients.agent2.ids('conversations')).toContain(chat.id);
    expect(rowsOf(clients.agent2, 'conversation_events')).toEqual([expect.objectContaining({ conversation_id: chat.id, kind: 'transfer', from_user_id: 'u-agent-1', to_user_id: 'u-agent-2', reason: 'specialist', note })]);
    expect(rowsOf(clients.agent2, 'messages').filter((m) => m.conversation_id === chat.id).map((m) => m.body)).toContain('您好，我帮您看一下');
    await clients.agent1.sync();
    expect(clients.agent1.ids('conversations')).not.toContain(chat.id);
    expect(rowsOf(clients.agent1, 'conversation_events').filter((e) => e.conversation_id === chat.id)).toEqual([]);
    const audit = await server.store.db.selectFrom('audit_log').select(['actor_id', 'outcome', 'detail']).where('action', '=', 'conversation.transfer').where('entity_id', '=', chat.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: 'u-agent-1', outcome: 'applied' });
    expect(JSON.parse(audit.detail)).toMatchObject({ target: { kind: 'agent', userId: 'u-agent-2' }, note });
  });

  it('queues a group transfer at the customer’s first place, serves it as routing does and never back to the sender; the customer hears the queue and the wait', async () => {
    await setPresence(server.store, 'online', 'u-agent-1');
    const refund = await post('我要退款，订单还没发货');
    expect(refund.assignee_id).toBe('u-agent-1');
    // Tech support: 王浩然 offline, 黄嘉欣 online but with no room; a tech customer arrives after the refund one.
    await setPresence(server.store, 'online', 'u-agent-4');
    await server.store.db.updateTable('users').set({ max_concurrent: 1 }).where('id', '=', 'u-agent-4').execute();
    const occupying = await post('下单三天了还没发货，请催一下');
    await server.server.routingPass();
    expect((await conversation(server.store, occupying.id)).assignee_id).toBe('u-agent-4');
    const later = await post('更新以后APP一打开就闪退');
    expect(later).toMatchObject({ status: 'queued', group_id: 'g-tech' });

    expect(await transfer(clients.agent1, refund.id, { kind: 'group', groupId: 'g-tech' }, '客户说退款页面闪退，已让客户重装，仍然闪退', 'department')).toMatchObject({ status: 'applied' });
    expect(await conversation(server.store, refund.id)).toMatchObject({ status: 'queued', group_id: 'g-tech', assignee_id: null });
    // It reached a human before the tech customer did: it is next. 黄嘉欣 has one place: 8 min.
    expect((await botLines(refund.id)).at(-1)).toBe('您的问题需要由相关部门的专员为您处理。已为您转接到「技術支持」，您是下一位，预计等待约 8 分钟。');

    await setPresence(server.store, 'online', 'u-agent-2');
    await server.server.routingPass();
    expect(await conversation(server.store, refund.id)).toMatchObject({ status: 'active', assignee_id: 'u-agent-2' });
    expect(await conversation(server.store, later.id)).toMatchObject({ status: 'active', assignee_id: 'u-agent-2' });

    // Back to after-sales, where 李婷 is the only one online with room: it waits rather than return to her.
    await server.store.db.updateTable('users').set({ max_concurrent: 4 }).where('id', '=', 'u-agent-4').execute();
    await setPresence(server.store, 'away', 'u-agent-4');
    const second = await post('我想申请退款', 'second-refund');
    expect(second.assignee_id).toBe('u-agent-1');
    expect(await transfer(clients.agent1, second.id, { kind: 'group', groupId: 'g-aftersales' }, '需要同事复核', 'other')).toMatchObject({ status: 'applied' });
    await server.server.routingPass();
    expect(await conversation(server.store, second.id)).toMatchObject({ status: 'queued', group_id: 'g-aftersales' });
    expect((await botLines(second.id)).at(-1)).toBe('为了更好地为您服务，正在为您转接。已为您转接到「售後服務」，该组客服暂时都不在线，上线后将第一时间为您服务。');
    await setPresence(server.store, 'online', 'u-agent-4');
    await server.server.routingPass();
    expect(await conversation(server.store, second.id)).toMatchObject({ status: 'active', assignee_id: 'u-agent-4' });
  });

  it('tells a widget customer the reason and the wait in their own language, and keeps internal notes from them and from channels', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-4');
    const customer = await WidgetCustomer.open(server.url, undefined, 'en');
    try {
      customer.send('转人工');
      const assigned = await customer.until(() => (customer.lastState()?.state === 'active' ? customer.lastState() : null), 'an agent');
      const chat = await conversation(server.store, assigned.id);
      const owner = chat.assignee_id === 'u-agent-1' ? clients.agent1 : clients.agent4;
      await owner.run('message.send', { id: randomUUID(), conversationId: chat.id, body: '内部：这位客户上周投诉过', internal: true });
      expect(await transfer(owner, chat.id, { kind: 'agent', userId: chat.assignee_id === 'u-agent-1' ? 'u-agent-4' : 'u-agent-1' }, '客户想改地址', 'shift_change')).toMatchObject({ status: 'applied' });
      const notice = await customer.until(() => customer.messages().find((m) => m.from === 'bot' && m.body.includes('shift')), 'the transfer notice');
      expect(notice.body).toMatch(/^Your agent’s shift is ending; a colleague will continue\. You are now with (李婷|黄嘉欣), who will reply within about 30 seconds\.$/);
      await customer.until(() => customer.lastState()?.agentName !== assigned.agentName || null, 'the new agent named');
      expect(customer.messages().map((m) => m.body).join('\n')).not.toContain('内部');
      expect((await messagesOf(server.store, chat.id)).some((m) => m.body.includes('内部'))).toBe(true);
    } finally {
      customer.close();
    }

    const viaApp = await post('我要退款');
    const ownerClient = viaApp.assignee_id === 'u-agent-1' ? clients.agent1 : clients.agent4;
    await ownerClient.run('message.send', { id: randomUUID(), conversationId: viaApp.id, body: '内部备注：客户是老客户', internal: true });
    await ownerClient.run('message.send', { id: randomUUID(), conversationId: viaApp.id, body: '您好，马上为您处理退款' });
    const deliveries = await server.store.db
      .selectFrom('outbound_deliveries as d')
      .innerJoin('messages as m', 'm.id', 'd.message_id')
      .select(['m.body', 'm.sender_kind'])
      .where('d.conversation_id', '=', viaApp.id)
      .execute();
    expect(deliveries.map((d) => d.body)).toContain('您好，马上为您处理退款');
    expect(deliveries.some((d) => d.body.includes('内部备注'))).toBe(false);
  });

  it('an invited colleague gets the chat while invited, writes internal notes only, and loses it when the invitation ends or the chat closes', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-3');
    const chat = await post('我要退款，已经等了半个月');
    expect(chat.assignee_id).toBe('u-agent-1');
    const agent3 = clients.agent3;
    await agent3.sync();
    expect(agent3.ids('conversations')).not.toContain(chat.id);

    expect(await clients.agent1.run('conversation.invite', { id: randomUUID(), conversationId: chat.id, userId: 'u-agent-2', note: '' })).toMatchObject({ status: 'rejected', messageKey: 'errors:invite.colleague_away' });
    const invite = randomUUID();
    expect(await clients.agent1.run('conversation.invite', { id: invite, conversationId: chat.id, userId: 'u-agent-3', note: '帮我看看退款政策' })).toMatchObject({ status: 'applied' });
    expect(await clients.agent1.run('conversation.invite', { id: randomUUID(), conversationId: chat.id, userId: 'u-agent-3', note: '' })).toMatchObject({ status: 'rejected', messageKey: 'errors:invite.already_in' });

    await agent3.sync();
    expect(agent3.ids('conversations')).toContain(chat.id);
    expect(agent3.ids('customers')).toContain(chat.customer_id);
    expect(rowsOf(agent3, 'messages').filter((m) => m.conversation_id === chat.id).length).toBeGreaterThan(0);
    expect(rowsOf(agent3, 'conversation_participants')).toEqual([expect.objectContaining({ id: invite, user_id: 'u-agent-3', invited_by: 'u-agent-1', note: '帮我看看退款政策', ended_at: null })]);

    // Notes only: the customer hears one voice.
    expect(await agent3.run('message.send', { id: randomUUID(), conversationId: chat.id, body: '请您稍等' })).toMatchObject({ status: 'rejected', messageKey: 'errors:handoff.invitee_notes_only' });
    expect(await agent3.run('message.send', { id: randomUUID(), conversationId: chat.id, body: '超过7天的要走主管审批', internal: true })).toMatchObject({ status: 'applied' });
    expect(await server.store.db.selectFrom('outbound_deliveries as d').innerJoin('messages as m', 'm.id', 'd.message_id').select('m.body').where('m.body', '=', '超过7天的要走主管审批').execute()).toEqual([]);

    // What the customer writes meanwhile reaches the colleague live.
    await inbound(server.url, 'app', ask('请问多久能到账', { id: (await server.store.db.selectFrom('channel_customers').select('external_id').where('customer_id', '=', chat.customer_id).executeTakeFirstOrThrow()).external_id }));
    await agent3.sync();
    expect(rowsOf(agent3, 'messages').map((m) => m.body)).toContain('请问多久能到账');

    // The colleague leaves: everything of the chat leaves their replica.
    expect(await agent3.run('conversation.endInvite', { id: randomUUID(), conversationId: chat.id, userId: 'u-agent-3' })).toMatchObject({ status: 'applied' });
    await agent3.sync();
    expect(agent3.ids('conversations')).not.toContain(chat.id);
    expect(rowsOf(agent3, 'messages').filter((m) => m.conversation_id === chat.id)).toEqual([]);
    expect(rowsOf(agent3, 'conversation_participants')).toEqual([]);
    expect(agent3.ids('customers')).not.toContain(chat.customer_id);
    expect(await agent3.run('message.send', { id: randomUUID(), conversationId: chat.id, body: '还在吗', internal: true })).toMatchObject({ status: 'rejected', messageKey: 'errors:conversation.not_assignee' });

    // Invited again, then the chat closes: gone again, and the invitation is over.
    expect(await clients.agent1.run('conversation.invite', { id: randomUUID(), conversationId: chat.id, userId: 'u-agent-3', note: '' })).toMatchObject({ status: 'applied' });
    await agent3.sync();
    expect(agent3.ids('conversations')).toContain(chat.id);
    expect(await clients.agent1.run('conversation.close', { conversationId: chat.id, summary: '退款超时，已提交主管审批加急' })).toMatchObject({ status: 'applied' });
    await agent3.sync();
    expect(agent3.ids('conversations')).not.toContain(chat.id);
    expect(rowsOf(agent3, 'messages').filter((m) => m.conversation_id === chat.id)).toEqual([]);
    expect(await server.store.db.selectFrom('conversation_participants').select('ended_at').where('conversation_id', '=', chat.id).where('ended_at', 'is', null).execute()).toEqual([]);

    // A supervisor joins by inviting themselves; the chat closing by the server's idle clock also ends their view.
    const other = await post('我要退货，吊牌还在', 'idle-customer');
    expect(other.assignee_id).toMatch(/^u-agent-[13]$/);
    const supervisor = clients.supervisor1;
    await setPresence(server.store, 'offline', 'u-sup-1');
    expect(await supervisor.run('conversation.invite', { id: randomUUID(), conversationId: other.id, userId: 'u-sup-1', note: '' })).toMatchObject({ status: 'applied' });
    const owner = other.assignee_id === 'u-agent-1' ? clients.agent1 : clients.agent3;
    await owner.run('message.send', { id: randomUUID(), conversationId: other.id, body: '请把退货单号发给我' });
    expect(await owner.run('conversation.invite', { id: randomUUID(), conversationId: other.id, userId: owner === clients.agent1 ? 'u-agent-3' : 'u-agent-1', note: '' })).toMatchObject({ status: 'applied' });
    const invitee = owner === clients.agent1 ? agent3 : clients.agent1;
    await invitee.sync();
    expect(invitee.ids('conversations')).toContain(other.id);
    clock.advance(31 * 60_000);
    await server.server.routingPass();
    clock.advance(3 * 60_000);
    await server.server.routingPass();
    expect((await conversation(server.store, other.id)).status).toBe('closed');
    await invitee.sync();
    expect(invitee.ids('conversations')).not.toContain(other.id);
  });

  it('ends a chat with a one-line summary that the returning customer’s next agent reads', async () => {
    await setPresence(server.store, 'online', 'u-agent-1');
    const first = await post('我要退款，订单还没发货', 'returning');
    await clients.agent1.run('message.send', { id: randomUUID(), conversationId: first.id, body: '已为您提交退款' });
    expect(await clients.agent1.run('conversation.close', { conversationId: first.id, summary: '' })).toMatchObject({ status: 'rejected', messageKey: 'errors:mutation.invalid_args' });
    expect(await clients.agent1.run('conversation.close', { conversationId: first.id, summary: '未发货订单已退款，3个工作日到账' })).toMatchObject({ status: 'applied' });
    expect(await conversation(server.store, first.id)).toMatchObject({ status: 'closed', summary: '未发货订单已退款，3个工作日到账' });

    const second = await post('退款还没到账', 'returning');
    const [summary] = (await messagesOf(server.store, second.id)).filter((m) => m.sender_kind === 'system');
    expect(summary?.body.split('\n')[1]).toMatch(/^· \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 小结：未发货订单已退款，3个工作日到账 — 李婷，已结束$/);
  });

  it('records a first-response miss in the chat’s history, which supervisors receive', async () => {
    await setPresence(server.store, 'online', 'u-agent-1', 'u-agent-4');
    const chat = await post('退货地址是哪里？');
    clock.advance(31_000);
    await server.server.routingPass();
    const events = await server.store.db.selectFrom('conversation_events').selectAll().where('conversation_id', '=', chat.id).execute();
    expect(events).toEqual([expect.objectContaining({ kind: 'sla_missed', actor_id: null, from_user_id: chat.assignee_id, to_user_id: expect.stringMatching(/^u-agent-[14]$/) })]);
    await clients.supervisor1.sync();
    expect(rowsOf(clients.supervisor1, 'conversation_events').map((e) => e.id)).toContain(events[0]?.id);
  });
});
