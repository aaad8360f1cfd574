import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InboundAccepted, OutboundMessage } from '../../src/shared/channels/protocol';
import { postJson, startTestServer, TestClient, type TestServer } from './helpers';
import { ask, CHANNEL_KEYS, clearFloor, inbound, setPresence } from './routing-support';

/** A channel's webhook that accepts everything and keeps what it got. */
async function webhook(): Promise<{ url: string; received: OutboundMessage[]; close(): Promise<void> }> {
  const received: OutboundMessage[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as OutboundMessage;
  };
  const http: Server = createServer((req, res) => {
    void read(req).then((body) => {
      received.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`, received, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

const surveyPost = (baseUrl: string, channel: string, body: unknown) =>
  postJson<InboundAccepted & { messageKey?: string }>(`${baseUrl}/api/inbound/${channel}/survey`, body, CHANNEL_KEYS[channel as keyof typeof CHANNEL_KEYS]);

describe('the closing survey through a customer’s channel (app IM, WeChat, e-mail)', () => {
  let server: TestServer;
  let hook: Awaited<ReturnType<typeof webhook>>;
  let agent: TestClient;

  beforeAll(async () => {
    hook = await webhook();
    server = await startTestServer({ channels: { keys: CHANNEL_KEYS, webhooks: { wechat: hook.url, app: hook.url, email: hook.url }, retry: { firstMs: 1000, maxMs: 1000, attempts: 3 }, pollMs: 3_600_000 } });
    agent = await TestClient.signIn(server.url, 'agent1');
  });
  afterAll(async () => {
    await server?.close();
    await hook?.close();
  });
  beforeEach(async () => {
    await clearFloor(server.store);
    await setPresence(server.store, 'online', 'u-agent-1');
    hook.received.length = 0;
  });

  const ticketRow = (id: string) => server.store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventKinds = async (id: string) => (await server.store.db.selectFrom('ticket_events').select('kind').where('ticket_id', '=', id).orderBy('created_at').orderBy('id').execute()).map((e) => e.kind);
  const customerOf = async (conversationId: string) => (await server.store.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow()).customer_id;

  /** A customer writes in on `channel`, 李婷 gets the chat, opens a ticket and asks the customer to confirm. */
  async function ticketAwaitingConfirmation(channel: 'wechat' | 'app' | 'email', customerId: string) {
    const posted = await inbound(server.url, channel, ask('我要退款，订单一直没发货', { id: customerId }), CHANNEL_KEYS[channel]);
    expect(posted.status).toBe(200);
    const conversationId = posted.body.conversationId;
    const ticketId = randomUUID();
    const run = async (name: string, args: Record<string, unknown>) => expect((await agent.run(name, args)).status).toBe('applied');
    await run('ticket.create', { id: ticketId, eventId: randomUUID(), customerId: await customerOf(conversationId), conversationId, title: '未发货订单退款' });
    await run('ticket.transition', { ticketId, eventId: randomUUID(), to: 'in_progress', note: '' });
    await run('ticket.transition', { ticketId, eventId: randomUUID(), to: 'awaiting_confirmation', note: '' });
    return { conversationId, ticketId };
  }

  it('asks through the channel once per entry into 待確認, and a plain reply answers it: scores first, then 「已解决」 closes', async () => {
    const { conversationId, ticketId } = await ticketAwaitingConfirmation('wechat', 'wx-open-id-1');
    await server.server.deliverOutbound();
    const asked = hook.received.find((m) => m.survey !== undefined);
    const { number } = await ticketRow(ticketId);
    expect(asked).toMatchObject({ channel: 'wechat', customerId: 'wx-open-id-1', conversationId, survey: { ticketId, ticketNumber: number, ticketTitle: '未发货订单退款' }, sender: { kind: 'bot' } });
    expect(asked?.text).toContain(`${number}「未发货订单退款」`);
    expect(asked?.text).toContain('「已解决」');

    const scores = await inbound(server.url, 'wechat', { messageId: 'wx-msg-1', customer: { id: 'wx-open-id-1' }, text: '4 9' }, CHANNEL_KEYS.wechat);
    expect(scores.body).toMatchObject({ conversationId, duplicate: false, survey: { ticketId, status: 'awaiting_confirmation' } });
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'awaiting_confirmation', csat_score: 4, nps_score: 9 });

    const solved = await inbound(server.url, 'wechat', { messageId: 'wx-msg-2', customer: { id: 'wx-open-id-1' }, text: '已解决！' }, CHANNEL_KEYS.wechat);
    expect(solved.body).toMatchObject({ conversationId, survey: { ticketId, status: 'closed' } });
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'closed', csat_score: 4, nps_score: 9, confirmed_at: expect.any(String), closed_at: expect.any(String) });
    // The survey is sent in the transition's own transaction, so the two share a time.
    expect((await eventKinds(ticketId)).sort()).toEqual(['created', 'customer_confirmed', 'status', 'status', 'survey_answer', 'survey_sent']);
    // Scored like the widget's: on the chat too, for the customer's satisfaction history.
    expect(await server.store.db.selectFrom('conversations').select('csat_score').where('id', '=', conversationId).executeTakeFirst()).toEqual({ csat_score: 4 });

    // A repeat of the same message changes nothing; the thanks went out through the channel.
    const repeat = await inbound(server.url, 'wechat', { messageId: 'wx-msg-2', customer: { id: 'wx-open-id-1' }, text: '已解决！' }, CHANNEL_KEYS.wechat);
    expect(repeat.body).toMatchObject({ duplicate: true, messageId: solved.body.messageId });
    await server.server.deliverOutbound();
    expect(hook.received.map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringContaining('请再告诉我们问题是否已经解决'), expect.stringContaining('工单已关闭')]));

    const audited = await server.store.db.selectFrom('audit_log').select(['action', 'actor_kind', 'entity_id']).where('action', 'in', ['ticket.surveySent', 'inbound.ticketSurvey']).where('entity_id', '=', ticketId).orderBy('id').execute();
    expect(audited).toEqual([
      { action: 'ticket.surveySent', actor_kind: 'system', entity_id: ticketId },
      { action: 'inbound.ticketSurvey', actor_kind: 'customer', entity_id: ticketId },
      { action: 'inbound.ticketSurvey', actor_kind: 'customer', entity_id: ticketId },
    ]);

    // The survey is over: the same words now are an ordinary message, routed like any other.
    const later = await inbound(server.url, 'wechat', { messageId: 'wx-msg-3', customer: { id: 'wx-open-id-1' }, text: '已解决' }, CHANNEL_KEYS.wechat);
    expect(later.body.survey).toBeUndefined();
  });

  it('reads replies strictly: a question about the survey is a message for the agent, not a vote', async () => {
    const { ticketId } = await ticketAwaitingConfirmation('app', 'app-user-survey-2');
    const question = await inbound(server.url, 'app', { messageId: 'app-msg-q', customer: { id: 'app-user-survey-2' }, text: '已解决了吗？退款还没到' }, CHANNEL_KEYS.app);
    expect(question.body.survey).toBeUndefined();
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'awaiting_confirmation', csat_score: null });
  });

  it('takes a channel’s structured answer once: 「not solved」 sends the ticket back to 處理中, the next entry asks again', async () => {
    const { conversationId, ticketId } = await ticketAwaitingConfirmation('email', 'someone@example.com');
    const { number } = await ticketRow(ticketId);
    const answer = { answerId: 'mail-answer-1', customer: { id: 'someone@example.com' }, ticketId: number, resolved: false, csat: 2 };
    const first = await surveyPost(server.url, 'email', answer);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ conversationId, duplicate: false, survey: { ticketId, status: 'in_progress' } });
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'in_progress', csat_score: 2, confirmed_at: null });
    expect(await eventKinds(ticketId)).toContain('customer_not_resolved');
    const stored = await server.store.db.selectFrom('messages').select(['sender_kind', 'body']).where('id', '=', first.body.messageId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ sender_kind: 'customer', body: '未解决 · 满意度 2' });

    const again = await surveyPost(server.url, 'email', answer);
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId });
    // A new answer to a survey no longer open is refused, and says why.
    const late = await surveyPost(server.url, 'email', { ...answer, answerId: 'mail-answer-2' });
    expect(late).toMatchObject({ status: 404, body: { messageKey: 'ticket-admin:errors.no_survey' } });

    expect((await agent.run('ticket.transition', { ticketId, eventId: randomUUID(), to: 'awaiting_confirmation', note: '' })).status).toBe('applied');
    const surveys = await server.store.db.selectFrom('channel_surveys').select(['ticket_id', 'answered_at']).where('ticket_id', '=', ticketId).orderBy('sent_at').execute();
    expect(surveys).toEqual([
      { ticket_id: ticketId, answered_at: expect.any(String) },
      { ticket_id: ticketId, answered_at: null },
    ]);
    const bad = await surveyPost(server.url, 'email', { answerId: 'mail-answer-3', customer: { id: 'someone@example.com' } });
    expect(bad.status).toBe(400);
    const unknown = await surveyPost(server.url, 'email', { answerId: 'mail-answer-4', customer: { id: 'nobody@example.com' }, resolved: true });
    expect(unknown.status).toBe(404);
  });

  it('leaves web chat customers to the widget and customers without a channel to their agent', async () => {
    const ticketId = randomUUID();
    // c-001 is 张伟's web chat.
    expect((await agent.run('ticket.create', { id: ticketId, eventId: randomUUID(), customerId: 'cu-01', conversationId: 'c-001', title: '网页客户' })).status).toBe('applied');
    await agent.run('ticket.transition', { ticketId, eventId: randomUUID(), to: 'in_progress', note: '' });
    await agent.run('ticket.transition', { ticketId, eventId: randomUUID(), to: 'awaiting_confirmation', note: '' });
    const standalone = randomUUID();
    expect((await agent.run('ticket.create', { id: standalone, eventId: randomUUID(), customerId: 'cu-02', conversationId: null, title: '电话记录' })).status).toBe('applied');
    await agent.run('ticket.transition', { ticketId: standalone, eventId: randomUUID(), to: 'in_progress', note: '' });
    await agent.run('ticket.transition', { ticketId: standalone, eventId: randomUUID(), to: 'awaiting_confirmation', note: '' });
    expect(await server.store.db.selectFrom('channel_surveys').select('id').where('ticket_id', 'in', [ticketId, standalone]).execute()).toEqual([]);
  });
});
