import { sql, type Kysely } from 'kysely';
import { createDomainTables } from '../domain/0001-domain-tables';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  await createDomainTables(db);

  // Chat history is evidence (QA, complaints, audits): once written a message never changes.
  await sql`create trigger messages_append_only before update on messages
    begin select raise(abort, 'messages are append-only'); end`.execute(db);
  await sql`create trigger ticket_events_append_only before update on ticket_events
    begin select raise(abort, 'ticket history is append-only'); end`.execute(db);

  // Pending mutations, in the order the user made them; pushed to the server in seq order.
  await db.schema
    .createTable('outbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','rejected')`))
    .addColumn('error', 'text')
    .execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('drafts')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
