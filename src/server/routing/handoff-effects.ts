import type { Kysely } from 'kysely';
import { expectedQueueWait, type ExpectedWait, type TransferReason } from '../../shared/handoff/handoff';
import type { MutatorArgs, MutatorName } from '../../shared/mutations';
import { queueOrder } from '../../shared/routing/assign';
import type { ServerDatabase } from '../db/schema';
import type { RoutingConfig } from './config';
import { texts } from './texts';
import { RoutingWork } from './work';

type Db = Kysely<ServerDatabase>;

/** Mutations that assign conversations: their push takes the routing lock before the mutator reads anyone's load. */
export const ASSIGNING_MUTATIONS: ReadonlySet<MutatorName> = new Set(['conversation.transfer']);

const parseIds = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/**
 * What only the server does after a transfer, in the push's own transaction (which holds the
 * routing lock): the conversation's clocks follow it, a group transfer is served from the queue
 * as routing serves any — never back to the agent who handed it over, at its original place in
 * the queue — and the customer is told why and how long it will take, in their language, in the
 * widget and through their channel's outbound delivery.
 */
export async function handoffEffects(tx: Db, name: MutatorName, args: unknown, nowIso: string, config: RoutingConfig): Promise<boolean> {
  if (name !== 'conversation.transfer') return false;
  const { id: eventId, conversationId } = args as MutatorArgs<'conversation.transfer'>;
  const work = new RoutingWork(tx, nowIso, config);
  const event = await tx.selectFrom('conversation_events').select(['from_user_id', 'to_user_id', 'to_group_id', 'reason']).where('id', '=', eventId).executeTakeFirstOrThrow();
  await work.ensureLifecycle(conversationId);
  if (event.to_group_id !== null) {
    const lifecycle = await tx.selectFrom('conversation_lifecycle').select(['handed_over_at', 'queued_at', 'missed_by']).where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
    const { created_at } = await tx.selectFrom('conversations').select('created_at').where('id', '=', conversationId).executeTakeFirstOrThrow();
    const notBackTo = [...new Set([...parseIds(lifecycle.missed_by), ...(event.from_user_id ? [event.from_user_id] : [])])];
    await tx
      .updateTable('conversation_lifecycle')
      // A customer already served once keeps the place they reached the humans' queue at.
      .set({ phase: 'human', bot_waiting_since: null, queued_at: lifecycle.handed_over_at ?? lifecycle.queued_at ?? created_at, missed_by: JSON.stringify(notBackTo) })
      .where('conversation_id', '=', conversationId)
      .execute();
    await work.serveQueues();
  } else if (event.to_user_id !== null) {
    await tx.updateTable('conversation_lifecycle').set({ phase: 'human', bot_waiting_since: null, assigned_at: nowIso, sla_reported_at: null }).where('conversation_id', '=', conversationId).execute();
    await tx
      .insertInto('agent_routing')
      .values({ user_id: event.to_user_id, last_assigned_at: nowIso })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ last_assigned_at: nowIso }))
      .execute();
  }

  const { locale } = await work.lifecycle(conversationId);
  const t = texts(locale);
  const current = await tx
    .selectFrom('conversations as c')
    .leftJoin('users as u', 'u.id', 'c.assignee_id')
    .leftJoin('skill_groups as g', 'g.id', 'c.group_id')
    .select(['c.status', 'c.group_id', 'c.priority', 'u.display_name', 'g.name as group_name'])
    .where('c.id', '=', conversationId)
    .executeTakeFirstOrThrow();
  const wait: ExpectedWait =
    current.status === 'active'
      ? { kind: 'agent', agentName: current.display_name ?? '', withinSeconds: Math.round(config.times.firstResponseMs / 1000) }
      : await queuedWait(work, tx, conversationId, current.group_id ?? '', current.priority, config);
  const reason = t.transferReason[(event.reason ?? 'other') as TransferReason] ?? t.transferReason.other;
  await work.say(conversationId, t.transferred(reason, current.status === 'active' ? null : current.group_name, wait), { interaction: false });
  return true;
}

/** The customers served before this one in its group's queue, and the chat places on duty to serve them. */
async function queuedWait(work: RoutingWork, tx: Db, conversationId: string, groupId: string, priority: number, config: RoutingConfig): Promise<ExpectedWait> {
  const queue = await tx
    .selectFrom('conversations as c')
    .innerJoin('conversation_lifecycle as lc', 'lc.conversation_id', 'c.id')
    .select(['c.id', 'c.priority', 'lc.queued_at', 'c.created_at'])
    .where('c.status', '=', 'queued')
    .where('c.group_id', '=', groupId)
    .where('lc.phase', '=', 'human')
    .execute();
  const entries = queue.map((c) => ({ id: c.id, groupId, priority: c.priority, queuedAt: c.queued_at ?? c.created_at }));
  const mine = entries.find((c) => c.id === conversationId) ?? { id: conversationId, groupId, priority, queuedAt: '' };
  const ahead = entries.filter((c) => c.id !== conversationId && queueOrder(c, mine) < 0).length;
  const { missed_by } = await tx.selectFrom('conversation_lifecycle').select('missed_by').where('conversation_id', '=', conversationId).executeTakeFirstOrThrow();
  const notBackTo = new Set(parseIds(missed_by));
  const onDuty = (await work.agents()).filter((a) => a.presence === 'online' && a.groupIds.includes(groupId) && !notBackTo.has(a.userId));
  return expectedQueueWait(ahead, onDuty.reduce((sum, a) => sum + a.maxConcurrent, 0), config.averageHandlingMs);
}
