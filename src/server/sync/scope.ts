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
}

export const SYNCED_TABLES: readonly SyncedTable[] = DOMAIN_TABLES_PARENTS_FIRST.map((table) => ({ table, key: DOMAIN_TABLE_KEYS[table] }));

export const SYNCED_TABLE_NAMES = SYNCED_TABLES.map((t) => t.table);

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** An agent's conversations: assigned to them, or waiting in the queue of one of their groups. */
function conversationVisible(alias: string, userId: string): RawBuilder<boolean> {
  return sql<boolean>`(${col(alias, 'assignee_id')} = ${userId} or (${col(alias, 'status')} = 'queued' and ${col(alias, 'group_id')} in (select gm.group_id from group_members gm where gm.user_id = ${userId})))`;
}

function visibleCustomerIds(userId: string): RawBuilder<unknown> {
  return sql`select c.customer_id from conversations c where ${conversationVisible('c', userId)}
    union select t.customer_id from tickets t where t.assignee_id = ${userId}`;
}

/**
 * SQL condition over alias `r` of `table`: the row belongs in the viewer's replica right now.
 * Agents and trainees: their conversations and tickets and what hangs off them (messages,
 * ticket events, the customers and their orders), published scripts and KB articles, and all
 * of the small reference tables. Supervisors and admins: everything.
 */
export function visibleTo(table: DomainTableName, viewer: Viewer): RawBuilder<boolean> {
  const everything = sql<boolean>`1 = 1`;
  if (seesEverything(viewer)) return everything;
  const u = viewer.userId;
  switch (table) {
    case 'conversations':
      return conversationVisible('r', u);
    case 'messages':
      return sql<boolean>`r.conversation_id in (select c.id from conversations c where ${conversationVisible('c', u)})`;
    case 'tickets':
      return sql<boolean>`r.assignee_id = ${u}`;
    case 'ticket_events':
      return sql<boolean>`r.ticket_id in (select t.id from tickets t where t.assignee_id = ${u})`;
    case 'customers':
      return sql<boolean>`r.id in (${visibleCustomerIds(u)})`;
    case 'orders':
      return sql<boolean>`r.customer_id in (${visibleCustomerIds(u)})`;
    case 'scripts':
    case 'kb_articles':
      return sql<boolean>`r.status = 'published'`;
    case 'users':
    case 'skill_groups':
    case 'group_members':
    case 'ticket_categories':
    case 'kb_categories':
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
