import { z } from 'zod';
import {
  CHANNELS,
  CONTENT_STATUSES,
  CONVERSATION_STATUSES,
  ORDER_STATUSES,
  ROLES,
  SCRIPT_CATEGORIES,
  SCRIPT_STAGES,
  SENDER_KINDS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
} from './enums';

/**
 * Shape of the demo data set in resources/demo/. Ids are stable strings so that the
 * data set can cross-reference itself; timestamps are minutes relative to "now" at load time
 * (negative = in the past) so a freshly loaded demo always looks live.
 */
const id = z.string().min(1);
const minutesAgo = z.number().int().max(0);

export const demoUserSchema = z.object({
  id,
  username: z.string().min(1),
  displayName: z.string().min(1),
  agentNo: z.string().min(1),
  role: z.enum(ROLES),
  maxConcurrent: z.number().int().min(3).max(5),
  groupIds: z.array(id),
});

export const demoGroupSchema = z.object({
  id,
  name: z.string().min(1),
  /** Intent keywords that route a new conversation to this skill group (SPEC §3). */
  keywords: z.array(z.string()),
});

export const demoCustomerSchema = z.object({
  id,
  name: z.string().min(1),
  phone: z.string().regex(/^1\d{10}$/),
  idNumber: z.string().regex(/^\d{17}[\dX]$/).nullable(),
  address: z.string().nullable(),
  valueLevel: z.number().int().min(1).max(5),
  tags: z.array(z.string().min(1)),
});

export const demoOrderSchema = z.object({
  id,
  customerId: id,
  orderNo: z.string().min(1),
  status: z.enum(ORDER_STATUSES),
  amountFen: z.number().int().nonnegative(),
  items: z.array(z.object({ name: z.string().min(1), quantity: z.number().int().positive() })).min(1),
  placedMinutesAgo: minutesAgo,
});

export const demoMessageSchema = z.object({
  sender: z.enum(SENDER_KINDS),
  /** Required when sender is 'agent'. */
  agentId: id.optional(),
  body: z.string().min(1),
  minutesAgo,
  /** The script an agent's reply was made from (its version in force): the server counts the use. */
  scriptId: id.optional(),
});

export const demoConversationSchema = z.object({
  id,
  customerId: id,
  channel: z.enum(CHANNELS),
  status: z.enum(CONVERSATION_STATUSES),
  groupId: id,
  assigneeId: id.nullable(),
  subject: z.string().min(1),
  messages: z.array(demoMessageSchema).min(1),
});

export const demoTicketCategorySchema: z.ZodType<DemoTicketCategory> = z.lazy(() =>
  z.object({ name: z.string().min(1), children: z.array(demoTicketCategorySchema).optional() }),
);
export interface DemoTicketCategory {
  name: string;
  children?: DemoTicketCategory[] | undefined;
}

export const demoTicketSchema = z.object({
  id,
  number: z.string().min(1),
  customerId: id,
  conversationId: id.nullable(),
  title: z.string().min(1),
  description: z.string(),
  /** Names from the root of the category tree down, e.g. ['訂單服務', '售後問題', '退款申請']. */
  categoryPath: z.array(z.string().min(1)).min(1).max(3),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  assigneeId: id.nullable(),
  createdMinutesAgo: minutesAgo,
});

/** An earlier version of a script, or one being worked on; what it leaves out is as in the script. */
export const demoScriptVersionSchema = z.object({
  title: z.string().min(1).optional(),
  body: z.string().min(1),
  keywords: z.array(z.string()).optional(),
  changeNote: z.string(),
  authorId: id,
  /** Who approved it (earlier versions). */
  reviewerId: id.optional(),
  minutesAgo,
});

/**
 * A script as the library holds it (SPEC §4 review workflow). `status` is that of the version
 * described by the top-level fields: published (in force, after any `history`), or draft /
 * review for a script never published yet. `pending` is a new version being worked on.
 */
export const demoScriptSchema = z.object({
  id,
  title: z.string().min(1),
  /** Placeholders are written {{name}}; see SCRIPT_PLACEHOLDERS (./enums). */
  body: z.string().min(1),
  category: z.enum(SCRIPT_CATEGORIES),
  stage: z.enum(SCRIPT_STAGES).nullable(),
  keywords: z.array(z.string()),
  status: z.enum(CONTENT_STATUSES),
  /** The author of this version; the seeds' templates are the library's ('system') when absent. */
  authorId: id.optional(),
  reviewerId: id.optional(),
  changeNote: z.string().optional(),
  minutesAgo: minutesAgo.optional(),
  /** Earlier published versions, oldest first. */
  history: z.array(demoScriptVersionSchema).optional(),
  pending: demoScriptVersionSchema.extend({ status: z.enum(['draft', 'review', 'rejected']), reviewNote: z.string().optional() }).optional(),
});

export const demoKbCategorySchema: z.ZodType<DemoKbCategory> = z.lazy(() =>
  z.object({ id, name: z.string().min(1), children: z.array(demoKbCategorySchema).optional() }),
);
export interface DemoKbCategory {
  id: string;
  name: string;
  children?: DemoKbCategory[] | undefined;
}

/** Fields of an article that another version of it may differ in. */
const demoKbVersionContent = {
  title: z.string().min(1).optional(),
  body: z.string().min(1).optional(),
  notes: z.string().optional(),
  questions: z.array(z.string().min(1)).optional(),
};

export const demoKbArticleSchema = z.object({
  id,
  categoryId: id,
  title: z.string().min(1),
  body: z.string().min(1),
  notes: z.string(),
  links: z.array(z.object({ title: z.string().min(1), url: z.string().min(1) })),
  questions: z.array(z.string().min(1)),
  /** 'draft' / 'review': never published, the article is its first revision (written by `revision.authorId`). */
  status: z.enum(CONTENT_STATUSES),
  reviewEveryMonths: z.number().int().min(1).max(24).default(1),
  /** The current version was published (or last confirmed) this many days ago; its review falls due a cycle later. */
  reviewedDaysAgo: z.number().int().min(0).default(7),
  /** Versions before the current one, oldest first: what differed and why it changed afterwards. */
  earlierVersions: z.array(z.object({ ...demoKbVersionContent, daysAgo: z.number().int().min(1), changeNote: z.string() })).default([]),
  /** The current version was an admin's urgent update, not reviewed yet. */
  urgentReason: z.string().min(1).optional(),
  /** The article's open revision: a proposed change of a published article, or who wrote an unpublished one. */
  revision: z
    .object({ ...demoKbVersionContent, status: z.enum(['draft', 'review']), authorId: id, changeNote: z.string(), minutesAgo })
    .optional(),
});

export type DemoKbArticle = z.output<typeof demoKbArticleSchema>;

export const demoDataSchema = z.object({
  users: z.array(demoUserSchema).min(1),
  groups: z.array(demoGroupSchema).min(1),
  customers: z.array(demoCustomerSchema).min(1),
  orders: z.array(demoOrderSchema),
  conversations: z.array(demoConversationSchema).min(1),
  ticketCategories: z.array(demoTicketCategorySchema).min(1),
  tickets: z.array(demoTicketSchema),
  scripts: z.array(demoScriptSchema).min(1),
  kbCategories: z.array(demoKbCategorySchema).min(1),
  kbArticles: z.array(demoKbArticleSchema).min(1),
});
export type DemoData = z.infer<typeof demoDataSchema>;
