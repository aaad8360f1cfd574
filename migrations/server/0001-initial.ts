import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { createDomainTables } from '../domain/0001-domain-tables';
import { changeCaptureDdl, type SqlDialect } from './0001-change-capture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const dialect: SqlDialect = db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };

  await createDomainTables(db);

  // Chat history and ticket history are evidence (QA, complaints, audits): never changed or removed.
  if (dialect === 'sqlite') {
    for (const table of ['messages', 'ticket_events']) {
      for (const op of ['update', 'delete']) {
        await run(`create trigger ${table}_append_only_${op} before ${op} on ${table} begin select raise(abort, '${table} are append-only'); end`);
      }
    }
  } else {
    await run(`create function cs_append_only() returns trigger language plpgsql as $fn$
      begin raise exception '% are append-only', tg_table_name using errcode = 'integrity_constraint_violation'; end $fn$`);
    for (const table of ['messages', 'ticket_events']) {
      await run(`create trigger ${table}_append_only before update or delete on ${table} for each row execute function cs_append_only()`);
    }
  }

  await db.schema
    .createTable('credentials')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Only a hash of each token is stored: a leaked database does not hand out sessions.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();

  // One row per desktop replica: the highest mutation seq processed makes pushes idempotent.
  await db.schema
    .createTable('clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mutation_rejections')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('message_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mutation_rejections_pk', ['client_id', 'seq'])
    .execute();

  await db.schema
    .createTable('sync_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('sync_meta').values({ key: 'purged_through', value: 0 }).execute();

  if (dialect === 'sqlite') {
    // One writer at a time: numbers handed out at insert are already in commit order.
    // AUTOINCREMENT never reuses a number, even after the oldest entries are purged.
    await run(`create table change_log (
      change_no integer primary key autoincrement,
      tbl text not null,
      row_id text not null,
      row_id2 text,
      tags text not null,
      created_ms integer not null default (cast((julianday('now') - 2440587.5) * 86400000 as integer))
    )`);
    await run(`create index change_log_created on change_log (created_ms)`);
  } else {
    // Concurrent transactions commit in any order, so an entry gets its number only at commit
    // (cs_number_changes below); until then change_no is null and no reader can see the row.
    await run(`create table change_log (
      id bigserial primary key,
      change_no bigint unique,
      tbl text not null,
      row_id text not null,
      row_id2 text,
      tags text not null,
      created_ms bigint not null default (extract(epoch from clock_timestamp()) * 1000)::bigint
    )`);
    await run(`create index change_log_created on change_log (created_ms)`);
    await run(`create index change_log_unnumbered on change_log (id) where change_no is null`);
    await db.insertInto('sync_meta').values({ key: 'last_change_no', value: 0 }).execute();
    // Runs at commit, as the transaction's last step. The advisory lock is held until the
    // commit is visible, so a later transaction takes its numbers only after this one's are
    // visible: numbering order = commit order, and a reader that has seen number N has
    // already seen every number below N. The counter row survives purges of the log.
    await run(`create function cs_number_changes() returns trigger language plpgsql as $fn$
      declare pending bigint; base bigint;
      begin
        select count(*) into pending from change_log where change_no is null;
        if pending = 0 then return null; end if;
        perform pg_advisory_xact_lock(hashtext('cs_change_no:' || current_schema()));
        update sync_meta set value = value + pending where key = 'last_change_no' returning value - pending into base;
        update change_log c set change_no = base + p.rn
          from (select id, row_number() over (order by id) as rn from change_log where change_no is null) p
          where c.id = p.id;
        perform pg_notify('cs_sync_' || current_schema(), (base + pending)::text);
        return null;
      end $fn$`);
    await run(`create constraint trigger cs_number_changes after insert on change_log
      deferrable initially deferred for each row execute function cs_number_changes()`);
  }

  // A rejection gets a change number too, so a pull can tell which rejections the client
  // has certainly received (those at or below the cursor it sends back).
  const rejectionEntry = `insert into change_log (tbl, row_id, row_id2, tags) values ('mutation_rejections', new.client_id, cast(new.seq as text), '|')`;
  if (dialect === 'sqlite') {
    await run(`create trigger cs_capture_mutation_rejections after insert on mutation_rejections begin ${rejectionEntry}; end`);
  } else {
    await run(`create function cs_capture_mutation_rejections() returns trigger language plpgsql as $fn$ begin ${rejectionEntry}; return null; end $fn$`);
    await run(`create trigger cs_capture_mutation_rejections after insert on mutation_rejections for each row execute function cs_capture_mutation_rejections()`);
  }

  for (const statement of changeCaptureDdl(dialect)) await run(statement);
}
