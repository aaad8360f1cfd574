import type { Kysely } from 'kysely';
import type { HandoffDirectoryView } from '../../shared/contract/handoff';
import { HANDOFF_ROLES } from '../../shared/handoff/handoff';
import type { ServerDatabase } from '../db/schema';

/**
 * Whom a chat can go to, right now: every colleague who can take chats (agents and supervisors)
 * with presence and load, and every skill group with its queue and free places. Loads live
 * only here — a replica holds its own user's chats, not its colleagues' — so the console asks.
 */
export async function handoffDirectory(db: Kysely<ServerDatabase>, viewerId: string): Promise<HandoffDirectoryView> {
  const [users, groups, members, loads, queues] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name', 'agent_no', 'role', 'presence', 'max_concurrent']).where('role', 'in', [...HANDOFF_ROLES]).where('id', '<>', viewerId).orderBy('display_name').execute(),
    db.selectFrom('skill_groups').select(['id', 'name']).orderBy('id').execute(),
    db.selectFrom('group_members').select(['group_id', 'user_id']).execute(),
    db
      .selectFrom('conversations')
      .select(['assignee_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
    db
      .selectFrom('conversations')
      .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'queued')
      .where('group_id', 'is not', null)
      .groupBy('group_id')
      .execute(),
  ]);
  const active = new Map(loads.map((l) => [l.assignee_id, Number(l.n)]));
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  // Routing's view of the floor: only agents with presence online take new chats.
  const everyone = await db.selectFrom('users').select(['id', 'role', 'presence', 'max_concurrent']).execute();
  return {
    live: true,
    colleagues: users.map((u) => ({
      id: u.id,
      displayName: u.display_name,
      agentNo: u.agent_no,
      role: u.role,
      presence: u.presence,
      active: active.get(u.id) ?? 0,
      maxConcurrent: u.max_concurrent,
      groups: members.filter((m) => m.user_id === u.id).map((m) => ({ id: m.group_id, name: groupName.get(m.group_id) ?? m.group_id })),
    })),
    groups: groups.map((g) => {
      const online = everyone.filter((u) => u.role === 'agent' && u.presence === 'online' && members.some((m) => m.group_id === g.id && m.user_id === u.id));
      return {
        id: g.id,
        name: g.name,
        queued: Number(queues.find((q) => q.group_id === g.id)?.n ?? 0),
        online: online.length,
        freePlaces: online.reduce((sum, u) => sum + Math.max(0, u.max_concurrent - (active.get(u.id) ?? 0)), 0),
      };
    }),
  };
}
