import type { Presence } from '../domain/enums';

/**
 * Who takes a conversation, and what the lifecycle clocks say (SPEC §3). Pure: the central
 * server reads the state from its store, asks these functions, and writes the answer back in
 * the same transaction.
 */

export interface AgentLoad {
  userId: string;
  presence: Presence;
  maxConcurrent: number;
  /** Active conversations assigned to the agent right now. */
  active: number;
  groupIds: readonly string[];
  /** When the agent last received a conversation; null: never (idle the longest). */
  lastAssignedAt: string | null;
}

export interface QueuedConversation {
  id: string;
  groupId: string;
  priority: number;
  /** When it entered the group's queue. */
  queuedAt: string;
  /** Agents it must not go to: who let it wait past the SLA, who transferred it away. */
  exclude?: readonly string[];
}

export interface Assignment {
  conversationId: string;
  userId: string;
}

/** Only `online` takes new conversations: busy, away and offline keep what they have, nothing more. */
export const takesNewConversations = (agent: AgentLoad) => agent.presence === 'online' && agent.active < agent.maxConcurrent;

/**
 * The agent of `groupId` who should take the next conversation: available (online, below their
 * own maximum), least loaded first, then idle the longest; `exclude` names agents who must not
 * get it (the one who just let it wait past the SLA).
 */
export function pickAgent(agents: readonly AgentLoad[], groupId: string, exclude: ReadonlySet<string> = new Set()): AgentLoad | null {
  let best: AgentLoad | null = null;
  for (const agent of agents) {
    if (!agent.groupIds.includes(groupId) || exclude.has(agent.userId) || !takesNewConversations(agent)) continue;
    if (!best || compareCandidates(agent, best) < 0) best = agent;
  }
  return best;
}

function compareCandidates(a: AgentLoad, b: AgentLoad): number {
  if (a.active !== b.active) return a.active - b.active;
  if (a.lastAssignedAt !== b.lastAssignedAt) {
    if (a.lastAssignedAt === null) return -1;
    if (b.lastAssignedAt === null) return 1;
    return a.lastAssignedAt < b.lastAssignedAt ? -1 : 1;
  }
  return a.userId.localeCompare(b.userId);
}

/** Queue order: highest priority first, then the longest-waiting. */
export function queueOrder(a: QueuedConversation, b: QueuedConversation): number {
  return b.priority - a.priority || a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id);
}

/**
 * Serves the queues: every queued conversation, in queue order across all groups, goes to the
 * best available agent of its group. `agents` is not modified; the plan accounts for its own
 * assignments (load and idle time) as it goes, so one pass never exceeds anyone's maximum.
 */
export function planAssignments(queue: readonly QueuedConversation[], agents: readonly AgentLoad[], nowIso: string): Assignment[] {
  const working = agents.map((agent) => ({ ...agent }));
  const plan: Assignment[] = [];
  for (const conversation of [...queue].sort(queueOrder)) {
    const agent = pickAgent(working, conversation.groupId, new Set(conversation.exclude ?? []));
    if (!agent) continue;
    agent.active += 1;
    agent.lastAssignedAt = nowIso;
    plan.push({ conversationId: conversation.id, userId: agent.userId });
  }
  return plan;
}

export interface LifecycleTimes {
  /** First response SLA after assignment (SPEC §3: 30 s). */
  firstResponseMs: number;
  /** No interaction for this long ends the session (SPEC §3: 30 min). */
  idleCloseMs: number;
  /** The friendly reminder comes this long before the close, and the customer always gets this long after it. */
  idleWarningMs: number;
  /** A customer message the bot has not answered for this long goes to a human (SPEC §3: 30 s). */
  botAnswerMs: number;
}

export const DEFAULT_LIFECYCLE_TIMES: LifecycleTimes = {
  firstResponseMs: 30_000,
  idleCloseMs: 30 * 60_000,
  idleWarningMs: 2 * 60_000,
  botAnswerMs: 30_000,
};

const ms = (iso: string) => Date.parse(iso);

/** The assignee has not answered within the SLA. */
export function firstResponseOverdue(assignedAt: string, now: string, times: LifecycleTimes): boolean {
  return ms(now) - ms(assignedAt) >= times.firstResponseMs;
}

/**
 * What an idle session needs now. `lastInteractionAt`: the last customer or agent message;
 * `remindedAt`: the last reminder, which counts only if nobody spoke after it. Computed from
 * stored times alone, so a restarted server picks up exactly where it was; a server that was
 * down through both deadlines still reminds first and waits the warning time before closing.
 */
export function idleStep(lastInteractionAt: string, remindedAt: string | null, now: string, times: LifecycleTimes): 'none' | 'remind' | 'close' {
  const idle = ms(now) - ms(lastInteractionAt);
  const reminded = remindedAt !== null && remindedAt >= lastInteractionAt;
  if (!reminded) return idle >= times.idleCloseMs - times.idleWarningMs ? 'remind' : 'none';
  const sinceReminder = ms(now) - ms(remindedAt);
  return idle >= times.idleCloseMs && sinceReminder >= times.idleWarningMs ? 'close' : 'none';
}
