import { z } from 'zod';
import type { Presence, Role } from '../domain/enums';
import { INVITE_NOTE_MAX, SUMMARY_MAX, TRANSFER_NOTE_MAX, TRANSFER_REASONS, type ConversationEventKind, type TransferReason } from '../handoff/handoff';
import { command, query } from './channel';

/** Handing chats over as the console reads and drives them (SPEC §3 轉接, collaboration; docs/routing.md). */

const id = z.string().min(1).max(100);

export const transferTarget = z.discriminatedUnion('kind', [z.object({ kind: z.literal('agent'), userId: id }), z.object({ kind: z.literal('group'), groupId: id })]);
export type TransferTarget = z.infer<typeof transferTarget>;

export const transferInput = z.object({
  conversationId: id,
  target: transferTarget,
  reason: z.enum(TRANSFER_REASONS),
  /** What the customer wants and what was tried: the receiving colleague reads it first. */
  note: z.string().trim().min(1, 'transfer.note_required').max(TRANSFER_NOTE_MAX, 'transfer.note_too_long'),
});

export const inviteInput = z.object({
  conversationId: id,
  userId: id,
  note: z.string().trim().max(INVITE_NOTE_MAX, 'invite.note_too_long').default(''),
});

export const endInviteInput = z.object({ conversationId: id, userId: id });

export const summaryInput = z.string().trim().min(1, 'summary.required').max(SUMMARY_MAX, 'summary.too_long');

/** A colleague a chat can go to. Load figures come from the server; null when it cannot be asked (offline). */
export interface ColleagueView {
  id: string;
  displayName: string;
  agentNo: string;
  role: Role;
  presence: Presence;
  active: number | null;
  maxConcurrent: number;
  groups: { id: string; name: string }[];
}

export interface GroupView {
  id: string;
  name: string;
  /** Customers waiting in its queue; null offline. */
  queued: number | null;
  /** Members online (taking new chats); null offline. */
  online: number | null;
  /** Free chat places of its online members; null offline. */
  freePlaces: number | null;
}

export interface HandoffDirectoryView {
  colleagues: ColleagueView[];
  groups: GroupView[];
  /** The figures are the server's of just now; false: presence as last synced, loads unknown. */
  live: boolean;
}

export interface ConversationEventView {
  id: string;
  conversationId: string;
  kind: ConversationEventKind;
  actorId: string | null;
  actorName: string | null;
  fromUserId: string | null;
  fromName: string | null;
  toUserId: string | null;
  toName: string | null;
  toGroupId: string | null;
  toGroupName: string | null;
  reason: TransferReason | null;
  note: string | null;
  createdAt: string;
  /** Written here and not yet acknowledged by the server. */
  pending: boolean;
}

export interface ParticipantView {
  id: string;
  userId: string;
  displayName: string;
  presence: Presence;
  invitedById: string;
  invitedByName: string | null;
  note: string;
  invitedAt: string;
  pending: boolean;
}

/** A hand-over of this chat the server refused: the chat came back, and this says why. */
export interface RefusedHandoffView {
  name: 'conversation.transfer' | 'conversation.invite' | 'conversation.endInvite';
  /** Whom or where it was meant for. */
  targetName: string | null;
  messageKey: string;
  createdAt: string;
}

export interface ConversationHandoffView {
  conversationId: string;
  /** owner: the chat's assignee; invitee: invited in (writes internal notes); lead: a supervisor looking on; viewer: anyone else. */
  role: 'owner' | 'invitee' | 'lead' | 'viewer';
  ownerId: string | null;
  ownerName: string | null;
  /** The transfer that brought the chat to its current owner or queue, with the context note: shown at the top of the chat. */
  arrival: ConversationEventView | null;
  /** A transfer of this chat written here and still on its way to the server. */
  pendingTransfer: ConversationEventView | null;
  /** Colleagues in the chat now. */
  participants: ParticipantView[];
  /** My own open invitation, for an invitee. */
  invitation: ParticipantView | null;
  refused: RefusedHandoffView[];
  summary: string | null;
}

/** What the wrap-up starts from (Alt+X): the chat's topic, the detected intent and its tickets. */
export interface WrapUpDraft {
  conversationId: string;
  subject: string;
  intent: string | null;
  tickets: { id: string; number: string | null; title: string; status: string }[];
}

/** A first response missed past the SLA, for supervisors' notices and the process monitor. */
export interface SlaMissView {
  id: string;
  conversationId: string;
  customerName: string;
  subject: string;
  missedById: string | null;
  missedByName: string | null;
  reassignedToName: string | null;
  createdAt: string;
}

const handoffTables = ['conversations', 'conversation_events', 'conversation_participants', 'users', 'skill_groups', 'outbox'] as const;

export const handoffChannels = {
  /** Colleagues and groups with presence and load (asked from the server; offline: as last synced, loads unknown). */
  'handoff.directory': query<HandoffDirectoryView>()(z.object({}).default({}), ['users', 'skill_groups', 'group_members', 'conversations']),
  'conversation.handoff': query<ConversationHandoffView>()(z.object({ conversationId: id }), handoffTables),
  'conversation.transfer': command<{ id: string }>()(transferInput),
  'conversation.invite': command<{ id: string }>()(inviteInput),
  'conversation.endInvite': command<void>()(endInviteInput),
  'conversation.wrapUp': query<WrapUpDraft>()(z.object({ conversationId: id }), ['conversations', 'messages', 'tickets']),
  /** Recent first-response misses (supervisors: all; others: their own chats'). */
  'handoff.slaMisses': query<SlaMissView[]>()(z.object({}).default({}), ['conversation_events', 'conversations', 'customers', 'users']),
};
