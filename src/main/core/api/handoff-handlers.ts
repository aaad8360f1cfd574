import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { ApiHandlers, ConversationEventView, HandoffDirectoryView, ParticipantView, RefusedHandoffView } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { ReplicaDatabase } from '../../../shared/db/replica-schema';
import { HANDOFF_ROLES, TRANSFER_REASONS, type TransferReason } from '../../../shared/handoff/handoff';
import { SYNC_PATHS } from '../../../shared/sync/protocol';
import { detectIntent } from '../../../shared/tickets/intent';
import { localMutator, type HandlerContext } from './context';

type HandoffHandlers = Pick<
  ApiHandlers,
  'handoff.directory' | 'conversation.handoff' | 'conversation.transfer' | 'conversation.invite' | 'conversation.endInvite' | 'conversation.wrapUp' | 'handoff.slaMisses'
>;

type Db = Kysely<ReplicaDatabase>;

/** How far back supervisors' list of first-response misses reaches: a shift. */
const SLA_MISSES_WINDOW_MS = 12 * 3600_000;
const SLA_MISSES_MAX = 100;

/** Rows a pending local mutation inserted: the undo log holds exactly those until the server answers. */
const insertedLocally = (table: 'conversation_events' | 'conversation_participants', idRef: string) =>
  sql<number>`exists (select 1 from undo_log ul where ul.table_name = ${table} and ul.old_row is null and json_extract(ul.row_key, '$.id') = ${sql.ref(idRef)})`;

const asReason = (value: string | null): TransferReason | null => (TRANSFER_REASONS as readonly (string | null)[]).includes(value) ? (value as TransferReason) : null;

/** A chat's hand-over history, oldest first, with names, each marked pending while the server has not taken it. */
export async function conversationEvents(db: Db, conversationId: string): Promise<ConversationEventView[]> {
  const rows = await db
    .selectFrom('conversation_events as e')
    .leftJoin('users as a', 'a.id', 'e.actor_id')
    .leftJoin('users as f', 'f.id', 'e.from_user_id')
    .leftJoin('users as t', 't.id', 'e.to_user_id')
    .leftJoin('skill_groups as g', 'g.id', 'e.to_group_id')
    .select([
      'e.id',
      'e.conversation_id',
      'e.kind',
      'e.actor_id',
      'a.display_name as actor_name',
      'e.from_user_id',
      'f.display_name as from_name',
      'e.to_user_id',
      't.display_name as to_name',
      'e.to_group_id',
      'g.name as to_group_name',
      'e.reason',
      'e.note',
      'e.created_at',
      insertedLocally('conversation_events', 'e.id').as('pending'),
    ])
    .where('e.conversation_id', '=', conversationId)
    .orderBy('e.created_at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    kind: r.kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    fromUserId: r.from_user_id,
    fromName: r.from_name,
    toUserId: r.to_user_id,
    toName: r.to_name,
    toGroupId: r.to_group_id,
    toGroupName: r.to_group_name,
    reason: asReason(r.reason),
    note: r.note,
    createdAt: r.created_at,
    pending: Number(r.pending) === 1,
  }));
}

export function handoffHandlers(ctx: HandlerContext): HandoffHandlers {
  const { db } = ctx;
  const mutate = localMutator(ctx);

  /** Presence as last synced; loads are not in this replica (colleagues' chats are out of its scope). */
  async function localDirectory(userId: string): Promise<HandoffDirectoryView> {
    const [users, groups, members] = await Promise.all([
      db.selectFrom('users').select(['id', 'display_name', 'agent_no', 'role', 'presence', 'max_concurrent']).where('role', 'in', [...HANDOFF_ROLES]).where('id', '<>', userId).orderBy('display_name').execute(),
      db.selectFrom('skill_groups').select(['id', 'name']).orderBy('id').execute(),
      db.selectFrom('group_members').select(['group_id', 'user_id']).execute(),
    ]);
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    return {
      live: false,
      colleagues: users.map((u) => ({
        id: u.id,
        displayName: u.display_name,
        agentNo: u.agent_no,
        role: u.role,
        presence: u.presence,
        active: null,
        maxConcurrent: u.max_concurrent,
        groups: members.filter((m) => m.user_id === u.id).map((m) => ({ id: m.group_id, name: groupName.get(m.group_id) ?? m.group_id })),
      })),
      groups: groups.map((g) => ({ id: g.id, name: g.name, queued: null, online: null, freePlaces: null })),
    };
  }

  return {
    async 'handoff.directory'() {
      const actor = await ctx.actor();
      if (ctx.serverRequest) {
        try {
          return await ctx.serverRequest<HandoffDirectoryView>(SYNC_PATHS.handoffDirectory, {});
        } catch {
          // Offline: the transfer can still be written (and queued); the picker says the figures are not live.
        }
      }
      return localDirectory(actor.userId);
    },

    async 'conversation.handoff'({ conversationId }) {
      const actor = await ctx.actor();
      const conversation = await db
        .selectFrom('conversations as c')
        .leftJoin('users as u', 'u.id', 'c.assignee_id')
        .select(['c.id', 'c.assignee_id', 'c.summary', 'u.display_name'])
        .where('c.id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      const participantRows = await db
        .selectFrom('conversation_participants as p')
        .innerJoin('users as u', 'u.id', 'p.user_id')
        .leftJoin('users as ib', 'ib.id', 'p.invited_by')
        .select(['p.id', 'p.user_id', 'u.display_name', 'u.presence', 'p.invited_by', 'ib.display_name as invited_by_name', 'p.note', 'p.invited_at', insertedLocally('conversation_participants', 'p.id').as('pending')])
        .where('p.conversation_id', '=', conversationId)
        .where('p.ended_at', 'is', null)
        .orderBy('p.invited_at')
        .execute();
      const participants: ParticipantView[] = participantRows.map((p) => ({
        id: p.id,
        userId: p.user_id,
        displayName: p.display_name,
        presence: p.presence,
        invitedById: p.invited_by,
        invitedByName: p.invited_by_name,
        note: p.note,
        invitedAt: p.invited_at,
        pending: Number(p.pending) === 1,
      }));
      const transfers = (await conversationEvents(db, conversationId)).filter((e) => e.kind === 'transfer');
      const settled = transfers.filter((e) => !e.pending).at(-1) ?? null;
      const refusedRows = await db
        .selectFrom('outbox as o')
        .leftJoin('users as tu', (join) => join.on(sql`tu.id`, '=', sql`coalesce(json_extract(o.args, '$.target.userId'), json_extract(o.args, '$.userId'))`))
        .leftJoin('skill_groups as tg', (join) => join.on(sql`tg.id`, '=', sql`json_extract(o.args, '$.target.groupId')`))
        .select(['o.name', 'o.error', 'o.created_at', 'tu.display_name', 'tg.name as group_name'])
        .where('o.status', '=', 'rejected')
        .where('o.name', 'in', ['conversation.transfer', 'conversation.invite', 'conversation.endInvite'])
        .where(sql<string>`json_extract(o.args, '$.conversationId')`, '=', conversationId)
        .orderBy('o.seq')
        .execute();
      const invitation = participants.find((p) => p.userId === actor.userId) ?? null;
      const lead = actor.role === 'supervisor' || actor.role === 'admin';
      return {
        conversationId,
        role: conversation.assignee_id === actor.userId ? 'owner' : invitation ? 'invitee' : lead ? 'lead' : 'viewer',
        ownerId: conversation.assignee_id,
        ownerName: conversation.display_name,
        // The context note travels with the chat: whoever has it now reads why it came to them.
        arrival: settled && settled.fromUserId !== conversation.assignee_id ? settled : null,
        pendingTransfer: transfers.filter((e) => e.pending).at(-1) ?? null,
        participants,
        invitation,
        refused: refusedRows.map(
          (r): RefusedHandoffView => ({
            name: r.name as RefusedHandoffView['name'],
            targetName: r.display_name ?? r.group_name ?? null,
            messageKey: r.error ?? 'errors:mutation.rejected',
            createdAt: r.created_at,
          }),
        ),
        summary: conversation.summary,
      };
    },

    async 'conversation.transfer'(input) {
      const id = uuidv7();
      await mutate('conversation.transfer', { ...input, id });
      return { id };
    },

    async 'conversation.invite'(input) {
      const id = uuidv7();
      await mutate('conversation.invite', { ...input, id });
      return { id };
    },

    async 'conversation.endInvite'(input) {
      await mutate('conversation.endInvite', { ...input, id: uuidv7() });
    },

    async 'conversation.wrapUp'({ conversationId }) {
      const conversation = await db.selectFrom('conversations').select(['id', 'subject']).where('id', '=', conversationId).executeTakeFirst();
      if (!conversation) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      const [words, tickets] = await Promise.all([
        db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('sender_kind', '=', 'customer').orderBy('created_at').orderBy('id').execute(),
        db.selectFrom('tickets').select(['id', 'number', 'title', 'status']).where('conversation_id', '=', conversationId).orderBy('created_at').execute(),
      ]);
      return { conversationId, subject: conversation.subject, intent: detectIntent(words.map((w) => w.body)), tickets };
    },

    async 'handoff.slaMisses'() {
      const actor = await ctx.actor();
      const since = new Date(ctx.clock.now().getTime() - SLA_MISSES_WINDOW_MS).toISOString();
      const lead = actor.role === 'supervisor' || actor.role === 'admin';
      const rows = await db
        .selectFrom('conversation_events as e')
        .innerJoin('conversations as c', 'c.id', 'e.conversation_id')
        .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .leftJoin('users as f', 'f.id', 'e.from_user_id')
        .leftJoin('users as t', 't.id', 'e.to_user_id')
        .select(['e.id', 'e.conversation_id', 'cu.name as customer_name', 'c.subject', 'e.from_user_id', 'f.display_name as from_name', 't.display_name as to_name', 'e.created_at'])
        .where('e.kind', '=', 'sla_missed')
        .where('e.created_at', '>=', since)
        .$if(!lead, (qb) => qb.where('e.from_user_id', '=', actor.userId))
        .orderBy('e.created_at', 'desc')
        .limit(SLA_MISSES_MAX)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        conversationId: r.conversation_id,
        customerName: r.customer_name,
        subject: r.subject,
        missedById: r.from_user_id,
        missedByName: r.from_name,
        reassignedToName: r.to_name,
        createdAt: r.created_at,
      }));
    },
  };
}
