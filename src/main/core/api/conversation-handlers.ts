import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { ApiHandlers, ConversationSummary, MessagePage, MessageView } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { REPLY_RULES, type ReplyRule } from '../../../shared/text/reply-rules';
import { localMutator, parseJsonArray, type HandlerContext } from './context';
import { conversationEvents } from './handoff-handlers';

type ConversationHandlers = Pick<
  ApiHandlers,
  'conversation.list' | 'conversation.markRead' | 'conversation.close' | 'message.list' | 'message.page' | 'message.retry' | 'message.dismiss' | 'message.send' | 'draft.get' | 'draft.save'
>;

/** The arguments a `message.send` mutation was queued with. */
interface SentReply {
  id: string;
  conversationId: string;
  body: string;
  overrides?: ReplyRule[];
  internal?: boolean;
  script?: { id: string; version: number };
}

/** History order: by time, then id (ids are time-ordered uuidv7s, so a tie keeps the sending order). */
function compareKeys(createdAt: string, id: string, otherCreatedAt: string, otherId: string): number {
  return createdAt < otherCreatedAt ? -1 : createdAt > otherCreatedAt ? 1 : id < otherId ? -1 : id > otherId ? 1 : 0;
}

export function conversationHandlers(ctx: HandlerContext): ConversationHandlers {
  const { db } = ctx;

  const mutate = localMutator(ctx);

  /** A reply of this workstation's that the server refused, still in the outbox with its text. */
  async function refusedReply(id: string): Promise<{ seq: number; args: SentReply }> {
    const row = await db
      .selectFrom('outbox')
      .select(['seq', 'args'])
      .where('name', '=', 'message.send')
      .where('status', '=', 'rejected')
      .where(sql<string>`json_extract(args, '$.id')`, '=', id)
      .executeTakeFirst();
    if (!row) throw new ApiError({ code: 'not_found', messageKey: 'console-extra:errors.notRefused' });
    return { seq: row.seq, args: JSON.parse(row.args) as SentReply };
  }

  /**
   * The newest `limit` messages older than `before` (every one without a limit), oldest first.
   * Replies still in the outbox are marked pending; refused ones, which a rebase took back out of
   * the messages, are put back where they were sent with the server's reason, so the agent sees
   * what was not delivered and can send it again. Hand-over steps (transfers, invitations) are
   * put among them in their place.
   */
  async function readMessages(conversationId: string, before: { createdAt: string; id: string } | undefined, limit: number | undefined): Promise<MessagePage> {
    const rows = await db
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.sender_id')
      .select(['m.id', 'm.conversation_id', 'm.sender_kind', 'm.sender_id', 'u.display_name', 'm.body', 'm.channel', 'm.created_at', 'm.compliance_overrides', 'm.internal'])
      .where('m.conversation_id', '=', conversationId)
      // A row value walks the (conversation_id, created_at, id) index straight to the page.
      .$if(before !== undefined, (qb) => qb.where(sql<boolean>`(m.created_at, m.id) < (${before?.createdAt}, ${before?.id})`))
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .$if(limit !== undefined, (qb) => qb.limit((limit ?? 0) + 1))
      .execute();
    const hasOlder = limit !== undefined && rows.length > limit;
    const page = hasOlder ? rows.slice(0, limit) : rows;
    const outbox = await db
      .selectFrom('outbox')
      .select(['args', 'created_at', 'status', 'error'])
      .where('name', '=', 'message.send')
      .where('status', 'in', ['pending', 'rejected'])
      .where(sql<string>`json_extract(args, '$.conversationId')`, '=', conversationId)
      .execute();
    const entries = new Map(outbox.map((o) => [(JSON.parse(o.args) as SentReply).id, o]));
    const stored = page.reverse().map(
      (r): MessageView => ({
        id: r.id,
        conversationId: r.conversation_id,
        senderKind: r.sender_kind,
        senderId: r.sender_id,
        senderName: r.display_name,
        body: r.body,
        channel: r.channel,
        createdAt: r.created_at,
        pending: entries.get(r.id)?.status === 'pending',
        // Refused by the last push but not yet taken back by the next pull.
        rejectedReason: entries.get(r.id)?.status === 'rejected' ? (entries.get(r.id)?.error ?? 'errors:mutation.rejected') : null,
        complianceOverrides: r.compliance_overrides === null ? [] : parseReplyRules(r.compliance_overrides),
        internal: r.internal === 1,
        event: null,
      }),
    );
    const storedIds = new Set(stored.map((m) => m.id));
    const oldest = hasOlder ? stored[0] : undefined;
    const inPage = (createdAt: string, id: string) =>
      (oldest === undefined || compareKeys(createdAt, id, oldest.createdAt, oldest.id) > 0) && (before === undefined || compareKeys(createdAt, id, before.createdAt, before.id) < 0);
    const refused = outbox.filter((o) => {
      const args = JSON.parse(o.args) as SentReply;
      return o.status === 'rejected' && !storedIds.has(args.id) && inPage(o.created_at, args.id);
    });
    // The hand-over history in its place among the messages (first-response misses already have their system note).
    const history = (await conversationEvents(db, conversationId)).filter((e) => e.kind !== 'sla_missed' && inPage(e.createdAt, e.id));
    if (refused.length === 0 && history.length === 0) return { messages: stored, hasOlder };
    const conversation = await db.selectFrom('conversations').select('channel').where('id', '=', conversationId).executeTakeFirst();
    const channel = conversation?.channel ?? 'web';
    const actor = await ctx.actor();
    const ghosts = refused.map((r): MessageView => {
      const args = JSON.parse(r.args) as SentReply;
      return {
        id: args.id,
        conversationId,
        senderKind: 'agent',
        senderId: actor.userId,
        senderName: null,
        body: args.body,
        channel,
        createdAt: r.created_at,
        pending: false,
        rejectedReason: r.error ?? 'errors:mutation.rejected',
        complianceOverrides: args.overrides ?? [],
        internal: args.internal === true,
        event: null,
      };
    });
    const steps = history.map(
      (event): MessageView => ({
        id: event.id,
        conversationId,
        senderKind: 'system',
        senderId: event.actorId,
        senderName: event.actorName,
        body: event.note ?? '',
        channel,
        createdAt: event.createdAt,
        pending: event.pending,
        rejectedReason: null,
        complianceOverrides: [],
        internal: true,
        event,
      }),
    );
    const messages = [...stored, ...ghosts, ...steps].sort((a, b) => compareKeys(a.createdAt, a.id, b.createdAt, b.id));
    return { messages, hasOlder };
  }

  return {
    async 'conversation.list'({ statuses }) {
      const actor = await ctx.actor();
      const myGroups = db.selectFrom('group_members').select('group_id').where('user_id', '=', actor.userId);
      const invitedTo = db.selectFrom('conversation_participants').select('conversation_id').where('user_id', '=', actor.userId).where('ended_at', 'is', null);
      const transferring = sql<string>`(select json_extract(o.args, '$.conversationId') from outbox o where o.status = 'pending' and o.name = 'conversation.transfer')`;
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
          // Whom the latest transfer still on its way is for: a colleague's name or a group's.
          sql<string | null>`(select coalesce(tu.display_name, tg.name) from outbox o
            left join users tu on tu.id = json_extract(o.args, '$.target.userId')
            left join skill_groups tg on tg.id = json_extract(o.args, '$.target.groupId')
            where o.status = 'pending' and o.name = 'conversation.transfer' and json_extract(o.args, '$.conversationId') = c.id
            order by o.seq desc limit 1)`.as('transfer_pending_to'),
          sql<number>`c.id in (${invitedTo})`.as('invited'),
          sql<string | null>`(select f.display_name from conversation_events e join users f on f.id = e.from_user_id
            where e.conversation_id = c.id and e.kind = 'transfer' order by e.created_at desc, e.id desc limit 1)`.as('transferred_from'),
        ])
        .where((eb) =>
          eb.or([
            eb('c.assignee_id', '=', actor.userId),
            eb.and([eb('c.status', '=', 'queued'), eb('c.group_id', 'in', myGroups)]),
            eb.and([eb('c.status', '<>', 'closed'), eb('c.id', 'in', invitedTo)]),
            // A chat handed over from here stays in sight until the server has taken the transfer.
            eb('c.id', 'in', transferring),
          ]),
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
          place:
            r.status === 'closed'
              ? 'ended'
              : r.transfer_pending_to !== null || (r.status === 'active' && r.assignee_id === actor.userId)
                ? 'slot'
                : Number(r.invited) === 1
                  ? 'invited'
                  : 'queue',
          transferPendingTo: r.status === 'closed' ? null : r.transfer_pending_to,
          transferredFrom: r.transferred_from,
        }),
      );
    },

    async 'conversation.markRead'({ conversationId }) {
      const row = await db.selectFrom('conversations').select('unread_count').where('id', '=', conversationId).executeTakeFirst();
      if (!row) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      // Opening a chat must not queue a mutation every time: only an actual change is synced.
      if (row.unread_count > 0) await mutate('conversation.markRead', { conversationId });
    },

    async 'conversation.close'({ conversationId, summary }) {
      await mutate('conversation.close', summary === undefined ? { conversationId } : { conversationId, summary });
    },

    async 'message.list'({ conversationId }) {
      return (await readMessages(conversationId, undefined, undefined)).messages;
    },

    async 'message.page'({ conversationId, before, limit }) {
      return readMessages(conversationId, before, limit);
    },

    async 'message.retry'({ id }) {
      const refused = await refusedReply(id);
      const newId = uuidv7();
      // Sent first, dropped after: should the send fail, the refused reply and its text are still there.
      await mutate('message.send', { id: newId, conversationId: refused.args.conversationId, body: refused.args.body, overrides: refused.args.overrides, internal: refused.args.internal === true, script: refused.args.script });
      await db.deleteFrom('outbox').where('seq', '=', refused.seq).where('status', '=', 'rejected').execute();
      ctx.tablesChanged(['outbox'], [refused.args.conversationId]);
      return { id: newId };
    },

    async 'message.dismiss'({ id }) {
      const refused = await refusedReply(id);
      await db.deleteFrom('outbox').where('seq', '=', refused.seq).where('status', '=', 'rejected').execute();
      ctx.tablesChanged(['outbox'], [refused.args.conversationId]);
    },

    async 'message.send'({ conversationId, body, overrides, internal, script }) {
      const id = uuidv7();
      await mutate('message.send', { id, conversationId, body, overrides, internal, script });
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
