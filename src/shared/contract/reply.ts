import { z } from 'zod';
import type { ReplyFinding } from '../text/reply-check';
import { query } from './channel';
import { MAX_MESSAGE_LENGTH } from './conversations';
import { CUSTOMER_EMOTIONS } from './knowledge';

/**
 * The reply check as the console runs it while the agent types and before a send (SPEC §4). It
 * runs in main, not in the renderer: the privacy rule compares the reply with the customer's own
 * phone, ID number, address and orders, which never leave the core unmasked.
 */

export interface ReplyCheckView {
  /** Sorted by start; spans are UTF-16 offsets into the checked text. */
  findings: ReplyFinding[];
}

export const replyChannels = {
  'reply.check': query<ReplyCheckView>()(
    z.object({
      conversationId: z.string().min(1).max(100),
      text: z.string().max(MAX_MESSAGE_LENGTH),
      /** The customer's current emotion when known: an upset customer adds the forbidden-phrase rule. */
      customerEmotion: z.enum(CUSTOMER_EMOTIONS).optional(),
    }),
    ['conversations', 'customers', 'orders'],
  ),
};
