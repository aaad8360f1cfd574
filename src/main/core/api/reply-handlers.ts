import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { checkReply } from '../../../shared/text/reply-check';
import type { ReplyRulesSource } from '../reply-rules-source';
import type { HandlerContext } from './context';

type ReplyHandlers = Pick<ApiHandlers, 'reply.check'>;

/**
 * The refund or compensation an agent may promise on their own, in yuan. Users carry no limit of
 * their own yet, so every agent gets this default (the same 100 as the rules file's); a per-user
 * limit replaces it when the users table grows one.
 */
export const AGENT_REFUND_LIMIT_YUAN = 100;

export function replyHandlers(ctx: HandlerContext, rules: ReplyRulesSource): ReplyHandlers {
  const { db } = ctx;
  return {
    async 'reply.check'({ conversationId, text, customerEmotion }) {
      const conversation = await db
        .selectFrom('conversations as c')
        // A partial replica may hold the chat before its customer: then nothing is known to be theirs.
        .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['c.customer_id', 'cu.id as known_customer', 'cu.phone', 'cu.id_number', 'cu.address'])
        .where('c.id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      const customer =
        conversation.known_customer === null
          ? undefined
          : {
              phone: conversation.phone,
              idNumber: conversation.id_number,
              address: conversation.address,
              orderNos: (await db.selectFrom('orders').select('order_no').where('customer_id', '=', conversation.customer_id).execute()).map((o) => o.order_no),
            };
      return { findings: checkReply(text, { customerEmotion, refundLimitYuan: AGENT_REFUND_LIMIT_YUAN, customer }, await rules.current()) };
    },
  };
}
