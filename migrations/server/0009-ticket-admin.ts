import type { Kysely } from 'kysely';
import { addTicketAdminColumns } from '../domain/0006-ticket-admin';

/**
 * Ticket administration and the satisfaction history, on SQLite and PostgreSQL:
 *
 * - The shared domain columns of migrations/domain/0006 (retired categories, each clock's
 *   milestone, a chat's CSAT). The change-capture triggers log ids, never columns, so they need
 *   no change; the chats' scores already given (server-only `csat_responses`) are copied in.
 * - `channel_surveys` (server only): the closing surveys sent through a customer's channel (app
 *   IM, WeChat, e-mail) when a ticket entered 待確認, one per entry, with the message that carried
 *   it; `answered_at` once the customer said solved or not.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await addTicketAdminColumns(db);
  const answers = await db.selectFrom('csat_responses').select(['conversation_id', 'score']).execute();
  for (const answer of answers) {
    await db.updateTable('conversations').set({ csat_score: answer.score }).where('id', '=', answer.conversation_id).execute();
  }

  await db.schema
    .createTable('channel_surveys')
    // `<ticket id>:<survey_requested_at>`: a ticket entering 待確認 again is asked again, a retried push is not.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique().references('messages.id'))
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'text')
    .execute();
  await db.schema.createIndex('channel_surveys_customer').on('channel_surveys').columns(['customer_id', 'channel', 'sent_at']).execute();
}
