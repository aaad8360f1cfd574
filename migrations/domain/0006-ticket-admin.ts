import { sql, type Kysely } from 'kysely';

/**
 * Domain columns of ticket administration and the satisfaction history (replica 0011, server
 * 0009), shared by replica and server. Frozen once released.
 *
 * - `ticket_categories.retired_at`: an admin retires a category instead of deleting it, so the
 *   tickets filed under it keep it in their history; a retired category takes no new tickets.
 * - `ticket_deadlines.met_by`: the milestone that stops this clock, written by the server from
 *   its `--ticket-config` when it starts the clock, so a replica recording a milestone stops
 *   exactly the clocks the server would. Clocks already running get the standard's milestone.
 * - `conversations.csat_score`: the customer's satisfaction answer (1–5) for the chat, from the
 *   widget, a channel's survey reply or a ticket's closing survey, synced with the chat.
 */
// A frozen copy of the standard's milestone per clock as of this migration.
const MET_BY: Record<string, string> = {
  pool_l2_feedback: 'progress_feedback',
  pool_l3_temporary_solution: 'temporary_solution',
  escalation_1_response: 'escalation_response',
  escalation_2_feedback: 'progress_feedback',
  escalation_3_statement: 'public_statement',
  escalation_3_solution: 'solution',
  follow_up_contact: 'customer_contacted',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function addTicketAdminColumns(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_categories').addColumn('retired_at', 'text').execute();
  await db.schema.alterTable('ticket_deadlines').addColumn('met_by', 'text').execute();
  for (const [kind, milestone] of Object.entries(MET_BY)) {
    await db.updateTable('ticket_deadlines').set({ met_by: milestone }).where('kind', '=', kind).execute();
  }
  await db.schema
    .alterTable('conversations')
    .addColumn('csat_score', 'integer', (c) => c.check(sql`csat_score between 1 and 5`))
    .execute();
}
