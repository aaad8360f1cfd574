import { sql, type Kysely } from 'kysely';

/**
 * Handing chats over (SPEC §3 轉接, collaboration; docs/routing.md "Handing over") on the domain
 * tables shared by replica and server (replica 0008, server 0006):
 *
 * - `conversations.summary`: the one-line wrap-up written when an agent ends the chat; the next
 *   agent of a returning customer reads it in the earlier-sessions line.
 * - `messages.internal`: 1 for an internal note, which only agents and supervisors ever see —
 *   never the customer's widget or channel.
 * - `conversation_participants`: colleagues invited into a chat (or a supervisor who joined);
 *   an open row (ended_at null) puts the chat into that colleague's scope.
 * - `conversation_events`: the chat's hand-over history — transfers with their context note,
 *   invitations and their end, first-response misses, the close with its summary. Append-only.
 *
 * Frozen once released.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function addHandoffTables(db: Kysely<any>): Promise<void> {
  const text = 'text' as const;

  await db.schema.alterTable('conversations').addColumn('summary', text).execute();
  await db.schema
    .alterTable('messages')
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0).check(sql`internal in (0, 1)`))
    .execute();

  await db.schema
    .createTable('conversation_participants')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('conversation_id', text, (c) => c.notNull().references('conversations.id'))
    .addColumn('user_id', text, (c) => c.notNull().references('users.id'))
    .addColumn('invited_by', text, (c) => c.notNull().references('users.id'))
    .addColumn('note', text, (c) => c.notNull().defaultTo(''))
    .addColumn('invited_at', text, (c) => c.notNull())
    .addColumn('ended_at', text)
    .addColumn('ended_by', text)
    .execute();
  await db.schema.createIndex('conversation_participants_conversation').on('conversation_participants').columns(['conversation_id', 'ended_at']).execute();
  // The scope asks "which chats is this user in right now" on every pull.
  await db.schema.createIndex('conversation_participants_user').on('conversation_participants').columns(['user_id', 'ended_at']).execute();

  await db.schema
    .createTable('conversation_events')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('conversation_id', text, (c) => c.notNull().references('conversations.id'))
    .addColumn('kind', text, (c) => c.notNull())
    // Null for what the server did by itself (a first-response miss).
    .addColumn('actor_id', text)
    .addColumn('from_user_id', text)
    .addColumn('to_user_id', text)
    .addColumn('to_group_id', text)
    .addColumn('reason', text)
    .addColumn('note', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('conversation_events_conversation').on('conversation_events').columns(['conversation_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('conversation_events_kind').on('conversation_events').columns(['kind', 'created_at']).execute();
}
