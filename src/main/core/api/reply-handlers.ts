import type { Kysely } from 'kysely';
import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { DomainTables } from '../../../shared/db/replica-schema';
import { authorityFen } from '../../../shared/mutations/ticket-mutations';
import { checkReply } from '../../../shared/text/reply-check';
import type { ReplyRulesSource } from '../reply-rules-source';
import type { HandlerContext } from './context';

type ReplyHandlers = Pick<ApiHandlers, 'reply.check'>;

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
      // A promise beyond the agent's own refund authority (權限邊界, as the admin set it) is a finding.
      const refundLimitYuan = (await authorityFen(db as unknown as Kysely<DomainTables>, await ctx.actor(), 'refund')) / 100;
      return { findings: checkReply(text, { customerEmotion, refundLimitYuan, customer }, await rules.current()) };
    },
  };
}
