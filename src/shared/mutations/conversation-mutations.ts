import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../contract';
import { complianceOverrides, scriptRef } from '../contract/conversations';
import type { DomainTables } from '../db/replica-schema';
import { SUMMARY_MAX } from '../handoff/handoff';
import { defineMutator, MutationRejected } from './define';
import { endParticipations, recordConversationEvent } from './handoff-mutations';

const id = z.string().min(1).max(100);
const PREVIEW_LENGTH = 60;

/**
 * A version that was ever in force: the scripts row up to its current version (all an agent's
 * replica holds), or a published or retired version (the staff's and the server's). A reply
 * citing anything else is still sent, just not counted for a script.
 */
async function knownScriptVersion(db: Kysely<DomainTables>, scriptId: string, version: number): Promise<boolean> {
  const inForce = await db.selectFrom('scripts').select('version').where('id', '=', scriptId).where('status', '=', 'published').executeTakeFirst();
  if (inForce && version <= inForce.version) return true;
  const recorded = await db
    .selectFrom('script_versions')
    .select('id')
    .where('script_id', '=', scriptId)
    .where('version', '=', version)
    .where('status', 'in', ['published', 'retired'])
    .executeTakeFirst();
  return recorded !== undefined;
}

export const conversationMutators = {
  /**
   * A reply to the customer, or with `internal` a note for the chat's agents and supervisors only
   * (docs/routing.md "Who sees which message"): the owner and supervisors may write both; a
   * colleague invited into the chat writes notes. A note is no answer to the customer, so it
   * leaves the chat's clocks and preview alone.
   */
  'message.send': defineMutator({
    args: z.object({
      id,
      conversationId: id,
      body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
      overrides: complianceOverrides,
      internal: z.boolean().default(false),
      script: scriptRef,
    }),
    writes: ['messages', 'conversations'],
    conversationOf: (args) => args.conversationId,
    async apply({ db, actor, now }, args) {
      const conversation = await db
        .selectFrom('conversations')
        .select(['id', 'status', 'assignee_id', 'channel', 'first_response_at'])
        .where('id', '=', args.conversationId)
        .executeTakeFirst();
      if (!conversation) throw new MutationRejected('errors:conversation.not_found');
      if (conversation.status === 'closed') throw new MutationRejected('errors:conversation.closed');
      const mayReply = conversation.assignee_id === actor.userId || actor.role === 'supervisor' || actor.role === 'admin';
      if (!mayReply) {
        const invited = await db
          .selectFrom('conversation_participants')
          .select('id')
          .where('conversation_id', '=', args.conversationId)
          .where('user_id', '=', actor.userId)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (!invited) throw new MutationRejected('errors:conversation.not_assignee');
        if (!args.internal) throw new MutationRejected('errors:handoff.invitee_notes_only');
      }
      // A note to colleagues is no use of a script with a customer.
      const script = !args.internal && args.script && (await knownScriptVersion(db, args.script.id, args.script.version)) ? args.script : null;

      await db
        .insertInto('messages')
        .values({
          id: args.id,
          conversation_id: args.conversationId,
          sender_kind: 'agent',
          sender_id: actor.userId,
          body: args.body,
          channel: conversation.channel,
          created_at: now,
          // Kept with the message it excuses: QA later sees what the agent sent past the check.
          compliance_overrides: args.overrides && args.overrides.length > 0 ? JSON.stringify(args.overrides) : null,
          internal: args.internal ? 1 : 0,
          // The server's triggers count it for the script's usage figures (server migration 0007).
          script_id: script?.id ?? null,
          script_version: script?.version ?? null,
        })
        .execute();
      if (args.internal) return;
      await db
        .updateTable('conversations')
        .set({
          last_message_at: now,
          last_message_preview: args.body.slice(0, PREVIEW_LENGTH),
          waiting_since: null,
          unread_count: 0,
          first_response_at: conversation.first_response_at ?? now,
          updated_at: now,
        })
        .where('id', '=', args.conversationId)
        .execute();
    },
  }),

  /**
   * Ends the chat. With a summary (ending from the console's wrap-up, Alt+X) the one line is kept
   * on the conversation: it is what the next agent of a returning customer reads about it.
   */
  'conversation.close': defineMutator({
    args: z.object({ conversationId: id, summary: z.string().trim().min(1, 'summary.required').max(SUMMARY_MAX, 'summary.too_long').optional() }),
    writes: ['conversations', 'conversation_participants', 'conversation_events'],
    conversationOf: (args) => args.conversationId,
    async apply(ctx, args) {
      const { db, actor, now } = ctx;
      const conversation = await db.selectFrom('conversations').select(['status', 'assignee_id', 'summary']).where('id', '=', args.conversationId).executeTakeFirst();
      if (!conversation) throw new MutationRejected('errors:conversation.not_found');
      const mayClose = conversation.assignee_id === actor.userId || actor.role === 'supervisor' || actor.role === 'admin';
      if (conversation.status === 'closed') {
        // Ended meanwhile (the customer's idle time ran out while this waited offline): the
        // summary written for it still belongs to it, once.
        if (!args.summary || conversation.summary !== null || !mayClose) throw new MutationRejected('errors:conversation.closed');
        await db.updateTable('conversations').set({ summary: args.summary, updated_at: now }).where('id', '=', args.conversationId).execute();
        await recordConversationEvent(ctx, `${args.conversationId}:summary`, args.conversationId, 'closed', { from: conversation.assignee_id, note: args.summary });
        return;
      }
      if (!mayClose) throw new MutationRejected('errors:conversation.not_assignee');
      await db
        .updateTable('conversations')
        .set({ status: 'closed', closed_at: now, waiting_since: null, unread_count: 0, updated_at: now, ...(args.summary ? { summary: args.summary } : {}) })
        .where('id', '=', args.conversationId)
        .execute();
      await endParticipations(db, args.conversationId, actor.userId, now);
      // A chat closes once, so its close has one derived id.
      await recordConversationEvent(ctx, `${args.conversationId}:closed`, args.conversationId, 'closed', { from: conversation.assignee_id, note: args.summary ?? null });
    },
  }),

  'conversation.markRead': defineMutator({
    args: z.object({ conversationId: id }),
    writes: ['conversations'],
    conversationOf: (args) => args.conversationId,
    async apply({ db }, args) {
      await db.updateTable('conversations').set({ unread_count: 0 }).where('id', '=', args.conversationId).execute();
    },
  }),
};
