import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { SURVEY_CHANNELS, type InboundChannel, type InboundSurveyOutcome } from '../../shared/channels/protocol';
import type { DomainTables } from '../../shared/db/replica-schema';
import type { TicketStatus } from '../../shared/domain/enums';
import { endObligations } from '../../shared/mutations/ticket-mutations';
import type { SurveyReply } from '../../shared/tickets/survey-reply';
import { audit } from '../audit/audit-log';
import type { ServerDatabase } from '../db/schema';
import { localeOfText, type ServerLocale } from '../routing/texts';
import { surveyTexts } from './survey-texts';

type Db = Kysely<ServerDatabase>;

/**
 * The closing survey of a ticket (SPEC §6: customer confirmation, CSAT 1–5, NPS 0–10), however
 * the customer answers it: the widget's form, a channel's buttons, or a plain-text reply.
 */

const PREVIEW_LENGTH = 60;

/** The language of what the server writes into a conversation: as routing chose it, else the script of its subject. */
async function conversationLocale(db: Db, conversationId: string): Promise<ServerLocale> {
  const row = await db
    .selectFrom('conversations as c')
    .leftJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
    .select(['c.subject', 'lc.locale'])
    .where('c.id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return row.locale ?? localeOfText(row.subject);
}

async function botMessage(db: Db, conversationId: string, channel: InboundChannel, body: string, nowIso: string): Promise<string> {
  const id = uuidv7();
  // A bot message of a channel's conversation is queued for delivery by trigger (server migration 0003).
  await db.insertInto('messages').values({ id, conversation_id: conversationId, sender_kind: 'bot', sender_id: null, body, channel, created_at: nowIso }).execute();
  return id;
}

/**
 * A ticket just entered 待確認: a customer who reached us through app IM, WeChat or e-mail is
 * asked through that channel, in the conversation the ticket came from (or their latest one
 * there), once per entry. Web customers get the widget's form instead; a customer with no such
 * channel is asked by their agent, who closes with a note.
 */
export async function sendChannelSurvey(db: Db, ticketId: string, nowIso: string): Promise<void> {
  const ticket = await db
    .selectFrom('tickets as t')
    .leftJoin('conversations as c', 'c.id', 't.conversation_id')
    .select(['t.id', 't.number', 't.title', 't.customer_id', 't.conversation_id', 't.survey_requested_at', 'c.channel'])
    .where('t.id', '=', ticketId)
    .where('t.status', '=', 'awaiting_confirmation')
    .executeTakeFirst();
  if (!ticket?.survey_requested_at || ticket.channel === 'web') return;
  const surveyId = `${ticket.id}:${ticket.survey_requested_at}`;
  if (await db.selectFrom('channel_surveys').select('id').where('id', '=', surveyId).executeTakeFirst()) return;
  const target = await db
    .selectFrom('conversations as c')
    .innerJoin('channel_customers as cc', (join) => join.onRef('cc.customer_id', '=', 'c.customer_id').onRef('cc.channel', '=', 'c.channel'))
    .select(['c.id', 'c.channel'])
    .where('c.customer_id', '=', ticket.customer_id)
    .where('c.channel', 'in', SURVEY_CHANNELS)
    .orderBy((eb) => eb.case().when('c.id', '=', ticket.conversation_id ?? '').then(0).else(1).end())
    .orderBy('c.last_message_at', 'desc')
    .executeTakeFirst();
  if (!target) return;
  const channel = target.channel as InboundChannel;
  const locale = await conversationLocale(db, target.id);
  const messageId = await botMessage(db, target.id, channel, surveyTexts(locale).request(ticket.number ?? ticket.title, ticket.title), nowIso);
  await db
    .insertInto('channel_surveys')
    .values({ id: surveyId, ticket_id: ticket.id, conversation_id: target.id, customer_id: ticket.customer_id, channel, message_id: messageId, sent_at: ticket.survey_requested_at, answered_at: null })
    .execute();
  await db
    .insertInto('ticket_events')
    .values({ id: `${surveyId}:sent`, ticket_id: ticket.id, actor_id: null, kind: 'survey_sent', from_value: null, to_value: channel, note: null, created_at: nowIso })
    .execute();
  await audit(db, nowIso, { actorKind: 'system', actorId: null, action: 'ticket.surveySent', entity: 'tickets', entityId: ticket.id, detail: { channel, conversationId: target.id, messageId } });
}

export interface PendingSurvey {
  id: string;
  ticketId: string;
  conversationId: string;
  customerId: string;
}

/** The customer's open survey on this channel (the ticket still 待確認 since it was sent); `ticket` narrows it by id or number. */
export async function pendingChannelSurvey(db: Db, customerId: string, channel: InboundChannel, ticket?: string): Promise<PendingSurvey | null> {
  const row = await db
    .selectFrom('channel_surveys as s')
    .innerJoin('tickets as t', 't.id', 's.ticket_id')
    .select(['s.id', 's.ticket_id', 's.conversation_id', 's.customer_id'])
    .where('s.customer_id', '=', customerId)
    .where('s.channel', '=', channel)
    .where('t.status', '=', 'awaiting_confirmation')
    .whereRef('t.survey_requested_at', '=', 's.sent_at')
    .$if(ticket !== undefined, (qb) => qb.where((eb) => eb.or([eb('t.id', '=', ticket ?? ''), eb('t.number', '=', ticket ?? '')])))
    .orderBy('s.sent_at', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, ticketId: row.ticket_id, conversationId: row.conversation_id, customerId: row.customer_id } : null;
}

/**
 * Records an answer on a ticket of this customer that waits for it (待確認): the scores on the
 * ticket and, as the chat's satisfaction answer, on its conversation (the first answer counts);
 * "solved" closes the ticket on the customer's word, "not solved" sends it back to 處理中. An
 * answer with scores only leaves the question open. Null when no ticket of theirs waits.
 */
export async function recordSurveyAnswer(
  db: Db,
  input: { ticketId: string; customerId: string; answer: SurveyReply; conversationId: string | null; action: string; detail?: Record<string, unknown> },
  nowIso: string,
): Promise<InboundSurveyOutcome | null> {
  const { answer } = input;
  const ticket = await db
    .selectFrom('tickets')
    .select(['id', 'conversation_id', 'status'])
    .where('id', '=', input.ticketId)
    .where('customer_id', '=', input.customerId)
    .where('status', '=', 'awaiting_confirmation')
    .executeTakeFirst();
  if (!ticket) return null;
  const status: TicketStatus = answer.resolved === undefined ? ticket.status : answer.resolved ? 'closed' : 'in_progress';
  await db
    .updateTable('tickets')
    .set({
      status,
      ...(answer.csat === undefined ? {} : { csat_score: answer.csat }),
      ...(answer.nps === undefined ? {} : { nps_score: answer.nps }),
      ...(answer.resolved === undefined ? {} : { confirmed_at: answer.resolved ? nowIso : null, closed_at: answer.resolved ? nowIso : null }),
      updated_at: nowIso,
    })
    .where('id', '=', ticket.id)
    .execute();
  if (answer.resolved === true) await endObligations(db as unknown as Kysely<DomainTables>, ticket.id, nowIso, null, null);
  const event = (kind: string, from: string | null, value: string) =>
    db.insertInto('ticket_events').values({ id: uuidv7(), ticket_id: ticket.id, actor_id: null, kind, from_value: from, to_value: value, note: null, created_at: nowIso }).execute();
  if (answer.csat !== undefined || answer.nps !== undefined) await event('survey_answer', null, `${answer.csat ?? ''}/${answer.nps ?? ''}`);
  if (answer.resolved !== undefined) {
    await event(answer.resolved ? 'customer_confirmed' : 'customer_not_resolved', ticket.status, status);
    await db.updateTable('channel_surveys').set({ answered_at: nowIso }).where('ticket_id', '=', ticket.id).where('answered_at', 'is', null).execute();
  }
  const conversationId = ticket.conversation_id ?? input.conversationId;
  if (answer.csat !== undefined && conversationId !== null) await recordChatSatisfaction(db, conversationId, input.customerId, answer.csat, nowIso);
  await audit(db, nowIso, { actorKind: 'customer', actorId: input.customerId, action: input.action, entity: 'tickets', entityId: ticket.id, detail: { ...input.detail, ...answer } });
  return { ticketId: ticket.id, status };
}

/** A chat's satisfaction answer (1–5): the first one counts, on the server's record and on the synced conversation. */
export async function recordChatSatisfaction(db: Db, conversationId: string, customerId: string, score: number, nowIso: string): Promise<boolean> {
  const inserted = await db
    .insertInto('csat_responses')
    .values({ conversation_id: conversationId, customer_id: customerId, score, created_at: nowIso })
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db.updateTable('conversations').set({ csat_score: score, updated_at: nowIso }).where('id', '=', conversationId).execute();
  return true;
}

/**
 * A survey answer that came through a channel, stored as the customer's message in the
 * conversation the survey was sent in (a closed chat is not reopened nor routed again) and
 * answered there, so the chat's history shows the question, the answer and the thanks.
 */
export async function receiveChannelSurveyAnswer(
  db: Db,
  input: { survey: PendingSurvey; channel: InboundChannel; externalId: string; text: string | null; answer: SurveyReply },
  nowIso: string,
): Promise<{ messageId: string; outcome: InboundSurveyOutcome | null }> {
  const { survey, channel, answer } = input;
  const locale = await conversationLocale(db, survey.conversationId);
  const texts = surveyTexts(locale);
  const body = input.text ?? texts.answer(answer.resolved, answer.csat, answer.nps);
  const messageId = uuidv7();
  await db.insertInto('messages').values({ id: messageId, conversation_id: survey.conversationId, sender_kind: 'customer', sender_id: survey.customerId, body, channel, created_at: nowIso }).execute();
  await db.insertInto('inbound_messages').values({ channel, external_id: input.externalId, message_id: messageId, conversation_id: survey.conversationId, created_at: nowIso }).execute();
  await db
    .updateTable('conversations')
    .set({ last_message_at: nowIso, last_message_preview: body.slice(0, PREVIEW_LENGTH), updated_at: nowIso })
    .where('id', '=', survey.conversationId)
    .execute();
  const outcome = await recordSurveyAnswer(
    db,
    { ticketId: survey.ticketId, customerId: survey.customerId, answer, conversationId: survey.conversationId, action: 'inbound.ticketSurvey', detail: { channel, messageId } },
    nowIso,
  );
  const thanks = answer.resolved === undefined ? texts.scoresOnly : answer.resolved ? texts.resolved : texts.notResolved;
  await botMessage(db, survey.conversationId, channel, thanks, nowIso);
  return { messageId, outcome };
}
