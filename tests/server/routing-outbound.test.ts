import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/shared/channels/protocol';
import { postgresSchema, startTestServer, type TestServer } from './helpers';
import { AgentClient, ask, CHANNEL_KEYS, clearFloor, inbound, movableClock, setPresence } from './routing-support';

interface Received {
  key: string | undefined;
  body: OutboundMessage;
}

/** A channel's webhook that fails the first `failures(message)` posts of each message with HTTP 503. */
async function webhook(failures: (message: OutboundMessage) => number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as OutboundMessage;
  };
  const http: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const key = req.headers['idempotency-key'] as string | undefined;
      received.push({ key, body });
      const n = (seen.get(body.messageId) ?? 0) + 1;
      seen.set(body.messageId, n);
      res.writeHead(n <= failures(body) ? 503 : 200).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

describe.each(['SQLite', 'PostgreSQL'] as const)('outbound delivery to channels on %s', (backend) => {
  let server: TestServer;
  let hook: Awaited<ReturnType<typeof webhook>>;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  const clock = movableClock();
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    hook = await webhook((message) => (message.customerId === 'never-reachable' ? Infinity : 2));
    server = await startTestServer({
      ...(schema ? { location: { databaseUrl: schema.url } } : {}),
      clock,
      // pollMs: an hour — the test drives every delivery pass itself.
      channels: { keys: CHANNEL_KEYS, webhooks: { app: hook.url }, retry: { firstMs: 1000, maxMs: 4000, attempts: 4 }, pollMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await hook?.close();
    await schema?.drop();
  });
  beforeEach(async () => clearFloor(server.store));

  const deliveries = () => server.store.db.selectFrom('outbound_deliveries').select(['message_id', 'status', 'attempts', 'last_error']).orderBy('created_at').orderBy('message_id').execute();

  it('retries a reply with growing waits until the channel accepts it, in order, once per message, with an idempotency key', async () => {
    await setPresence(server.store, 'online', 'u-agent-1');
    const posted = await inbound(server.url, 'app', ask('我要退款', { id: 'app-user-42' }));
    const conversationId = posted.body.conversationId;
    const agent = await AgentClient.signIn(server.url, 'agent1');
    await agent.reply(conversationId, '您好，马上为您处理退款');
    await agent.reply(conversationId, '退款已提交，1-3个工作日到账');
    const [first, second] = (await server.store.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('sender_kind', '=', 'agent').orderBy('created_at').orderBy('id').execute()).map((m) => m.id);

    await server.server.deliverOutbound();
    // The first reply failed once; the second waits behind it so the customer reads them in order.
    expect(hook.received.map((r) => r.body.messageId)).toEqual([first]);
    expect(await deliveries()).toEqual([
      { message_id: first, status: 'pending', attempts: 1, last_error: 'HTTP 503' },
      { message_id: second, status: 'pending', attempts: 0, last_error: null },
    ]);

    // Not due yet: nothing is posted before the wait is over.
    clock.advance(500);
    await server.server.deliverOutbound();
    expect(hook.received).toHaveLength(1);

    clock.advance(600);
    await server.server.deliverOutbound();
    expect(hook.received).toHaveLength(2);
    clock.advance(2100);
    await server.server.deliverOutbound();
    await server.server.deliverOutbound();
    clock.advance(4100);
    await server.server.deliverOutbound();
    clock.advance(4100);
    await server.server.deliverOutbound();
    await server.server.deliverOutbound();

    expect(await deliveries()).toEqual([
      { message_id: first, status: 'delivered', attempts: 3, last_error: null },
      { message_id: second, status: 'delivered', attempts: 3, last_error: null },
    ]);
    expect(hook.received.map((r) => r.body.messageId)).toEqual([first, first, first, second, second, second]);
    expect(hook.received.every((r) => r.key === r.body.messageId)).toBe(true);
    expect(hook.received[2]?.body).toMatchObject({ channel: 'app', customerId: 'app-user-42', conversationId, text: '您好，马上为您处理退款', sender: { kind: 'agent', name: '李婷' } });

    // Delivered is final: later passes post nothing again.
    clock.advance(60_000);
    await server.server.deliverOutbound();
    expect(hook.received).toHaveLength(6);
  });

  it('gives up after the configured number of attempts and leaves the failure on record', async () => {
    await setPresence(server.store, 'online', 'u-agent-4');
    const posted = await inbound(server.url, 'app', ask('换货怎么操作', { id: 'never-reachable' }));
    const agent = await AgentClient.signIn(server.url, 'agent4');
    await agent.reply(posted.body.conversationId, '您好');
    for (let i = 0; i < 8; i++) {
      await server.server.deliverOutbound();
      clock.advance(4100);
    }
    expect(hook.received.filter((r) => r.body.customerId === 'never-reachable')).toHaveLength(4);
    const rows = await server.store.db.selectFrom('outbound_deliveries').select(['status', 'attempts', 'last_error']).where('conversation_id', '=', posted.body.conversationId).execute();
    expect(rows).toEqual([{ status: 'failed', attempts: 4, last_error: 'HTTP 503' }]);
  });
});
