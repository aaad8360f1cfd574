import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { Store } from '../../src/server/db/open-store';
import type { InboundAccepted } from '../../src/shared/channels/protocol';
import type { Presence } from '../../src/shared/domain/enums';
import type { PushResponse } from '../../src/shared/sync/protocol';
import { WIDGET_PATHS, type WidgetServerFrame, type WidgetSessionResponse } from '../../src/shared/widget/protocol';
import { postJson, TestClient } from './helpers';

export const CHANNEL_KEYS = { app: 'test-app-key', wechat: 'test-wechat-key', email: 'test-email-key', phone: 'test-phone-key' };

/** A clock the tests move forward; starts at real time so sessions and tokens stay valid. */
export function movableClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
}

/**
 * Every open demo chat closed and every agent offline at their own maximum: capacity and queues
 * start empty, so each test sets up exactly the situation it describes.
 */
export async function clearFloor(store: Store): Promise<void> {
  const { db } = store;
  const now = new Date().toISOString();
  await db.updateTable('conversations').set({ status: 'closed', closed_at: now, waiting_since: null }).where('status', '<>', 'closed').execute();
  await db.updateTable('users').set({ presence: 'offline' }).execute();
  await db.deleteFrom('agent_routing').execute();
  await db.deleteFrom('outbound_deliveries').execute();
}

export async function setPresence(store: Store, presence: Presence, ...userIds: string[]): Promise<void> {
  await store.db.updateTable('users').set({ presence }).where('id', 'in', userIds).execute();
}

export async function inbound(baseUrl: string, channel: string, body: unknown, key: string | null = CHANNEL_KEYS.app) {
  return postJson<InboundAccepted & { code?: string; issues?: unknown[] }>(`${baseUrl}/api/inbound/${channel}`, body, key ?? undefined);
}

let seq = 0;
export const ask = (text: string, customer: { id: string; tags?: string[]; name?: string } = { id: `cust-${++seq}` }) => ({ messageId: `msg-${randomUUID()}`, customer, text });

/** An agent's client with the mutations tests need, numbered like an outbox. */
export class AgentClient {
  private seq = 0;
  private constructor(readonly client: TestClient) {}

  static async signIn(baseUrl: string, username: string): Promise<AgentClient> {
    return new AgentClient(await TestClient.signIn(baseUrl, username));
  }

  private async run(name: string, args: unknown): Promise<PushResponse> {
    this.seq += 1;
    const response = await this.client.push([{ seq: this.seq, name, args, createdAt: new Date().toISOString() }]);
    const result = response.results[0];
    if (result?.status !== 'applied') throw new Error(`${name} was not applied: ${JSON.stringify(response)}`);
    return response;
  }

  reply(conversationId: string, body: string) {
    return this.run('message.send', { id: randomUUID(), conversationId, body });
  }

  close(conversationId: string) {
    return this.run('conversation.close', { conversationId });
  }

  presence(presence: Presence) {
    return this.run('presence.set', { presence });
  }
}

export async function conversation(store: Store, id: string) {
  return store.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function messagesOf(store: Store, conversationId: string) {
  return store.db.selectFrom('messages').select(['sender_kind', 'sender_id', 'body']).where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
}

/** A customer's widget connection, collecting what the server sends. */
export class WidgetCustomer {
  readonly frames: WidgetServerFrame[] = [];
  private readonly waiters = new Set<() => void>();
  private constructor(
    readonly token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as WidgetServerFrame);
      for (const wake of this.waiters) wake();
    });
  }

  static async open(baseUrl: string, token?: string, locale = 'zh-CN'): Promise<WidgetCustomer> {
    const session = token ?? (await postJson<WidgetSessionResponse>(baseUrl + WIDGET_PATHS.session, { locale })).body.token;
    const url = new URL(WIDGET_PATHS.socket, baseUrl);
    url.protocol = 'ws:';
    url.searchParams.set('token', session);
    const socket = new WebSocket(url);
    const customer = new WidgetCustomer(session, socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`widget socket refused: HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
    return customer;
  }

  send(body: string, id: string = randomUUID()): string {
    this.socket.send(JSON.stringify({ type: 'send', id, body }));
    return id;
  }

  csat(conversationId: string, score: number): void {
    this.socket.send(JSON.stringify({ type: 'csat', conversationId, score }));
  }

  ticketSurvey(ticketId: string, resolved: boolean, csat: number, nps: number): void {
    this.socket.send(JSON.stringify({ type: 'ticketSurvey', ticketId, resolved, csat, nps }));
  }

  /** Every message received so far on this connection, in order. */
  messages() {
    return this.frames.flatMap((f) => (f.type === 'messages' ? f.messages : []));
  }

  lastState() {
    return this.frames.filter((f): f is Extract<WidgetServerFrame, { type: 'state' }> => f.type === 'state').at(-1)?.conversation ?? null;
  }

  until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined || value === null || value === false) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`widget: no ${what} within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.terminate();
  }
}
