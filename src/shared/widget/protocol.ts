/**
 * The web chat widget's protocol with the central server (docs/routing.md). Types and paths
 * only — no schema library — because the widget page bundles this file; the server validates
 * the frames with src/shared/widget/frames.ts.
 *
 * 1. `POST /api/widget/session` `{locale, token?}` → `{token}`: the token the page already
 *    holds when the server knows it, else a new customer's. The page keeps it in localStorage,
 *    so a reload (or a return visit) continues as the same customer.
 * 2. `GET /api/widget/ws?token=…` (WebSocket): the server sends the current conversation's
 *    state and messages at once and whenever they change; the page sends messages and the
 *    satisfaction answer.
 */
export const WIDGET_PATHS = {
  page: '/widget/',
  session: '/api/widget/session',
  socket: '/api/widget/ws',
} as const;

export const WIDGET_LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type WidgetLocale = (typeof WIDGET_LOCALES)[number];

export interface WidgetSessionResponse {
  token: string;
}

/** bot: the FAQ bot is answering; queued: waiting for an agent; active: an agent has it; closed: ended. */
export type WidgetConversationState = 'bot' | 'queued' | 'active' | 'closed';

export interface WidgetConversation {
  id: string;
  state: WidgetConversationState;
  /** The agent's display name once one is assigned. */
  agentName: string | null;
  /** The customer's satisfaction answer (1–5), null until given. */
  csat: number | null;
  /** A ticket of this customer waiting for their confirmation (待確認), null when none. */
  ticketSurvey: WidgetTicketSurvey | null;
}

/** The closing survey of a ticket (SPEC §6): solved or not, CSAT 1–5 and NPS 0–10. */
export interface WidgetTicketSurvey {
  ticketId: string;
  number: string | null;
  title: string;
}

export interface WidgetMessage {
  id: string;
  from: 'customer' | 'agent' | 'bot';
  /** The agent's display name for agent messages. */
  agentName: string | null;
  body: string;
  createdAt: string;
  /** For the customer's own messages: the id the page sent it with, so it can replace its pending copy. */
  clientId: string | null;
}

export type WidgetClientFrame =
  /** `id`: a UUID chosen by the page; sending it again (after a reconnect) stores nothing twice. */
  | { type: 'send'; id: string; body: string }
  | { type: 'csat'; conversationId: string; score: number }
  | { type: 'ticketSurvey'; ticketId: string; resolved: boolean; csat: number; nps: number };

export type WidgetServerFrame =
  | { type: 'state'; conversation: WidgetConversation | null }
  /** Messages the page has not been sent yet on this connection, oldest first. */
  | { type: 'messages'; conversationId: string; messages: WidgetMessage[] }
  | { type: 'ack'; id: string }
  | { type: 'error'; code: 'invalid_frame' | 'not_found' | 'internal'; id?: string };
