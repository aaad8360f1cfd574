/**
 * Change capture for the central server (docs/sync.md): one trigger per domain table and
 * operation appends to `change_log` which rows changed and which scopes may need to hear
 * about it. Part of migration 0001 and frozen with it; later changes are new migrations.
 *
 * Scope tags are text items each ending in `|`; an entry's `tags` is `|` followed by the
 * items of the row before and after the change, so `|u:<id>|` can be matched with LIKE:
 *   all       everyone (users, groups, memberships, categories)
 *   pub       published scripts and KB articles; `staff` for the others
 *   u:<id>    assigned to that user (conversations, tickets and what hangs off them)
 *   q:<id>    queued in that skill group
 *   s:<id>    that user's scope itself changed (membership, role): their replica resets
 * Tags only say who may need to look; the pull decides put or delete from the row's current
 * state, so tags may over-approximate but must never miss a scope that gained or lost the row.
 */

export type SqlDialect = 'sqlite' | 'postgres';
type Op = 'insert' | 'update' | 'delete';
type Rec = 'new' | 'old';

interface CaptureSpec {
  table: string;
  key: readonly [string] | readonly [string, string];
  /** Tag items of one version of the row (each ending in `|`), or '' for none. */
  tags(row: Rec, op: Op): string;
  /** Extra statements: rows whose scope follows this row's and must be re-examined. */
  cascades?(op: Op): string[];
}

const convTags = (r: string) =>
  `coalesce('u:' || ${r}.assignee_id || '|', '') || case when ${r}.status = 'queued' and ${r}.group_id is not null then 'q:' || ${r}.group_id || '|' else '' end`;
const ticketTags = (r: string) => `coalesce('u:' || ${r}.assignee_id || '|', '')`;

function entry(table: string, key: readonly string[], keyOf: string, tags: string): string {
  const second = key[1] ? `${keyOf}.${key[1]}` : 'null';
  return `insert into change_log (tbl, row_id, row_id2, tags) values ('${table}', ${keyOf}.${key[0]}, ${second}, '|' || ${tags})`;
}

/** Both versions' tags for an update, one version's for insert/delete. */
function bothTags(op: Op, tagsOf: (r: Rec) => string): string {
  if (op === 'insert') return `(${tagsOf('new')})`;
  if (op === 'delete') return `(${tagsOf('old')})`;
  return `(${tagsOf('old')}) || (${tagsOf('new')})`;
}

/** Rows of `customers` and `orders` belonging to the customer(s) of the changed row. */
function customerCascades(op: Op, tags: string, when: string): string[] {
  const ids = op === 'insert' ? 'new.customer_id' : op === 'delete' ? 'old.customer_id' : 'old.customer_id, new.customer_id';
  return [
    `insert into change_log (tbl, row_id, row_id2, tags) select 'customers', cu.id, null, '|' || ${tags} from customers cu where cu.id in (${ids}) and ${when}`,
    `insert into change_log (tbl, row_id, row_id2, tags) select 'orders', o.id, null, '|' || ${tags} from orders o where o.customer_id in (${ids}) and ${when}`,
  ];
}

/** On update, cascades only when the row's scope (or its customer) actually moved. */
function scopeMoved(op: Op, tagsOf: (r: Rec) => string): string {
  return op === 'update' ? `((${tagsOf('old')}) <> (${tagsOf('new')}) or old.customer_id <> new.customer_id)` : '1 = 1';
}

function specs(dialect: SqlDialect): CaptureSpec[] {
  const agg = (expr: string) => (dialect === 'sqlite' ? `group_concat(${expr}, '')` : `string_agg(${expr}, '')`);
  const customerTags = (customerId: string) =>
    `coalesce((select ${agg('s.tag')} from (select ${convTags('c')} as tag from conversations c where c.customer_id = ${customerId}
      union all select ${ticketTags('t')} as tag from tickets t where t.customer_id = ${customerId}) s), '')`;
  const everyone = (table: string, key: CaptureSpec['key']): CaptureSpec => ({ table, key, tags: () => `'all|'` });
  const content = (table: string): CaptureSpec => ({
    table,
    key: ['id'],
    tags: (r) => `case when ${r}.status = 'published' then 'pub|' else 'staff|' end`,
  });
  const conversationTags = (r: Rec) => convTags(r);
  const ticketRowTags = (r: Rec) => ticketTags(r);

  return [
    {
      table: 'users',
      key: ['id'],
      tags: (r, op) => (op === 'update' ? `'all|' || case when old.role <> new.role then 's:' || new.id || '|' else '' end` : `'all|s:' || ${r}.id || '|'`),
    },
    everyone('skill_groups', ['id']),
    { table: 'group_members', key: ['group_id', 'user_id'], tags: (r) => `'all|s:' || ${r}.user_id || '|'` },
    { table: 'customers', key: ['id'], tags: (r) => customerTags(`${r}.id`) },
    { table: 'orders', key: ['id'], tags: (r) => customerTags(`${r}.customer_id`) },
    {
      table: 'conversations',
      key: ['id'],
      tags: conversationTags,
      cascades: (op) => {
        const tags = bothTags(op, conversationTags);
        const when = scopeMoved(op, conversationTags);
        const own = op === 'delete' ? 'old' : 'new';
        return [
          ...customerCascades(op, tags, when),
          `insert into change_log (tbl, row_id, row_id2, tags) select 'messages', m.id, null, '|' || ${tags} from messages m where m.conversation_id = ${own}.id and ${when}`,
        ];
      },
    },
    {
      table: 'messages',
      key: ['id'],
      tags: (r) => `coalesce((select ${convTags('c')} from conversations c where c.id = ${r}.conversation_id), '')`,
    },
    everyone('ticket_categories', ['id']),
    {
      table: 'tickets',
      key: ['id'],
      tags: ticketRowTags,
      cascades: (op) => {
        const tags = bothTags(op, ticketRowTags);
        const when = scopeMoved(op, ticketRowTags);
        const own = op === 'delete' ? 'old' : 'new';
        return [
          ...customerCascades(op, tags, when),
          `insert into change_log (tbl, row_id, row_id2, tags) select 'ticket_events', e.id, null, '|' || ${tags} from ticket_events e where e.ticket_id = ${own}.id and ${when}`,
        ];
      },
    },
    {
      table: 'ticket_events',
      key: ['id'],
      tags: (r) => `coalesce((select ${ticketTags('t')} from tickets t where t.id = ${r}.ticket_id), '')`,
    },
    content('scripts'),
    everyone('kb_categories', ['id']),
    content('kb_articles'),
  ];
}

function statements(spec: CaptureSpec, op: Op): string[] {
  const keyOf = op === 'delete' ? 'old' : 'new';
  return [entry(spec.table, spec.key, keyOf, bothTags(op, (r) => spec.tags(r, op))), ...(spec.cascades?.(op) ?? [])];
}

/** DDL creating the capture triggers of every domain table, one statement per string. */
export function changeCaptureDdl(dialect: SqlDialect): string[] {
  const ddl: string[] = [];
  for (const spec of specs(dialect)) {
    for (const op of ['insert', 'update', 'delete'] as const) {
      const name = `cs_capture_${spec.table}_${op}`;
      const body = statements(spec, op);
      if (dialect === 'sqlite') {
        ddl.push(`create trigger ${name} after ${op} on ${spec.table} for each row begin ${body.join(';\n')}; end`);
      } else {
        ddl.push(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body.join(';\n')}; return null; end $fn$`);
        ddl.push(`create trigger ${name} after ${op} on ${spec.table} for each row execute function ${name}()`);
      }
    }
  }
  return ddl;
}
