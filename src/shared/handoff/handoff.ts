/**
 * Handing a chat over (SPEC §3 轉接, collaboration): the vocabulary shared by the mutators, the
 * server and the console, and the customer's expected wait. Pure, like the routing policy.
 */

/** One step of a chat's hand-over history (conversation_events.kind). */
export const CONVERSATION_EVENT_KINDS = ['transfer', 'invite', 'invite_end', 'sla_missed', 'closed'] as const;
export type ConversationEventKind = (typeof CONVERSATION_EVENT_KINDS)[number];

/**
 * Why a chat is transferred. The customer is told in their own language (server texts); the
 * receiving colleague reads the agent's context note.
 * - specialist: a colleague who knows this kind of problem best
 * - department: another department's business (after-sales, tech support…)
 * - senior: a senior agent or a supervisor must decide
 * - shift_change: the agent's shift ends; someone takes over
 * - other: said to the customer in general words
 */
export const TRANSFER_REASONS = ['specialist', 'department', 'senior', 'shift_change', 'other'] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export const TRANSFER_NOTE_MAX = 1000;
export const INVITE_NOTE_MAX = 500;
/** One line: the returning-customer line shows it whole. */
export const SUMMARY_MAX = 200;
/** Colleagues in one chat at once besides its owner: more voices than this is a meeting, not a chat. */
export const MAX_PARTICIPANTS = 3;

/** Roles a chat may be transferred to or shared with: trainees work in the sandbox, admins do not take chats. */
export const HANDOFF_ROLES = ['agent', 'supervisor'] as const;

/** SPEC §8: average handling time ≤ 8 min; the basis of a queued customer's expected wait. */
export const DEFAULT_AVERAGE_HANDLING_MS = 8 * 60_000;

export type ExpectedWait =
  /** An agent has the chat: they answer within the first-response SLA. */
  | { kind: 'agent'; agentName: string; withinSeconds: number }
  /** Waiting in a group's queue: `ahead` customers before them, about `minutes` minutes. */
  | { kind: 'queue'; ahead: number; minutes: number }
  /** Nobody of the group is on duty: no honest estimate exists. */
  | { kind: 'nobody' };

/**
 * What a queued customer can expect. Every chat place of the group's agents on duty (each agent
 * works several chats at once, up to their own maximum) frees about once per average handling
 * time, so the customer's turn comes when the customers ahead of them and their own place have
 * been worked through at that rate. Rounded up to whole minutes: a promise kept early disappoints
 * nobody.
 */
export function expectedQueueWait(ahead: number, placesOnDuty: number, averageHandlingMs: number = DEFAULT_AVERAGE_HANDLING_MS): ExpectedWait {
  if (placesOnDuty <= 0) return { kind: 'nobody' };
  const minutes = Math.max(1, Math.ceil(((ahead + 1) * averageHandlingMs) / placesOnDuty / 60_000));
  return { kind: 'queue', ahead, minutes };
}
