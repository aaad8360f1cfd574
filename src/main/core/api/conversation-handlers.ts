import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { ApiHandlers, ConversationSummary, MessageView } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { REPLY_RULES, type ReplyRule } from '../../../shared/text/reply-rules';
import { localMutator, parseJsonArray, type HandlerContext } from './context';

type ConversationHandlers = Pick<
  ApiHandlers,
  'conversation.list' | 'conversation.markRead' | 'conversation.close' | 'message.list' | 'message.send' | 'draft.get' | 'draft.save'
>;

export function conversationHandlers(ctx: HandlerContext): ConversationHandlers {
  const { db } = ctx;

  const mutate = localMutator(ctx);

  return {
    async 'conversation.list'({ statuses }) {
      const actor = await ctx.actor();
      const myGroups = db.selectFrom('group_members').select('group_id').where('user_id', '=', actor.userId);
      const rows = await db
        .selectFrom('conversations as c')
        .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .leftJoin('skill_groups as g', 'g.id', 'c.group_id')
        .select([
          'c.id',
          'c.customer_id',
          'cu.name as customer_name',
          'cu.tags as customer_tags',
          'cu.value_level as customer_value_level',
          'c.channel',
          'c.status',
          'g.name as group_name',
          'c.assignee_id',
          'c.subject',
          'c.last_message_at',
          'c.last_message_preview',
          'c.waiting_since',
          'c.unread_count',
          sql<number>`(select count(*) from outbox o where o.status = 'pending' and o.name = 'message.send'
            and json_extract(o.args, '$.conversationId') = c.id)`.as('pending_count'),
        ])
        .where((eb) =>
          eb.or([eb('c.assignee_id', '=', actor.userId), eb.and([eb('c.status', '=', 'queued'), eb('c.group_id', 'in', myGroups)])]),
        )
        .$if(statuses !== undefined, (qb) => qb.where('c.status', 'in', statuses ?? []))
        // Active chats first, the longest-waiting customer on top (輪詢制), then the queue, then history.
        .orderBy(sql`case c.status when 'active' then 0 when 'queued' then 1 else 2 end`)
        .orderBy(sql`c.waiting_since is null`)
        .orderBy('c.waiting_since', 'asc')
        .orderBy('c.last_message_at', 'desc')
        .execute();
      return rows.map(
        (r): ConversationSummary => ({
          id: r.id,
          customerId: r.customer_id,
          customerName: r.customer_name,
          customerTags: parseJsonArray(r.customer_tags),
          customerValueLevel: r.customer_value_level,
          channel: r.channel,
          status: r.status,
          groupName: r.group_name,
          assigneeId: r.assignee_id,
          subject: r.subject,
          lastMessageAt: r.last_message_at,
          lastMessagePreview: r.last_message_preview,
          waitingSince: r.waiting_since,
          unreadCount: r.unread_count,
          pendingCount: Number(r.pending_count),
        }),
      );
    },

    async 'conversation.markRead'({ conversationId }) {
      const row = await db.selectFrom('conversations').select('unread_count').where('id', '=', conversationId).executeTakeFirst();
      if (!row) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      // Opening a chat must not queue a mutation every time: only an actual change is synced.
      if (row.unread_count > 0) await mutate('conversation.markRead', { conversationId });
    },

    async 'conversation.close'({ conversationId }) {
      await mutate('conversation.close', { conversationId });
    },

    async 'message.list'({ conversationId }) {
      const rows = await db
        .selectFrom('messages as m')
        .leftJoin('users as u', 'u.id', 'm.sender_id')
        .leftJoin('outbox as o', (join) =>
          join.on('o.name', '=', 'message.send').on(sql`json_extract(o.args, '$.id')`, '=', sql.ref('m.id')),
        )
        .select(['m.id', 'm.conversation_id', 'm.sender_kind', 'm.sender_id', 'u.display_name', 'm.body', 'm.channel', 'm.created_at', 'm.compliance_overrides', 'o.status as outbox_status', 'o.error as outbox_error'])
        .where('m.conversation_id', '=', conversationId)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute();
      const stored = rows.map(
        (r): MessageView => ({
          id: r.id,
          conversationId: r.conversation_id,
          senderKind: r.sender_kind,
          senderId: r.sender_id,
          senderName: r.display_name,
          body: r.body,
          channel: r.channel,
          createdAt: r.created_at,
          pending: r.outbox_status === 'pending',
          rejectedReason: null,
          complianceOverrides: r.compliance_overrides === null ? [] : parseReplyRules(r.compliance_overrides),
        }),
      );
      // A reply the server refused no longer exists as a message (the rebase took it back), but
      // the agent must still see what was not delivered and why: it lives on in the outbox.
      const refused = await db
        .selectFrom('outbox')
        .select(['args', 'created_at', 'error'])
        .where('status', '=', 'rejected')
        .where('name', '=', 'message.send')
        .where(sql<string>`json_extract(args, '$.conversationId')`, '=', conversationId)
        .execute();
      if (refused.length === 0) return stored;
      const conversation = await db.selectFrom('conversations').select('channel').where('id', '=', conversationId).executeTakeFirst();
      const actor = await ctx.actor();
      const ghosts = refused.map((r): MessageView => {
        const args = JSON.parse(r.args) as { id: string; body: string; overrides?: ReplyRule[] };
        return {
          id: args.id,
          conversationId,
          senderKind: 'agent',
          senderId: actor.userId,
          senderName: null,
          body: args.body,
          channel: conversation?.channel ?? 'web',
          createdAt: r.created_at,
          pending: false,
          rejectedReason: r.error ?? 'errors:mutation.rejected',
          complianceOverrides: args.overrides ?? [],
        };
      });
      return [...stored, ...ghosts].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },

    async 'message.send'({ conversationId, body, overrides, script }) {
      const id = uuidv7();
      await mutate('message.send', { id, conversationId, body, overrides, script });
      // A sent message supersedes the draft it came from.
      await db.deleteFrom('drafts').where('conversation_id', '=', conversationId).execute();
      ctx.tablesChanged(['drafts']);
      return { id };
    },

    async 'draft.get'({ conversationId }) {
      const row = await db.selectFrom('drafts').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
      const script = row && row.script_id !== null && row.script_version !== null ? { id: row.script_id, version: row.script_version } : null;
      return { conversationId, body: row?.body ?? '', updatedAt: row?.updated_at ?? null, script };
    },

    async 'draft.save'({ conversationId, body, script }) {
      const now = ctx.clock.now().toISOString();
      if (body.length === 0) {
        await db.deleteFrom('drafts').where('conversation_id', '=', conversationId).execute();
      } else {
        // An emptied reply forgets its script; a draft saved without saying keeps the one it had.
        const source = script === undefined ? {} : { script_id: script?.id ?? null, script_version: script?.version ?? null };
        await db
          .insertInto('drafts')
          .values({ conversation_id: conversationId, body, updated_at: now, ...source })
          .onConflict((oc) => oc.column('conversation_id').doUpdateSet({ body, updated_at: now, ...source }))
          .execute();
      }
      ctx.tablesChanged(['drafts']);
    },
  };
}

/** A stored overrides column; rules this version does not know (a newer workstation's) are left out. */
function parseReplyRules(json: string): ReplyRule[] {
  return parseJsonArray(json).filter((rule): rule is ReplyRule => (REPLY_RULES as readonly string[]).includes(rule));
}
