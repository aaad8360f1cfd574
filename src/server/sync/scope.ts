import { sql, type Kysely, type RawBuilder } from 'kysely';
import { DOMAIN_TABLE_KEYS, DOMAIN_TABLES_PARENTS_FIRST, type DomainTableName } from '../../shared/db/replica-schema';
import type { Role } from '../../shared/domain/enums';
import type { ServerDatabase } from '../db/schema';

/** Who is pulling: scope is decided from the session's user and the database, never from the request. */
export interface Viewer {
  userId: string;
  role: Role;
}

export const seesEverything = (viewer: Viewer) => viewer.role === 'admin' || viewer.role === 'supervisor';

export interface SyncedTable {
  table: DomainTableName;
  key: readonly string[];
  /**
   * The order a bootstrap sends the rows in, ending with the key so it is total. A history
   * table goes parent by parent along its parent index: a page then reads only its own rows,
   * where key order would read (and sort) every row of the viewer's parents for each page.
   */
  order: readonly string[];
}

/** History tables whose bootstrap walks their parent's rows (see SyncedTable.order). */
const BOOTSTRAP_ORDER: Partial<Record<DomainTableName, readonly string[]>> = {
  messages: ['conversation_id', 'created_at', 'id'],
  conversation_events: ['conversation_id', 'created_at', 'id'],
  conversation_participants: ['conversation_id', 'invited_at', 'id'],
  ticket_events: ['ticket_id', 'created_at', 'id'],
};

export const SYNCED_TABLES: readonly SyncedTable[] = DOMAIN_TABLES_PARENTS_FIRST.map((table) => ({
  table,
  key: DOMAIN_TABLE_KEYS[table],
  order: BOOTSTRAP_ORDER[table] ?? DOMAIN_TABLE_KEYS[table],
}));

export const SYNCED_TABLE_NAMES = SYNCED_TABLES.map((t) => t.table);

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/**
 * An agent's conversations: assigned to them, waiting in the queue of one of their groups, or
 * open with them invited in (until the invitation ends or the chat closes).
 */
function conversationVisible(alias: string, userId: string): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'assignee_id')} = ${userId} or (${col(alias, 'status')} = 'queued' and ${col(alias, 'group_id')} in (select gm.group_id from group_members gm where gm.user_id = ${userId}))
    or (${col(alias, 'status')} <> 'closed' and ${col(alias, 'id')} in (select cp.conversation_id from conversation_participants cp where cp.user_id = ${userId} and cp.ended_at is null)))`;
}

function visibleCustomerIds(userId: string): RawBuilder<unknown> {
  return sql`select c.customer_id from conversations c where ${conversationVisible('c', userId)}
    union select t.customer_id from tickets t where t.assignee_id = ${userId}`;
}

/**
 * How a visibility condition is evaluated, never what it means:
 * - `scan`: the viewer's conversations, tickets and customers are listed once per statement,
 *   for reading many rows (bootstrap pages, counts). `fromParent`: a bootstrap walking a
 *   history table in SyncedTable.order lists only the parents from this key on, so the
 *   parents before it are not looked at again.
 * - `lookup`: each row looks up its own parent, for a few rows fetched by key (catching up),
 *   where listing the viewer's whole scope would cost more than the rows themselves.
 */
export type VisibilityPlan = { kind: 'scan'; fromParent?: string | null } | { kind: 'lookup' };

/**
 * SQL condition over alias `r` of `table`: the row belongs in the viewer's replica right now.
 * Agents and trainees: their conversations and tickets and what hangs off them (messages,
 * hand-over history and participants, ticket events, the customers and their orders), published scripts and KB articles (no KB
 * revisions), their own KB feedback, and all of the small reference tables (reply-rule groups included); never script versions
 * or usage. Supervisors and admins: everything.
 */
export function visibleTo(table: DomainTableName, viewer: Viewer, plan: VisibilityPlan = { kind: 'scan' }): RawBuilder<boolean> {
  const everything = sql<boolean>`1 = 1`;
  if (seesEverything(viewer)) return everything;
  const u = viewer.userId;
  const lookup = plan.kind === 'lookup';
  const fromParent = plan.kind === 'scan' ? (plan.fromParent ?? null) : null;
  const parentBound = (column: string) => (fromParent === null ? sql`` : sql` and ${sql.ref(column)} >= ${fromParent}`);
  const customerVisible = (customerId: string) =>
    lookup
      ? sql<boolean>`(exists (select 1 from conversations c where c.customer_id = ${sql.ref(customerId)} and ${conversationVisible('c', u)})
          or exists (select 1 from tickets t where t.customer_id = ${sql.ref(customerId)} and t.assignee_id = ${u}))`
      : sql<boolean>`${sql.ref(customerId)} in (${visibleCustomerIds(u)})`;
  switch (table) {
    case 'conversations':
      return conversationVisible('r', u);
    case 'messages':
    case 'conversation_events':
    case 'conversation_participants':
      return lookup
        ? sql<boolean>`exists (select 1 from conversations c where c.id = r.conversation_id and ${conversationVisible('c', u)})`
        : sql<boolean>`r.conversation_id in (select c.id from conversations c where ${conversationVisible('c', u)}${parentBound('c.id')})`;
    case 'tickets':
      return sql<boolean>`r.assignee_id = ${u}`;
    case 'ticket_events':
    case 'ticket_deadlines':
    case 'approvals':
    case 'ticket_alerts':
      return lookup
        ? sql<boolean>`exists (select 1 from tickets t where t.id = r.ticket_id and t.assignee_id = ${u})`
        : sql<boolean>`r.ticket_id in (select t.id from tickets t where t.assignee_id = ${u}${parentBound('t.id')})`;
    case 'customers':
      return customerVisible('r.id');
    case 'orders':
      return customerVisible('r.customer_id');
    case 'scripts':
    case 'kb_articles':
      return sql<boolean>`r.status = 'published'`;
    // Drafts, reviews, earlier versions and their figures are the staff's: an agent uses what `scripts` holds.
    case 'script_versions':
    case 'script_usage':
      return sql<boolean>`1 = 0`;
    // Drafts and earlier versions are the editors' business: an agent reads what is published.
    case 'kb_revisions':
      return sql<boolean>`1 = 0`;
    case 'kb_feedback':
      return sql<boolean>`r.reported_by = ${u}`;
    case 'users':
    case 'skill_groups':
    case 'group_members':
    case 'ticket_categories':
    case 'kb_categories':
    case 'authority_limits':
    case 'reply_rule_groups':
      return everything;
  }
}

/**
 * The change-log tags (migrations/server/0001-change-capture.ts) whose entries may concern
 * the viewer; null when every entry does.
 */
export async function viewerTags(db: Kysely<ServerDatabase>, viewer: Viewer): Promise<string[] | null> {
  if (seesEverything(viewer)) return null;
  const groups = await db.selectFrom('group_members').select('group_id').where('user_id', '=', viewer.userId).execute();
  return ['all', 'pub', `u:${viewer.userId}`, ...groups.map((g) => `q:${g.group_id}`)];
}

/** Tag of entries that change the viewer's scope wholesale (membership, role): their replica must reset. */
export const scopeChangeTag = (viewer: Viewer) => `s:${viewer.userId}`;
