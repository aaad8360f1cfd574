import { sql, type Kysely } from 'kysely';

/**
 * The domain tables shared by the desktop replica and the central server, written with the
 * schema builder so the same DDL runs on SQLite and PostgreSQL. Frozen once released:
 * later changes are new migrations, never edits here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function createDomainTables(db: Kysely<any>): Promise<void> {
  const text = 'text' as const;
  const int = 'integer' as const;

  await db.schema
    .createTable('users')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('username', text, (c) => c.notNull().unique())
    .addColumn('display_name', text, (c) => c.notNull())
    .addColumn('agent_no', text, (c) => c.notNull())
    .addColumn('role', text, (c) => c.notNull().check(sql`role in ('admin','supervisor','agent','trainee')`))
    .addColumn('max_concurrent', int, (c) => c.notNull().defaultTo(4).check(sql`max_concurrent between 1 and 10`))
    .addColumn('presence', text, (c) => c.notNull().defaultTo('offline'))
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('skill_groups')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('keywords', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', text, (c) => c.notNull().references('skill_groups.id').onDelete('cascade'))
    .addColumn('user_id', text, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('phone', text)
    .addColumn('id_number', text)
    .addColumn('address', text)
    .addColumn('value_level', int, (c) => c.notNull().defaultTo(1).check(sql`value_level between 1 and 5`))
    .addColumn('tags', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('customer_id', text, (c) => c.notNull().references('customers.id'))
    .addColumn('order_no', text, (c) => c.notNull().unique())
    .addColumn('status', text, (c) => c.notNull())
    .addColumn('amount_fen', int, (c) => c.notNull())
    .addColumn('items', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('placed_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_customer').on('orders').columns(['customer_id', 'placed_at']).execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('customer_id', text, (c) => c.notNull().references('customers.id'))
    .addColumn('channel', text, (c) => c.notNull().check(sql`channel in ('web','app','wechat','email','phone')`))
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('queued','active','closed')`))
    .addColumn('group_id', text, (c) => c.references('skill_groups.id'))
    .addColumn('assignee_id', text, (c) => c.references('users.id'))
    .addColumn('subject', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('last_message_at', text, (c) => c.notNull())
    .addColumn('last_message_preview', text, (c) => c.notNull().defaultTo(''))
    .addColumn('waiting_since', text)
    .addColumn('unread_count', int, (c) => c.notNull().defaultTo(0))
    .addColumn('first_response_at', text)
    .addColumn('closed_at', text)
    .execute();
  await db.schema.createIndex('conversations_assignee').on('conversations').columns(['assignee_id', 'status', 'last_message_at']).execute();
  await db.schema.createIndex('conversations_customer').on('conversations').columns(['customer_id', 'created_at']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('conversation_id', text, (c) => c.notNull().references('conversations.id'))
    .addColumn('sender_kind', text, (c) => c.notNull().check(sql`sender_kind in ('customer','agent','bot','system')`))
    .addColumn('sender_id', text)
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('channel', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_conversation').on('messages').columns(['conversation_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('ticket_categories')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('parent_id', text, (c) => c.references('ticket_categories.id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('level', int, (c) => c.notNull().check(sql`level between 1 and 3`))
    .addColumn('sort', int, (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('number', text, (c) => c.unique())
    .addColumn('customer_id', text, (c) => c.notNull().references('customers.id'))
    .addColumn('conversation_id', text, (c) => c.references('conversations.id'))
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('description', text, (c) => c.notNull().defaultTo(''))
    .addColumn('category_id', text, (c) => c.references('ticket_categories.id'))
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('open','in_progress','awaiting_confirmation','closed')`))
    .addColumn('priority', text, (c) => c.notNull().check(sql`priority in ('low','normal','high','urgent')`))
    .addColumn('assignee_id', text, (c) => c.references('users.id'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('closed_at', text)
    .execute();
  await db.schema.createIndex('tickets_assignee').on('tickets').columns(['assignee_id', 'status']).execute();

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('ticket_id', text, (c) => c.notNull().references('tickets.id'))
    .addColumn('actor_id', text, (c) => c.references('users.id'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('from_value', text)
    .addColumn('to_value', text)
    .addColumn('note', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'created_at']).execute();

  await db.schema
    .createTable('scripts')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('category', text, (c) => c.notNull())
    .addColumn('stage', text)
    .addColumn('keywords', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('draft','review','published')`))
    .addColumn('version', int, (c) => c.notNull().defaultTo(1))
    .addColumn('usage_count', int, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kb_categories')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('parent_id', text, (c) => c.references('kb_categories.id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('level', int, (c) => c.notNull().check(sql`level between 1 and 3`))
    .addColumn('sort', int, (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('kb_articles')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('category_id', text, (c) => c.notNull().references('kb_categories.id'))
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('notes', text, (c) => c.notNull().defaultTo(''))
    .addColumn('links', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('questions', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('draft','review','published')`))
    .addColumn('version', int, (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
}
