import { sql, type Kysely } from 'kysely';
import type { AuditEntryView, AuditSearchInput } from '../../shared/contract/tickets';
import type { AuditActorKind, ServerDatabase } from '../db/schema';

type Db = Kysely<ServerDatabase>;

export interface AuditEntry {
  actorKind: AuditActorKind;
  actorId: string | null;
  actorRole?: string | null;
  action: string;
  entity?: string | null;
  entityId?: string | null;
  detail?: unknown;
  outcome?: 'applied' | 'rejected';
  messageKey?: string | null;
  clientId?: string | null;
  seq?: number | null;
}

/**
 * Appends to the audit trail (SPEC §11). Callers pass the transaction that made the change, so
 * an action and its entry commit together or not at all: no change without its record.
 */
export async function audit(db: Db, nowIso: string, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      created_at: nowIso,
      actor_kind: entry.actorKind,
      actor_id: entry.actorId,
      actor_role: entry.actorRole ?? null,
      action: entry.action,
      entity: entry.entity ?? null,
      entity_id: entry.entityId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      outcome: entry.outcome ?? 'applied',
      message_key: entry.messageKey ?? null,
      client_id: entry.clientId ?? null,
      seq: entry.seq ?? null,
    })
    .execute();
}

/**
 * Which row a mutation is about, read from its arguments' conventional names. Everything done
 * to a ticket (its approvals and alerts included) is filed under the ticket, so a supervisor
 * searching a ticket's number or id sees its whole story.
 */
export async function mutationTarget(db: Db, name: string, args: unknown): Promise<{ entity: string | null; entityId: string | null }> {
  const record = typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : null);
  const approvalId = text('approvalId');
  const alertId = text('alertId');
  const ticketId =
    text('ticketId') ??
    (name === 'ticket.create' ? text('id') : null) ??
    (approvalId ? ((await db.selectFrom('approvals').select('ticket_id').where('id', '=', approvalId).executeTakeFirst())?.ticket_id ?? null) : null) ??
    (alertId ? ((await db.selectFrom('ticket_alerts').select('ticket_id').where('id', '=', alertId).executeTakeFirst())?.ticket_id ?? null) : null);
  if (ticketId) return { entity: 'tickets', entityId: ticketId };
  const kbArticleId = await kbArticleOf(db, name, text);
  if (kbArticleId) return { entity: 'kb_articles', entityId: kbArticleId };
  const conversationId = text('conversationId');
  if (conversationId) return { entity: 'conversations', entityId: conversationId };
  const customerId = text('customerId');
  if (customerId) return { entity: 'customers', entityId: customerId };
  const scriptId = text('scriptId');
  if (scriptId) return { entity: 'scripts', entityId: scriptId };
  const ruleFamily = text('family');
  const ruleGroup = text('groupId');
  if (name.startsWith('replyRule.') && ruleFamily && ruleGroup) return { entity: 'reply_rule_groups', entityId: `${ruleFamily}/${ruleGroup.trim()}` };
  const own = text('id');
  return own ? { entity: name.split('.')[0] ?? null, entityId: own } : { entity: null, entityId: null };
}

/** Everything done to a knowledge-base article, its revisions and feedback is filed under the article. */
async function kbArticleOf(db: Db, name: string, text: (key: string) => string | null): Promise<string | null> {
  if (!name.startsWith('kb.')) return null;
  const revisionId = text('revisionId');
  const feedbackId = text('feedbackId');
  return (
    text('articleId') ??
    (revisionId ? ((await db.selectFrom('kb_revisions').select('article_id').where('id', '=', revisionId).executeTakeFirst())?.article_id ?? null) : null) ??
    (feedbackId ? ((await db.selectFrom('kb_feedback').select('article_id').where('id', '=', feedbackId).executeTakeFirst())?.article_id ?? null) : null)
  );
}

/** Newest first. Text matches action, actor name and the recorded detail, case-insensitively. */
export async function searchAudit(db: Db, input: AuditSearchInput): Promise<AuditEntryView[]> {
  const like = (value: string) => `%${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const words = input.text.split(/\s+/).filter((w) => w.length > 0);
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.created_at', 'a.actor_kind', 'a.actor_id', 'u.display_name', 'a.actor_role', 'a.action', 'a.entity', 'a.entity_id', 'a.detail', 'a.outcome', 'a.message_key'])
    .$if(input.actorId !== null, (qb) => qb.where('a.actor_id', '=', input.actorId))
    .$if(input.action !== null, (qb) => qb.where('a.action', '=', input.action ?? ''))
    .$if(input.entityId !== null, (qb) => qb.where('a.entity_id', '=', input.entityId))
    .$if(input.from !== null, (qb) => qb.where('a.created_at', '>=', input.from ?? ''))
    .$if(input.to !== null, (qb) => qb.where('a.created_at', '<=', input.to ?? ''))
    .$if(words.length > 0, (qb) =>
      qb.where((eb) =>
        eb.and(
          words.map((word) =>
            eb.or([
              eb(sql`lower(a.action)`, 'like', sql`${like(word)} escape '\\'`),
              eb(sql`lower(a.detail)`, 'like', sql`${like(word)} escape '\\'`),
              eb(sql`lower(coalesce(u.display_name, ''))`, 'like', sql`${like(word)} escape '\\'`),
              eb(sql`lower(coalesce(a.entity_id, ''))`, 'like', sql`${like(word)} escape '\\'`),
            ]),
          ),
        ),
      ),
    )
    .orderBy('a.id', 'desc')
    .limit(input.limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: r.created_at,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.display_name,
    actorRole: r.actor_role,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: r.detail,
    outcome: r.outcome,
    messageKey: r.message_key,
  }));
}
