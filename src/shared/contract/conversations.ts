import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../domain/enums';
import { REPLY_RULES } from '../text/reply-rules';
import { command, query } from './channel';
import { summaryInput } from './handoff';
import type { ConversationSummary, DraftView, MessagePage, MessageView } from './views';

const id = z.string().min(1).max(100);
export const MAX_MESSAGE_LENGTH = 5000;
/** Messages in one page of a chat's history: a screenful several times over, small to fetch and render. */
export const MESSAGE_PAGE_SIZE = 100;
export const MAX_MESSAGE_PAGE_SIZE = 500;
/** Where a page ends: the oldest message already shown. Ordered like the history, by time then id. */
export const messageCursor = z.object({ createdAt: z.string().min(1).max(40), id });
/** Shared by the channel and the mutator: each rule at most once. */
export const complianceOverrides = z
  .array(z.enum(REPLY_RULES))
  .max(REPLY_RULES.length)
  .refine((rules) => new Set(rules).size === rules.length, 'api.invalid_value')
  .optional();
/** The script a reply was made from (shared by the channel and the mutator): counted by the server once the reply is sent. */
export const scriptRef = z.object({ id, version: z.number().int().min(1) }).optional();

export const conversationChannels = {
  'conversation.list': query<ConversationSummary[]>()(
    z.object({ statuses: z.array(z.enum(CONVERSATION_STATUSES)).min(1).optional() }).default({}),
    ['conversations', 'customers', 'skill_groups', 'outbox', 'conversation_participants', 'conversation_events', 'users'],
  ),
  'conversation.markRead': command<void>()(z.object({ conversationId: id })),
  /** With a summary: ending with the wrap-up (Alt+X); the next agent of a returning customer reads it. */
  'conversation.close': command<void>()(z.object({ conversationId: id, summary: summaryInput.optional() })),
  /** A chat's whole history with its hand-over steps, oldest first. The console pages it with `message.page` instead. */
  'message.list': query<MessageView[]>()(
    z.object({ conversationId: id }),
    ['messages', 'users', 'outbox', 'conversations', 'conversation_events', 'skill_groups'],
    { conversationScoped: true },
  ),
  /**
   * The newest `limit` messages of a chat older than `before` (all of them without it), oldest
   * first, refused replies included where they fall; `hasOlder` says whether anything is left.
   */
  'message.page': query<MessagePage>()(
    z.object({
      conversationId: id,
      before: messageCursor.optional(),
      limit: z.number().int().min(1).max(MAX_MESSAGE_PAGE_SIZE).default(MESSAGE_PAGE_SIZE),
    }),
    ['messages', 'users', 'outbox', 'conversations', 'conversation_events', 'skill_groups'],
    { conversationScoped: true },
  ),
  /** Sends a refused reply again as a new message with the same text, then drops the refusal. */
  'message.retry': command<{ id: string }>()(z.object({ id })),
  /** Drops a refused reply from the chat (the server already turned it down: nothing to sync). */
  'message.dismiss': command<void>()(z.object({ id })),
  'message.send': command<{ id: string }>()(
    z.object({
      conversationId: id,
      body: z
        .string()
        .trim()
        .min(1, 'message.empty')
        .max(MAX_MESSAGE_LENGTH, 'message.too_long'),
      /** Reply-check rules the agent sent past ("send anyway"); recorded on the message. */
      overrides: complianceOverrides,
      /** An internal note for the chat's agents and supervisors, never shown or sent to the customer. */
      internal: z.boolean().default(false),
      script: scriptRef,
    }),
  ),
  'draft.get': query<DraftView>()(z.object({ conversationId: id }), ['drafts']),
  'draft.save': command<void>()(z.object({ conversationId: id, body: z.string().max(MAX_MESSAGE_LENGTH), script: scriptRef.nullable() })),
};
