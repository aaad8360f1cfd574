import type {
  Channel as MessageChannel,
  ConversationStatus,
  Presence,
  Role,
  SenderKind,
} from '../domain/enums';

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
}

export interface DraftView {
  conversationId: string;
  body: string;
  updatedAt: string | null;
}

export interface SyncStatusView {
  /** 'local' until a central server is configured. */
  connection: 'local' | 'online' | 'offline' | 'syncing';
  pendingCount: number;
  rejectedCount: number;
  lastSyncAt: string | null;
}

export interface AppInfoView {
  version: string;
  schemaVersion: string;
  dataDir: string;
}
