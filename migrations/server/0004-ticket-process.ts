import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { addTicketProcessTables } from '../domain/0002-ticket-process';

/**
 * Tickets and the service process (SPEC §6, docs/tickets.md), on SQLite and PostgreSQL:
 *
 * - The shared domain changes of migrations/domain/0002 (ticket columns, clocks, approvals,
 *   authority limits, follow-up alerts).
 * - Change capture for the new synced tables, tagged like ticket events: by the owner of their
 *   ticket, so they follow the ticket in and out of an agent's replica. A second set of triggers
 *   on `tickets` re-announces those child rows when a ticket changes hands; 0001's triggers are
 *   left as they are.
 * - `ticket_counters`: the human-readable ticket numbers, one sequence per day.
 * - `audit_log` (server only): every data-changing action of anyone, append-only by trigger.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };

  await addTicketProcessTables(db);

  const ownerTags = (r: string) => `coalesce((select coalesce('u:' || t.assignee_id || '|', '') from tickets t where t.id = ${r}.ticket_id), '')`;
  const capture = async (name: string, table: string, op: string, body: string) => {
    if (sqlite) {
      await run(`create trigger ${name} after ${op} on ${table} for each row begin ${body}; end`);
    } else {
      await run(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body}; return null; end $fn$`);
      await run(`create trigger ${name} after ${op} on ${table} for each row execute function ${name}()`);
    }
  };
  for (const table of ['ticket_deadlines', 'approvals', 'ticket_alerts']) {
    for (const op of ['insert', 'update', 'delete']) {
      const r = op === 'delete' ? 'old' : 'new';
      const tags = op === 'update' ? `${ownerTags('old')} || ${ownerTags('new')}` : ownerTags(r);
      await capture(`cs_capture_${table}_${op}`, table, op, `insert into change_log (tbl, row_id, row_id2, tags) values ('${table}', ${r}.id, null, '|' || ${tags})`);
    }
  }
  for (const op of ['insert', 'update', 'delete']) {
    const r = op === 'delete' ? 'old' : 'new';
    await capture(`cs_capture_authority_limits_${op}`, 'authority_limits', op, `insert into change_log (tbl, row_id, row_id2, tags) values ('authority_limits', ${r}.id, null, '|all|')`);
  }
  const moved = `coalesce(old.assignee_id, '') <> coalesce(new.assignee_id, '')`;
  const tags = `coalesce('u:' || old.assignee_id || '|', '') || coalesce('u:' || new.assignee_id || '|', '')`;
  const cascade = ['ticket_deadlines', 'approvals', 'ticket_alerts']
    .map((child) => `insert into change_log (tbl, row_id, row_id2, tags) select '${child}', x.id, null, '|' || ${tags} from ${child} x where x.ticket_id = new.id`)
    .join(';\n');
  if (sqlite) {
    await run(`create trigger cs_capture_ticket_children_update after update on tickets for each row when ${moved} begin ${cascade}; end`);
  } else {
    await run(`create function cs_capture_ticket_children_update() returns trigger language plpgsql as $fn$ begin
      if ${moved} then ${cascade}; end if; return null; end $fn$`);
    await run(`create trigger cs_capture_ticket_children_update after update on tickets for each row execute function cs_capture_ticket_children_update()`);
  }

  await db.schema
    .createTable('ticket_counters')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('last_no', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('user','customer','channel','system')`))
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text')
    .addColumn('entity_id', 'text')
    // JSON: the arguments of the action, or what a system action changed.
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('applied','rejected')`))
    .addColumn('message_key', 'text')
    .addColumn('client_id', 'text')
    .addColumn('seq', 'integer')
    .execute();
  await db.schema.createIndex('audit_log_time').on('audit_log').column('created_at').execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'created_at']).execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_id', 'created_at']).execute();

  // The audit trail is evidence: nobody, the application included, may rewrite it.
  if (sqlite) {
    for (const op of ['update', 'delete']) {
      await run(`create trigger audit_log_append_only_${op} before ${op} on audit_log begin select raise(abort, 'audit_log is append-only'); end`);
    }
  } else {
    await run(`create trigger audit_log_append_only before update or delete on audit_log for each row execute function cs_append_only()`);
  }
}
