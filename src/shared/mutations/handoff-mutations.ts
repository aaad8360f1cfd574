import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DomainTables } from '../db/replica-schema';
import type { Role } from '../domain/enums';
import { endInviteInput, inviteInput, transferInput } from '../contract/handoff';
import { HANDOFF_ROLES, MAX_PARTICIPANTS, type ConversationEventKind } from '../handoff/handoff';
import { defineMutator, MutationRejected, type MutationActor, type MutationContext } from './define';

/**
 * Handing chats over (SPEC §3 轉接, collaboration; docs/routing.md "Handing over"). The owner of a
 * chat — or a supervisor, who may take over or join any — transfers it to a colleague or a skill
 * group, or invites a colleague in. Every step is a conversation_events row with an id the client
 * chose, so the optimistic copy and the server's are the same row.
 *
 * On a replica these checks run on what it holds (a colleague's last known presence; it cannot
 * count their chats); the server runs them again on everything, under the routing lock, and is
 * the one that decides.
 */

const id = z.string().min(1).max(100);
type Db = Kysely<DomainTables>;

const isStaffLead = (role: Role) => role === 'supervisor' || role === 'admin';

interface OpenConversation {
  id: string;
  status: 'queued' | 'active' | 'closed';
  assignee_id: string | null;
  group_id: string | null;
}

/** A chat still open that the actor may hand over: their own, or any for a supervisor. */
async function ownedConversation(db: Db, actor: MutationActor, conversationId: string): Promise<OpenConversation> {
  const conversation = await db.selectFrom('conversations').select(['id', 'status', 'assignee_id', 'group_id']).where('id', '=', conversationId).executeTakeFirst();
  if (!conversation) throw new MutationRejected('errors:conversation.not_found');
  if (conversation.status === 'closed') throw new MutationRejected('errors:conversation.closed');
  if (conversation.assignee_id !== actor.userId && !isStaffLead(actor.role)) throw new MutationRejected('errors:conversation.not_assignee');
  return conversation;
}

async function colleague(db: Db, userId: string) {
  const user = await db.selectFrom('users').select(['id', 'role', 'presence', 'max_concurrent']).where('id', '=', userId).executeTakeFirst();
  if (!user || !(HANDOFF_ROLES as readonly string[]).includes(user.role)) throw new MutationRejected('errors:handoff.colleague_not_found');
  return user;
}

export async function recordConversationEvent(
  { db, actor, now }: MutationContext,
  eventId: string,
  conversationId: string,
  kind: ConversationEventKind,
  fields: { from?: string | null; toUser?: string | null; toGroup?: string | null; reason?: string | null; note?: string | null } = {},
): Promise<void> {
  await db
    .insertInto('conversation_events')
    .values({
      id: eventId,
      conversation_id: conversationId,
      kind,
      actor_id: actor.userId,
      from_user_id: fields.from ?? null,
      to_user_id: fields.toUser ?? null,
      to_group_id: fields.toGroup ?? null,
      reason: fields.reason ?? null,
      note: fields.note ?? null,
      created_at: now,
    })
    .execute();
}

/** Invitations end when the chat changes hands or closes: the new owner invites whom they need. */
export async function endParticipations(db: Db, conversationId: string, endedBy: string, now: string): Promise<void> {
  await db.updateTable('conversation_participants').set({ ended_at: now, ended_by: endedBy }).where('conversation_id', '=', conversationId).where('ended_at', 'is', null).execute();
}

export const handoffMutators = {
  /**
   * 轉接. To a colleague: they must be online with a free place (a call centre does not leave a
   * customer with someone who cannot answer; the group is the choice when nobody can). To a skill
   * group: the chat joins its queue and the server's routing serves it as any other — never
   * back to the one who handed it over. Either way the customer waits for an answer again.
   */
  'conversation.transfer': defineMutator({
    args: transferInput.extend({ id }),
    writes: ['conversations', 'conversation_participants', 'conversation_events'],
    conversationOf: (args) => args.conversationId,
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      const conversation = await ownedConversation(db, actor, args.conversationId);
      const { target } = args;
      if (target.kind === 'agent') {
        if (target.userId === conversation.assignee_id) throw new MutationRejected('errors:transfer.already_theirs');
        const user = await colleague(db, target.userId);
        if (user.presence !== 'online') throw new MutationRejected('errors:transfer.colleague_not_online');
        const load = await db
          .selectFrom('conversations')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('assignee_id', '=', user.id)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        if (Number(load.n) >= user.max_concurrent) throw new MutationRejected('errors:transfer.colleague_full');
      } else {
        const group = await db.selectFrom('skill_groups').select('id').where('id', '=', target.groupId).executeTakeFirst();
        if (!group) throw new MutationRejected('errors:transfer.group_not_found');
      }
      await db
        .updateTable('conversations')
        .set((eb) => ({
          ...(target.kind === 'agent' ? { status: 'active' as const, assignee_id: target.userId } : { status: 'queued' as const, assignee_id: null, group_id: target.groupId }),
          // The customer is owed an answer from whoever takes over.
          waiting_since: eb.fn.coalesce('waiting_since', eb.val(now)),
          updated_at: now,
        }))
        .where('id', '=', args.conversationId)
        .execute();
      await endParticipations(db, args.conversationId, actor.userId, now);
      await recordConversationEvent(ctx, args.id, args.conversationId, 'transfer', {
        from: conversation.assignee_id,
        toUser: target.kind === 'agent' ? target.userId : null,
        toGroup: target.kind === 'group' ? target.groupId : null,
        reason: args.reason,
        note: args.note,
      });
    },
  }),

  /**
   * A colleague joins the chat to help: it enters their console and they write internal notes
   * the customer never sees (the owner stays the customer's one voice). A supervisor joins any
   * chat by inviting themselves. Invitations do not take a chat place, so the colleague only has
   * to be at their desk (online or busy).
   */
  'conversation.invite': defineMutator({
    args: inviteInput.extend({ id }),
    writes: ['conversation_participants', 'conversation_events'],
    conversationOf: (args) => args.conversationId,
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      const joining = args.userId === actor.userId && isStaffLead(actor.role);
      const conversation = joining ? await openConversation(db, args.conversationId) : await ownedConversation(db, actor, args.conversationId);
      if (args.userId === conversation.assignee_id) throw new MutationRejected('errors:invite.owner');
      const user = await colleague(db, args.userId);
      if (!joining && user.presence !== 'online' && user.presence !== 'busy') throw new MutationRejected('errors:invite.colleague_away');
      const open = await db.selectFrom('conversation_participants').select('user_id').where('conversation_id', '=', args.conversationId).where('ended_at', 'is', null).execute();
      if (open.some((p) => p.user_id === args.userId)) throw new MutationRejected('errors:invite.already_in');
      if (open.length >= MAX_PARTICIPANTS) throw new MutationRejected('errors:invite.too_many');
      await db
        .insertInto('conversation_participants')
        .values({ id: args.id, conversation_id: args.conversationId, user_id: args.userId, invited_by: actor.userId, note: args.note, invited_at: now, ended_at: null, ended_by: null })
        .execute();
      await recordConversationEvent(ctx, `${args.id}:invite`, args.conversationId, 'invite', { toUser: args.userId, note: args.note || null });
    },
  }),

  /** The owner ends a colleague's invitation, or the colleague leaves; supervisors may end any. */
  'conversation.endInvite': defineMutator({
    args: endInviteInput.extend({ id }),
    writes: ['conversation_participants', 'conversation_events'],
    conversationOf: (args) => args.conversationId,
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      const conversation = await db.selectFrom('conversations').select(['assignee_id']).where('id', '=', args.conversationId).executeTakeFirst();
      if (!conversation) throw new MutationRejected('errors:conversation.not_found');
      const mayEnd = args.userId === actor.userId || conversation.assignee_id === actor.userId || isStaffLead(actor.role);
      if (!mayEnd) throw new MutationRejected('errors:conversation.not_assignee');
      const ended = await db
        .updateTable('conversation_participants')
        .set({ ended_at: now, ended_by: actor.userId })
        .where('conversation_id', '=', args.conversationId)
        .where('user_id', '=', args.userId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (Number(ended.numUpdatedRows) === 0) throw new MutationRejected('errors:invite.not_in');
      await recordConversationEvent(ctx, args.id, args.conversationId, 'invite_end', { toUser: args.userId });
    },
  }),
};

/** Any chat still open (a supervisor joining needs no ownership). */
async function openConversation(db: Db, conversationId: string): Promise<OpenConversation> {
  const conversation = await db.selectFrom('conversations').select(['id', 'status', 'assignee_id', 'group_id']).where('id', '=', conversationId).executeTakeFirst();
  if (!conversation) throw new MutationRejected('errors:conversation.not_found');
  if (conversation.status === 'closed') throw new MutationRejected('errors:conversation.closed');
  return conversation;
}
