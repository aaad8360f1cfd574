import { z } from 'zod';
import { CONVERSATION_STATUSES } from '../domain/enums';
import { REPLY_RULES } from '../text/reply-rules';
import { command, query } from './channel';
import type { ConversationSummary, DraftView, MessageView } from './views';

const id = z.string().min(1).max(100);
export const MAX_MESSAGE_LENGTH = 5000;
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
    ['conversations', 'customers', 'skill_groups', 'outbox'],
  ),
  'conversation.markRead': command<void>()(z.object({ conversationId: id })),
  'conversation.close': command<void>()(z.object({ conversationId: id })),
  'message.list': query<MessageView[]>()(
    z.object({ conversationId: id }),
    ['messages', 'users', 'outbox'],
  ),
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
      script: scriptRef,
    }),
  ),
  'draft.get': query<DraftView>()(z.object({ conversationId: id }), ['drafts']),
  'draft.save': command<void>()(z.object({ conversationId: id, body: z.string().max(MAX_MESSAGE_LENGTH), script: scriptRef.nullable() })),
};
