import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../contract/conversations';
import type { Channel, TicketStatus } from '../domain/enums';

/**
 * The inbound channel API of the central server (docs/routing.md): app IM, WeChat, email and
 * phone notes post their customers' messages here, and receive agents' replies on a webhook.
 * The web chat has its own widget and socket (src/shared/widget/protocol.ts).
 */
export const INBOUND_CHANNELS = ['app', 'wechat', 'email', 'phone'] as const satisfies readonly Channel[];
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

export const isInboundChannel = (value: string): value is InboundChannel => (INBOUND_CHANNELS as readonly string[]).includes(value);

/** `POST /api/inbound/<channel>` with `Authorization: Bearer <that channel's key>`. */
export const INBOUND_PATH_PREFIX = '/api/inbound/';

export const inboundMessageSchema = z.object({
  /** The channel's own id of this message: posting it again is answered with the first result, nothing is stored twice. */
  messageId: z.string().trim().min(1).max(200),
  customer: z.object({
    /** The channel's id of the customer (open id, app user id, e-mail address, phone number). */
    id: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(100).optional(),
    /** What the channel knows about the customer (VIP, 高投訴風險…); added to the customer's tags, used by routing. */
    tags: z.array(z.string().trim().min(1).max(50)).max(30).optional(),
  }),
  text: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export interface InboundAccepted {
  conversationId: string;
  messageId: string;
  /** This messageId had been posted before; nothing new was stored. */
  duplicate: boolean;
  /** The message answered a ticket's closing survey: the ticket and where it stands now. */
  survey?: InboundSurveyOutcome;
}

export interface InboundSurveyOutcome {
  ticketId: string;
  /** closed (solved), in_progress (not solved), awaiting_confirmation (scores given, solved or not still asked). */
  status: TicketStatus;
}

/** The channels a ticket's closing survey is sent through (the web widget shows its own form). */
export const SURVEY_CHANNELS = ['app', 'wechat', 'email'] as const satisfies readonly InboundChannel[];
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/**
 * `POST /api/inbound/<channel>/survey`: a channel's own survey buttons or form, answering the
 * closing survey it was sent (OutboundMessage.survey). `answerId` makes a repeat harmless;
 * `ticketId` (id or number) picks the ticket, else the customer's latest open survey there.
 * A plain-text reply (「已解决 5 9」) posted as an ordinary message is understood too.
 */
export const INBOUND_SURVEY_SUFFIX = '/survey';

export const inboundSurveySchema = z
  .object({
    answerId: z.string().trim().min(1).max(200),
    customer: z.object({ id: z.string().trim().min(1).max(200) }),
    ticketId: z.string().trim().min(1).max(100).optional(),
    resolved: z.boolean().optional(),
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
  })
  .refine((answer) => answer.resolved !== undefined || answer.csat !== undefined || answer.nps !== undefined, { message: 'ticket-admin:errors.survey_empty' });
export type InboundSurvey = z.infer<typeof inboundSurveySchema>;

/**
 * What the server posts to a channel's webhook for every agent or bot message of a conversation
 * that came in through it, with the header `Idempotency-Key: <messageId>`. Delivery is
 * at least once (a retry after a lost response repeats the key); a 2xx answer ends it.
 */
export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  channel: InboundChannel;
  /** The channel's own customer id, as it was posted inbound. */
  customerId: string;
  text: string;
  sender: { kind: 'agent' | 'bot'; name: string | null };
  sentAt: string;
  /** Present when the message is a ticket's closing survey, so a channel can offer its own buttons. */
  survey?: { ticketId: string; ticketNumber: string | null; ticketTitle: string };
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
