import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * Customers reaching agents (docs/routing.md), on SQLite and PostgreSQL:
 *
 * - `conversations.priority` (0 normal, 1 high, 2 urgent: 賬號被盜), synced like every other
 *   conversation column. The change-capture triggers of 0001 log a conversation's id and tags,
 *   never its columns, and a pull reads the whole current row, so they need no change.
 * - Server-only tables (never synced): the lifecycle clocks of each conversation, when each
 *   agent last got one, widget customers' sessions, the inbound channels' customer and
 *   message ids (idempotency), outbound deliveries and satisfaction answers.
 * - A trigger that queues every agent or bot message of a conversation that came in through a
 *   channel for delivery back to it, in the transaction that writes the message: no code path
 *   can write a reply that is never sent, and a crash cannot lose one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };

  await db.schema
    .alterTable('conversations')
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0).check(sql`priority between 0 and 2`))
    .execute();

  // One row per conversation the lifecycle has touched; every time is ISO-8601 UTC text.
  await db.schema
    .createTable('conversation_lifecycle')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
    // The language of the customer-facing texts the server writes into this conversation.
    .addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('zh-CN','zh-TW','en')`))
    // 'bot': the widget's FAQ bot is talking, no group queue yet; 'human': routed to people.
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('bot','human')`))
    // The oldest customer message the bot has not answered (its 30-s clock).
    .addColumn('bot_waiting_since', 'text')
    .addColumn('handed_over_at', 'text')
    .addColumn('queued_at', 'text')
    .addColumn('assigned_at', 'text')
    // The first-response miss of the current assignment has been reported.
    .addColumn('sla_reported_at', 'text')
    // JSON string[]: agents who let it wait past the SLA; it is not given back to them.
    .addColumn('missed_by', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reminded_at', 'text')
    .execute();
  await db.schema.createIndex('conversation_lifecycle_bot').on('conversation_lifecycle').column('bot_waiting_since').execute();

  await db.schema
    .createTable('agent_routing')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('last_assigned_at', 'text', (c) => c.notNull())
    .execute();

  // Only a hash of each customer token is stored, as for agents' sessions.
  await db.schema
    .createTable('widget_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    // The customers row is written with the first message, so visitors who never write leave none.
    .addColumn('customer_id', 'text', (c) => c.notNull().unique())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('channel_customers')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addPrimaryKeyConstraint('channel_customers_pk', ['channel', 'external_id'])
    .execute();
  await db.schema.createIndex('channel_customers_customer').on('channel_customers').columns(['customer_id', 'channel']).execute();

  // The channel's own message id, unique per channel: a retried POST finds its first result here.
  await db.schema
    .createTable('inbound_messages')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_messages_pk', ['channel', 'external_id'])
    .execute();

  // Keyed by message id: a reply is queued once, whatever retries the delivery needs.
  await db.schema
    .createTable('outbound_deliveries')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','delivered','failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    // A sender holds the row until then, so two server instances never post it at once.
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbound_deliveries_due').on('outbound_deliveries').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('csat_responses')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 1 and 5`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const fromChannel = `exists (select 1 from conversations c join channel_customers cc on cc.customer_id = c.customer_id and cc.channel = c.channel where c.id = new.conversation_id)`;
  const enqueue = `insert into outbound_deliveries (message_id, conversation_id, channel, status, attempts, next_attempt_at, created_at)
    values (new.id, new.conversation_id, new.channel, 'pending', 0, new.created_at, new.created_at)`;
  if (sqlite) {
    await run(`create trigger cs_outbound_enqueue after insert on messages for each row
      when new.sender_kind in ('agent','bot') and ${fromChannel} begin ${enqueue}; end`);
  } else {
    await run(`create function cs_outbound_enqueue() returns trigger language plpgsql as $fn$ begin
      if new.sender_kind in ('agent','bot') and ${fromChannel} then ${enqueue}; end if; return null; end $fn$`);
    await run(`create trigger cs_outbound_enqueue after insert on messages for each row execute function cs_outbound_enqueue()`);
  }
}
