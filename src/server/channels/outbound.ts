import { sql } from 'kysely';
import { IDEMPOTENCY_HEADER, isInboundChannel, type InboundChannel, type OutboundMessage } from '../../shared/channels/protocol';
import { coalescingRunner } from '../../shared/async/coalescing-runner';
import type { ChangeFeed } from '../db/change-feed';
import type { Store } from '../db/open-store';
import type { ChannelConfig, DeliveryRetry } from './config';

export interface OutboundService {
  /** Deliver what is due now (tests; also run after every commit that wrote messages and on a timer). */
  deliverDue(): Promise<void>;
  close(): Promise<void>;
}

/** A sender owns a delivery for this long: enough for one attempt, short enough to recover from a crash. */
const LEASE_MS = 30_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const BATCH = 50;

/** Wait before attempt `attempts + 1`: doubling from `firstMs`, never above `maxMs`. */
export function retryDelayMs(attempts: number, retry: DeliveryRetry): number {
  return Math.min(retry.maxMs, retry.firstMs * 2 ** Math.max(0, attempts - 1));
}

const later = (from: Date, ms: number) => new Date(from.getTime() + ms).toISOString();

/**
 * Posts agents' and bots' replies back to the channels they came from. The rows are queued by
 * a trigger in the transaction that wrote the message (server migration 0003), one per message
 * id, so a reply is never queued twice and never lost. Each is posted with its message id as
 * `Idempotency-Key` until a 2xx answer, waiting longer after each failure, up to a bound; one
 * conversation's replies go out in order (a later one waits while an earlier one is pending).
 * A lease on the row keeps two instances (or two passes) from posting it at the same time.
 */
export function startOutbound(store: Store, feed: ChangeFeed, channels: ChannelConfig, now: () => Date, onError: (message: string, error: unknown) => void): OutboundService {
  const configured = Object.keys(channels.webhooks).filter(isInboundChannel);

  const attempt = async (row: DueRow): Promise<void> => {
    const { db } = store;
    const start = now();
    const claimed = await db
      .updateTable('outbound_deliveries')
      .set({ lease_until: later(start, LEASE_MS) })
      .where('message_id', '=', row.message_id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', start.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;

    const url = channels.webhooks[row.channel];
    const payload: OutboundMessage = {
      messageId: row.message_id,
      conversationId: row.conversation_id,
      channel: row.channel,
      customerId: row.external_id,
      text: row.body,
      sender: { kind: row.sender_kind === 'agent' ? 'agent' : 'bot', name: row.display_name },
      sentAt: row.created_at,
      ...(row.survey_ticket_id ? { survey: { ticketId: row.survey_ticket_id, ticketNumber: row.survey_ticket_number, ticketTitle: row.survey_ticket_title ?? '' } } : {}),
    };
    let error: string | null = null;
    try {
      if (!url) throw new Error('no webhook configured');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: row.message_id },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      // The body is not needed, but it must be read or the connection is not reused.
      await response.arrayBuffer().catch(() => undefined);
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const attempts = row.attempts + 1;
    const done = now();
    if (error === null) {
      await db
        .updateTable('outbound_deliveries')
        .set({ status: 'delivered', attempts, delivered_at: done.toISOString(), lease_until: null, last_error: null })
        .where('message_id', '=', row.message_id)
        .execute();
      // The next reply of the same conversation may be waiting behind this one.
      void runner.request();
      return;
    }
    const failed = attempts >= channels.retry.attempts;
    await db
      .updateTable('outbound_deliveries')
      .set({
        status: failed ? 'failed' : 'pending',
        attempts,
        next_attempt_at: later(done, retryDelayMs(attempts, channels.retry)),
        lease_until: null,
        last_error: error.slice(0, 500),
      })
      .where('message_id', '=', row.message_id)
      .execute();
    if (failed) onError(`outbound: giving up on message ${row.message_id} to ${row.channel} after ${attempts} attempts`, error);
  };

  const once = async () => {
    if (configured.length === 0) return;
    const rows = await dueDeliveries(store, configured, now().toISOString());
    await Promise.all(rows.map((row) => attempt(row)));
  };

  const runner = coalescingRunner(once, (error) => onError('outbound delivery pass failed', error));
  const deliverDue = runner.request;

  const unwatch = feed.watch(['messages'], () => deliverDue());
  const timer = setInterval(() => void deliverDue(), channels.pollMs);
  timer.unref();
  void deliverDue();
  return {
    deliverDue,
    async close() {
      clearInterval(timer);
      unwatch();
      await runner.close();
    },
  };
}

interface DueRow {
  message_id: string;
  conversation_id: string;
  channel: InboundChannel;
  attempts: number;
  created_at: string;
  body: string;
  sender_kind: string;
  display_name: string | null;
  external_id: string;
  /** The ticket whose closing survey this message asks (server migration 0009). */
  survey_ticket_id: string | null;
  survey_ticket_number: string | null;
  survey_ticket_title: string | null;
}

/** Pending, due, not leased, and the oldest pending one of its conversation. */
async function dueDeliveries(store: Store, channels: InboundChannel[], nowIso: string): Promise<DueRow[]> {
  const rows = await store.db
    .selectFrom('outbound_deliveries as d')
    .innerJoin('messages as m', 'm.id', 'd.message_id')
    .innerJoin('conversations as c', 'c.id', 'd.conversation_id')
    .innerJoin('channel_customers as cc', (join) => join.onRef('cc.customer_id', '=', 'c.customer_id').onRef('cc.channel', '=', 'c.channel'))
    .leftJoin('users as u', 'u.id', 'm.sender_id')
    .leftJoin('channel_surveys as s', 's.message_id', 'd.message_id')
    .leftJoin('tickets as t', 't.id', 's.ticket_id')
    .select([
      'd.message_id',
      'd.conversation_id',
      'd.channel',
      'd.attempts',
      'd.created_at',
      'm.body',
      'm.sender_kind',
      'u.display_name',
      'cc.external_id',
      's.ticket_id as survey_ticket_id',
      't.number as survey_ticket_number',
      't.title as survey_ticket_title',
    ])
    .where('d.status', '=', 'pending')
    .where('d.channel', 'in', channels)
    .where('d.next_attempt_at', '<=', nowIso)
    .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<', nowIso)]))
    .where(
      sql<boolean>`not exists (select 1 from outbound_deliveries e where e.conversation_id = d.conversation_id and e.status = 'pending'
        and (e.created_at < d.created_at or (e.created_at = d.created_at and e.message_id < d.message_id)))`,
    )
    .orderBy('d.created_at')
    .orderBy('d.message_id')
    .limit(BATCH)
    .execute();
  return rows.flatMap((row) => (isInboundChannel(row.channel) ? [{ ...row, channel: row.channel }] : []));
}
