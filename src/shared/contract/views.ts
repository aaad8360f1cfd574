import type {
  Channel as MessageChannel,
  ConversationStatus,
  Presence,
  Role,
  SenderKind,
} from '../domain/enums';
import type { ReplyRule } from '../text/reply-rules';

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
