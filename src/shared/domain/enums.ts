/** Domain vocabularies shared by replica, server and renderer. Values are stored as-is in SQLite. */

export const CHANNELS = ['web', 'app', 'wechat', 'email', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROLES = ['admin', 'supervisor', 'agent', 'trainee'] as const;
export type Role = (typeof ROLES)[number];

export const PRESENCES = ['online', 'busy', 'away', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

export const CONVERSATION_STATUSES = ['queued', 'active', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const SENDER_KINDS = ['customer', 'agent', 'bot', 'system'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

/** 待處理 → 處理中 → 待確認 → 已關閉 (SPEC §6). */
export const TICKET_STATUSES = ['open', 'in_progress', 'awaiting_confirmation', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const SCRIPT_CATEGORIES = ['consult', 'after_sales', 'complaint', 'soothing', 'general'] as const;
export type ScriptCategory = (typeof SCRIPT_CATEGORIES)[number];

export const SCRIPT_STAGES = [
  'opening',
  'clarification',
  'apology_solution',
  'resolved_confirmation',
  'closing',
] as const;
export type ScriptStage = (typeof SCRIPT_STAGES)[number];

/** draft → review → published (SPEC §4, §5). */
export const CONTENT_STATUSES = ['draft', 'review', 'published'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export const ORDER_STATUSES = ['unpaid', 'paid', 'shipped', 'delivered', 'refunding', 'refunded', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Placeholder names a script body may use; filled from the live context (SPEC §4). */
export const SCRIPT_PLACEHOLDERS = [
  'agentName',
  'agentNo',
  'customerName',
  'orderNo',
  'category',
  'errorText',
  'solution',
  'eta',
] as const;
