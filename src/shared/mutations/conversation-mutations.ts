import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../contract';
import { complianceOverrides, scriptRef } from '../contract/conversations';
import type { DomainTables } from '../db/replica-schema';
import type { Kysely } from 'kysely';
import { defineMutator, MutationRejected } from './define';

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
  'message.send': defineMutator({
    args: z.object({ id, conversationId: id, body: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH), overrides: complianceOverrides, script: scriptRef }),
    writes: ['messages', 'conversations'],
    async apply({ db, actor, now }, args) {
      const conversation = await db
        .selectFrom('conversations')
        .select(['id', 'status', 'assignee_id', 'channel', 'first_response_at'])
        .where('id', '=', args.conversationId)
        .executeTakeFirst();
      if (!conversation) throw new MutationRejected('errors:conversation.not_found');
      if (conversation.status === 'closed') throw new MutationRejected('errors:conversation.closed');
      const mayReply = conversation.assignee_id === actor.userId || actor.role === 'supervisor' || actor.role === 'admin';
      if (!mayReply) throw new MutationRejected('errors:conversation.not_assignee');
      const script = args.script && (await knownScriptVersion(db, args.script.id, args.script.version)) ? args.script : null;

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
          // The server's triggers count it for the script's usage figures (server migration 0007).
          script_id: script?.id ?? null,
          script_version: script?.version ?? null,
        })
        .execute();
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

  'conversation.close': defineMutator({
    args: z.object({ conversationId: id }),
    writes: ['conversations'],
    async apply({ db, actor, now }, args) {
      const conversation = await db.selectFrom('conversations').select(['status', 'assignee_id']).where('id', '=', args.conversationId).executeTakeFirst();
      if (!conversation) throw new MutationRejected('errors:conversation.not_found');
      if (conversation.status === 'closed') throw new MutationRejected('errors:conversation.closed');
      const mayClose = conversation.assignee_id === actor.userId || actor.role === 'supervisor' || actor.role === 'admin';
      if (!mayClose) throw new MutationRejected('errors:conversation.not_assignee');
      await db
        .updateTable('conversations')
        .set({ status: 'closed', closed_at: now, waiting_since: null, unread_count: 0, updated_at: now })
        .where('id', '=', args.conversationId)
        .execute();
    },
  }),

  'conversation.markRead': defineMutator({
    args: z.object({ conversationId: id }),
    writes: ['conversations'],
    async apply({ db }, args) {
      await db.updateTable('conversations').set({ unread_count: 0 }).where('id', '=', args.conversationId).execute();
    },
  }),
};
