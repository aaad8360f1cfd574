import { createHash, timingSafeEqual } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { InboundAccepted, InboundChannel, InboundMessage, InboundSurvey } from '../../shared/channels/protocol';
import { parseSurveyReply } from '../../shared/tickets/survey-reply';
import { audit } from '../audit/audit-log';
import type { Store } from '../db/open-store';
import type { RoutingConfig } from '../routing/config';
import { localeOfText, texts } from '../routing/texts';
import { RoutingWork, routingTransaction } from '../routing/work';
import { pendingChannelSurvey, receiveChannelSurveyAnswer } from '../tickets/ticket-survey';
import type { ChannelConfig } from './config';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares digests, not the keys, so the time taken says nothing about how much of a key was right. */
export function channelKeyMatches(channels: ChannelConfig, channel: InboundChannel, presented: string): boolean {
  const expected = channels.keys[channel];
  if (!expected || !presented) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

const parseTags = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/**
 * A customer's message from a channel: the customer is found by the channel's id (or created),
 * the message is stored once per channel message id, and the conversation is continued or
 * opened and routed — all in one transaction under the routing lock, so a retried post that
 * races the first one still finds it.
 */
export async function receiveInbound(store: Store, routing: RoutingConfig, channel: InboundChannel, message: InboundMessage, now: Date): Promise<InboundAccepted> {
  const nowIso = now.toISOString();
  const locale = localeOfText(message.text);
  const { result, wrote } = await routingTransaction(store, async (tx) => {
    const known = await tx.selectFrom('channel_customers').select('customer_id').where('channel', '=', channel).where('external_id', '=', message.customer.id).executeTakeFirst();
    let customerId = known?.customer_id;
    if (!customerId) {
      customerId = uuidv7();
      await tx
        .insertInto('customers')
        .values({
          id: customerId,
          name: message.customer.name ?? texts(locale).visitorName(message.customer.id.slice(-4)),
          phone: null,
          id_number: null,
          address: null,
          value_level: 1,
          tags: JSON.stringify(message.customer.tags ?? []),
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      await tx.insertInto('channel_customers').values({ channel, external_id: message.customer.id, customer_id: customerId }).execute();
    } else if (message.customer.tags && message.customer.tags.length > 0) {
      // Tags the channel reports are added; tags set here (by agents, by earlier posts) stay.
      const row = await tx.selectFrom('customers').select('tags').where('id', '=', customerId).executeTakeFirstOrThrow();
      const current = parseTags(row.tags);
      const merged = [...new Set([...current, ...message.customer.tags])];
      if (merged.length !== current.length) await tx.updateTable('customers').set({ tags: JSON.stringify(merged), updated_at: nowIso }).where('id', '=', customerId).execute();
    }
    // A strict answer to the customer's open closing survey goes to that survey, not to routing.
    const reply = known ? parseSurveyReply(message.text) : null;
    const survey = reply ? await pendingChannelSurvey(tx, customerId, channel) : null;
    if (reply && survey && !(await seenMessage(tx, channel, message.messageId))) {
      const answered = await receiveChannelSurveyAnswer(tx, { survey, channel, externalId: message.messageId, text: message.text, answer: reply }, nowIso);
      await audit(tx, nowIso, { actorKind: 'channel', actorId: channel, action: 'inbound.message', entity: 'messages', entityId: answered.messageId, detail: { customerId, conversationId: survey.conversationId } });
      const result = { duplicate: false, conversationId: survey.conversationId, messageId: answered.messageId, ...(answered.outcome ? { survey: answered.outcome } : {}) };
      return { result, wrote: true };
    }
    const work = new RoutingWork(tx, nowIso, routing);
    const received = await work.receive({ channel, externalId: message.messageId, customerId, body: message.text, withBot: false, locale });
    if (!received.duplicate) await audit(tx, nowIso, { actorKind: 'channel', actorId: channel, action: 'inbound.message', entity: 'messages', entityId: received.messageId, detail: { customerId, conversationId: received.conversationId } });
    return { result: received, wrote: work.wrote };
  });
  if (wrote) await store.afterWrite();
  return { conversationId: result.conversationId, messageId: result.messageId, duplicate: result.duplicate, ...('survey' in result && result.survey ? { survey: result.survey } : {}) };
}

const seenMessage = (tx: Parameters<Parameters<typeof routingTransaction>[1]>[0], channel: InboundChannel, externalId: string) =>
  tx.selectFrom('inbound_messages').select(['message_id', 'conversation_id']).where('channel', '=', channel).where('external_id', '=', externalId).executeTakeFirst();

/** Why a structured survey answer was refused: the customer or their open survey is unknown here. */
export class SurveyNotFound extends Error {}

/**
 * A channel's structured answer to a closing survey (`POST /api/inbound/<channel>/survey`),
 * idempotent by `answerId`: a repeat returns the first result and changes nothing.
 */
export async function receiveInboundSurvey(store: Store, channel: InboundChannel, answer: InboundSurvey, now: Date): Promise<InboundAccepted> {
  const nowIso = now.toISOString();
  const { result, wrote } = await routingTransaction(store, async (tx) => {
    const known = await tx.selectFrom('channel_customers').select('customer_id').where('channel', '=', channel).where('external_id', '=', answer.customer.id).executeTakeFirst();
    if (!known) throw new SurveyNotFound();
    const seen = await seenMessage(tx, channel, answer.answerId);
    if (seen) return { result: { conversationId: seen.conversation_id, messageId: seen.message_id, duplicate: true }, wrote: false };
    const survey = await pendingChannelSurvey(tx, known.customer_id, channel, answer.ticketId);
    if (!survey) throw new SurveyNotFound();
    const reply = { ...(answer.resolved === undefined ? {} : { resolved: answer.resolved }), ...(answer.csat === undefined ? {} : { csat: answer.csat }), ...(answer.nps === undefined ? {} : { nps: answer.nps }) };
    const answered = await receiveChannelSurveyAnswer(tx, { survey, channel, externalId: answer.answerId, text: null, answer: reply }, nowIso);
    return { result: { conversationId: survey.conversationId, messageId: answered.messageId, duplicate: false, ...(answered.outcome ? { survey: answered.outcome } : {}) }, wrote: true };
  });
  if (wrote) await store.afterWrite();
  return result;
}
