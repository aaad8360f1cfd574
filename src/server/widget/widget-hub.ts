import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { WebSocketServer, type WebSocket } from 'ws';
import { widgetClientFrameSchema } from '../../shared/widget/frames';
import { audit } from '../audit/audit-log';
import type { WidgetConversation, WidgetLocale, WidgetMessage, WidgetServerFrame } from '../../shared/widget/protocol';
import type { ChangeEntry, ChangeFeed } from '../db/change-feed';
import type { Store } from '../db/open-store';
import type { ServerDatabase } from '../db/schema';
import { startHeartbeat } from '../http/heartbeat';
import { refuse } from '../http/poke';
import type { RoutingConfig } from '../routing/config';
import { SERVER_LOCALES, texts, type ServerLocale } from '../routing/texts';
import { RoutingWork, routingTransaction } from '../routing/work';
import { recordChatSatisfaction, recordSurveyAnswer } from '../tickets/ticket-survey';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * The widget customer's session: the token the page holds when the server knows it (a reload,
 * a return visit), otherwise a new customer with a random token (only its hash is stored).
 */
export async function widgetSession(store: Store, locale: WidgetLocale, held: string | undefined, now: Date): Promise<string> {
  if (held && (await store.db.selectFrom('widget_sessions').select('customer_id').where('token_hash', '=', hashToken(held)).executeTakeFirst())) return held;
  const token = randomBytes(32).toString('base64url');
  const customerId = uuidv7();
  const nowIso = now.toISOString();
  await store.db.transaction().execute(async (tx) => {
    await tx.insertInto('widget_sessions').values({ token_hash: hashToken(token), customer_id: customerId, locale, created_at: nowIso }).execute();
    await audit(tx, nowIso, { actorKind: 'customer', actorId: customerId, action: 'widget.session', detail: { locale } });
  });
  return token;
}

interface Peer {
  socket: WebSocket;
  customerId: string;
  locale: ServerLocale;
  /** Message ids this connection has been sent: each message goes out once per connection. */
  sent: Set<string>;
}

export interface WidgetHub {
  /** Takes over an HTTP upgrade on the widget socket's path. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

const CHUNK = 500;
const chunks = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}


/**
 * Customers' live connections. A customer's messages are stored through the routing (bot,
 * hand-over, queue) in one transaction; what reaches the customer — agents' replies, the bot,
 * the assignment, the end of the session — is read from the change log after every commit (of
 * any instance on PostgreSQL), so an agent's reply pushed from a workstation arrives with no
 * extra plumbing. The customer's own text is never interpreted: it is stored and sent back as
 * plain text, and the page renders it with textContent.
 */
export function attachWidget(store: Store, feed: ChangeFeed, routing: RoutingConfig, now: () => Date, onError: (message: string, error: unknown) => void, heartbeatMs = 30_000): WidgetHub {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const peers = new Map<string, Set<Peer>>();
  const heartbeat = startHeartbeat(heartbeatMs);

  const send = (peer: Peer, frame: WidgetServerFrame) => {
    if (peer.socket.readyState === peer.socket.OPEN) peer.socket.send(JSON.stringify(frame));
  };

  /** The customer's latest web conversation, with what the page shows of it. */
  const currentConversation = async (customerId: string): Promise<{ conversation: WidgetConversation; messages: WidgetMessage[] } | null> => {
    const row = await store.db
      .selectFrom('conversations as c')
      .leftJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
      .leftJoin('users as u', 'u.id', 'c.assignee_id')
      .leftJoin('csat_responses as s', 's.conversation_id', 'c.id')
      .select(['c.id', 'c.status', 'lc.phase', 'u.display_name', 's.score'])
      .where('c.customer_id', '=', customerId)
      .where('c.channel', '=', 'web')
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .executeTakeFirst();
    if (!row) return null;
    const survey = await store.db
      .selectFrom('tickets')
      .select(['id', 'number', 'title'])
      .where('customer_id', '=', customerId)
      .where('status', '=', 'awaiting_confirmation')
      .where('csat_score', 'is', null)
      .orderBy('survey_requested_at', 'desc')
      .executeTakeFirst();
    const state = row.status === 'closed' ? 'closed' : row.status === 'active' ? 'active' : row.phase === 'bot' ? 'bot' : 'queued';
    const messages = await store.db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.sender_id')
      .leftJoin('inbound_messages as i', (join) => join.onRef('i.message_id', '=', 'm.id').on('i.channel', '=', 'web'))
      .select(['m.id', 'm.sender_kind', 'u.display_name', 'm.body', 'm.created_at', 'i.external_id'])
      .where('m.conversation_id', '=', row.id)
      // System notes and internal notes are for agents and supervisors only.
      .where('m.sender_kind', 'in', ['customer', 'agent', 'bot'])
      .where('m.internal', '=', 0)
      .orderBy('m.created_at')
      .orderBy('m.id')
      .execute();
    return {
      conversation: { id: row.id, state, agentName: state === 'active' || state === 'closed' ? row.display_name : null, csat: row.score, ticketSurvey: survey ? { ticketId: survey.id, number: survey.number, title: survey.title } : null },
      messages: messages.map((m) => ({
        id: m.id,
        from: m.sender_kind === 'agent' ? 'agent' : m.sender_kind === 'bot' ? 'bot' : 'customer',
        agentName: m.sender_kind === 'agent' ? m.display_name : null,
        body: m.body,
        createdAt: m.created_at,
        clientId: m.external_id,
      })),
    };
  };

  const refresh = async (customerId: string) => {
    const connected = peers.get(customerId);
    if (!connected || connected.size === 0) return;
    const current = await currentConversation(customerId);
    for (const peer of connected) {
      send(peer, { type: 'state', conversation: current?.conversation ?? null });
      if (!current) continue;
      const fresh = current.messages.filter((m) => !peer.sent.has(m.id));
      if (fresh.length === 0) continue;
      for (const m of fresh) peer.sent.add(m.id);
      send(peer, { type: 'messages', conversationId: current.conversation.id, messages: fresh });
    }
  };

  /** Which connected customers the committed changes concern. */
  const onChanges = async (entries: ChangeEntry[]) => {
    if (peers.size === 0) return;
    const conversationIds = new Set(entries.filter((e) => e.tbl === 'conversations').map((e) => e.row_id));
    const customers = new Set<string>();
    // A ticket moving to or from 待確認 opens or closes the customer's survey.
    for (const ids of chunks(entries.filter((e) => e.tbl === 'tickets').map((e) => e.row_id))) {
      for (const row of await store.db.selectFrom('tickets').select('customer_id').distinct().where('id', 'in', ids).execute()) customers.add(row.customer_id);
    }
    for (const ids of chunks(entries.filter((e) => e.tbl === 'messages').map((e) => e.row_id))) {
      for (const row of await store.db.selectFrom('messages').select('conversation_id').distinct().where('id', 'in', ids).execute()) conversationIds.add(row.conversation_id);
    }
    for (const ids of chunks([...conversationIds])) {
      for (const row of await store.db.selectFrom('conversations').select('customer_id').distinct().where('id', 'in', ids).where('channel', '=', 'web').execute()) customers.add(row.customer_id);
    }
    for (const customerId of customers) if (peers.has(customerId)) await refresh(customerId);
  };

  const ensureCustomer = async (tx: Kysely<ServerDatabase>, peer: Peer, nowIso: string) => {
    const exists = await tx.selectFrom('customers').select('id').where('id', '=', peer.customerId).executeTakeFirst();
    if (exists) return;
    await tx
      .insertInto('customers')
      .values({ id: peer.customerId, name: texts(peer.locale).visitorName(peer.customerId.slice(-4)), phone: null, id_number: null, address: null, value_level: 1, tags: '[]', created_at: nowIso, updated_at: nowIso })
      .execute();
  };

  const onFrame = async (peer: Peer, data: string) => {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return send(peer, { type: 'error', code: 'invalid_frame' });
    }
    const parsed = widgetClientFrameSchema.safeParse(json);
    if (!parsed.success) return send(peer, { type: 'error', code: 'invalid_frame' });
    const frame = parsed.data;
    const nowIso = now().toISOString();

    if (frame.type === 'send') {
      const received = await routingTransaction(store, async (tx) => {
        await ensureCustomer(tx, peer, nowIso);
        const work = new RoutingWork(tx, nowIso, routing);
        const result = await work.receive({ channel: 'web', externalId: frame.id, customerId: peer.customerId, body: frame.body, withBot: true, locale: peer.locale });
        if (!result.duplicate) await audit(tx, nowIso, { actorKind: 'customer', actorId: peer.customerId, action: 'widget.message', entity: 'messages', entityId: result.messageId, detail: { conversationId: result.conversationId } });
        return result;
      });
      if (!received.duplicate) await store.afterWrite();
      // Stored: the customer's message is safe whatever happens to the bot's answer below.
      send(peer, { type: 'ack', id: frame.id });
      if (received.botPending) {
        try {
          const wrote = await routingTransaction(store, async (tx) => {
            const work = new RoutingWork(tx, now().toISOString(), routing);
            await work.botReply(received.conversationId, frame.body);
            return work.wrote;
          });
          if (wrote) await store.afterWrite();
        } catch (error) {
          // The routing pass hands the conversation to a human when the bot's deadline passes.
          onError('widget: the bot could not answer', error);
        }
      }
      return refresh(peer.customerId);
    }

    if (frame.type === 'ticketSurvey') {
      const answered = await store.db
        .transaction()
        .execute((tx) =>
          recordSurveyAnswer(tx, { ticketId: frame.ticketId, customerId: peer.customerId, answer: { resolved: frame.resolved, csat: frame.csat, nps: frame.nps }, conversationId: null, action: 'widget.ticketSurvey' }, nowIso),
        );
      if (!answered) return send(peer, { type: 'error', code: 'not_found' });
      await store.afterWrite();
      return refresh(peer.customerId);
    }

    const recorded = await routingTransaction(store, async (tx) => {
      const conversation = await tx
        .selectFrom('conversations')
        .select(['id', 'status'])
        .where('id', '=', frame.conversationId)
        .where('customer_id', '=', peer.customerId)
        .executeTakeFirst();
      if (!conversation || conversation.status !== 'closed') return null;
      const first = await recordChatSatisfaction(tx, conversation.id, peer.customerId, frame.score, nowIso);
      if (first) await audit(tx, nowIso, { actorKind: 'customer', actorId: peer.customerId, action: 'widget.csat', entity: 'conversations', entityId: conversation.id, detail: { score: frame.score } });
      // The first answer counts; the note lets the agent and QA see it in the history.
      if (first) await new RoutingWork(tx, nowIso, routing).note(conversation.id, texts(peer.locale).csat(frame.score));
      return first;
    });
    if (recorded === null) return send(peer, { type: 'error', code: 'not_found' });
    if (recorded) await store.afterWrite();
    await refresh(peer.customerId);
  };

  // One batch after another: a refresh never overtakes a newer one with an older state.
  let changes = Promise.resolve();
  const unwatch = feed.watch(['messages', 'conversations', 'tickets'], (entries) => {
    changes = changes.then(() => onChanges(entries)).catch((error: unknown) => onError('widget: live update failed', error));
    return changes;
  });


  return {
    upgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://localhost');
      // A page of another site must not drive a customer's chat with a token it got hold of.
      const origin = request.headers.origin;
      if (origin !== undefined && !sameHost(origin, request.headers.host)) return refuse(socket, '403 Forbidden');
      (async () => {
        const token = url.searchParams.get('token') ?? '';
        const session = token ? await store.db.selectFrom('widget_sessions').select(['customer_id', 'locale']).where('token_hash', '=', hashToken(token)).executeTakeFirst() : undefined;
        if (!session) return refuse(socket, '401 Unauthorized');
        wss.handleUpgrade(request, socket, head, (ws) => {
          const locale = SERVER_LOCALES.find((l) => l === session.locale) ?? 'zh-CN';
          const peer: Peer = { socket: ws, customerId: session.customer_id, locale, sent: new Set() };
          const set = peers.get(peer.customerId) ?? new Set<Peer>();
          set.add(peer);
          peers.set(peer.customerId, set);
          // Frames of one connection are handled in order: a customer's messages keep theirs.
          let queue = Promise.resolve();
          ws.on('message', (data) => {
            queue = queue.then(() => onFrame(peer, data.toString())).catch((error: unknown) => {
              onError('widget: handling a frame failed', error);
              send(peer, { type: 'error', code: 'internal' });
            });
          });
          heartbeat.watch(ws);
          ws.on('close', () => {
            set.delete(peer);
            if (set.size === 0) peers.delete(peer.customerId);
          });
          ws.on('error', () => ws.terminate());
          refresh(peer.customerId).catch((error: unknown) => onError('widget: first refresh failed', error));
        });
      })().catch((error: unknown) => {
        onError('widget: upgrade failed', error);
        refuse(socket, '500 Internal Server Error');
      });
    },
    close() {
      heartbeat.stop();
      unwatch();
      for (const set of peers.values()) for (const peer of set) peer.socket.terminate();
      wss.close();
    },
  };
}
