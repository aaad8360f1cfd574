import type {
  Channel as MessageChannel,
  ConversationStatus,
  Presence,
  Role,
  SenderKind,
} from '../domain/enums';
import type { ReplyRule } from '../text/reply-rules';
import type { ConversationEventView } from './handoff';

/** What the API returns: camelCase views, JSON columns already parsed. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  agentNo: string;
  role: Role;
  maxConcurrent: number;
  presence: Presence;
}

export interface SessionView {
  user: UserView;
  groups: { id: string; name: string }[];
}

export interface ConversationSummary {
  id: string;
  customerId: string;
  customerName: string;
  customerTags: string[];
  customerValueLevel: number;
  channel: MessageChannel;
  status: ConversationStatus;
  groupName: string | null;
  assigneeId: string | null;
  subject: string;
  lastMessageAt: string;
  lastMessagePreview: string;
  waitingSince: string | null;
  unreadCount: number;
  pendingCount: number;
  /**
   * Where the console shows it: 'slot' the agent's own active chats (a transfer still on its way
   * to the server keeps its slot), 'invited' chats a colleague invited them into, 'queue' their
   * groups' waiting customers, 'ended' closed chats.
   */
  place: 'slot' | 'invited' | 'queue' | 'ended';
  /** A transfer of this chat written here and not yet acknowledged: to whom or where. */
  transferPendingTo: string | null;
  /** Who handed this chat over to its current owner or queue (the latest transfer), null when none. */
  transferredFrom: string | null;
}

export interface MessageView {
  id: string;
  conversationId: string;
  senderKind: SenderKind;
  senderId: string | null;
  senderName: string | null;
  body: string;
  channel: MessageChannel;
  createdAt: string;
  /** Written locally and not yet acknowledged by the server. */
  pending: boolean;
  /** The server refused it; the reason is shown next to the message. */
  rejectedReason: string | null;
  /** Reply-check rules the agent sent this past ("send anyway"); empty when it was sent clean. */
  complianceOverrides: ReplyRule[];
  /** An internal note: agents and supervisors only, never the customer. */
  internal: boolean;
  /** A step of the hand-over history shown in its place in the chat (senderKind 'system'). */
  event: ConversationEventView | null;
}

export interface MessagePage {
  /** Oldest first. */
  messages: MessageView[];
  /** Older messages exist before the first of these. */
  hasOlder: boolean;
}

export interface DraftView {
  conversationId: string;
  body: string;
  updatedAt: string | null;
  /** The script the reply was made from; sent with it so the server counts its use. */
  script: { id: string; version: number } | null;
}

export interface SyncStatusView {
  /** 'local' when no central server is configured (offline demo). */
  connection: 'local' | 'connecting' | 'online' | 'offline' | 'syncing' | 'update_required' | 'unauthorized';
  pendingCount: number;
  rejectedCount: number;
  lastSyncAt: string | null;
  /** First sync of an empty replica: rows received so far and expected in all. */
  bootstrap: { received: number; total: number } | null;
  /** i18n key of the last sync problem, shown next to the state. */
  lastErrorKey: string | null;
}

export interface AppInfoView {
  version: string;
  schemaVersion: string;
  dataDir: string;
}
