import { z } from 'zod';
import type { Presence, Role } from '../domain/enums';
import { LIMITED_ROLES, MAX_AUTHORITY_FEN, type EffectiveAuthority, type LimitedRole } from '../tickets/authority';
import { CATEGORY_NAME_MAX } from '../tickets/categories';
import { APPROVAL_KINDS, type ApprovalKind } from '../tickets/process';
import type { TicketScriptValues } from '../tickets/script-values';
import { command, query } from './channel';

/**
 * Ticket administration and the ticket work around it (docs/tickets.md): the category taxonomy
 * and authority limits admins keep, the people a ticket can go to, finding a customer for a
 * ticket without a chat, transferring a ticket, and the script values a chat's ticket gives.
 */

const id = z.string().min(1).max(100);

export const categorySaveInput = z.object({
  /** Absent: a new category. */
  id: id.optional(),
  parentId: id.nullable(),
  name: z.string().trim().min(1, 'ticket-admin:errors.category_name_required').max(CATEGORY_NAME_MAX, 'ticket-admin:errors.category_name_too_long'),
  sort: z.number().int().min(0).max(10_000).optional(),
});

export const authorityLimitInput = z.object({
  role: z.enum(LIMITED_ROLES).nullable(),
  userId: id.nullable(),
  kind: z.enum(APPROVAL_KINDS),
  maxFen: z.number().int().min(0, 'ticket-admin:errors.limit_negative').max(MAX_AUTHORITY_FEN, 'ticket-admin:errors.limit_too_large'),
});

export const authorityClearInput = authorityLimitInput.omit({ maxFen: true });

export interface DirectoryUser {
  id: string;
  displayName: string;
  agentNo: string;
  role: Role;
  presence: Presence;
}

export interface AuthorityCell {
  /** This subject's own row, null when it follows the level above. */
  ownFen: number | null;
  effective: EffectiveAuthority;
}

export interface AuthorityOverview {
  roles: { role: LimitedRole; limits: Record<ApprovalKind, AuthorityCell> }[];
  users: (DirectoryUser & { limits: Record<ApprovalKind, AuthorityCell> })[];
}

export interface CustomerSearchResult {
  id: string;
  name: string;
  phoneMasked: string | null;
  valueLevel: number;
  tags: string[];
  /** The newest order's number, to tell namesakes apart. */
  latestOrderNo: string | null;
}

export const CUSTOMER_SEARCH_MAX = 20;

export interface TicketScriptValuesView {
  /** The chat's ticket the values come from; null when the chat has none. */
  ticketId: string | null;
  ticketNumber: string | null;
  values: TicketScriptValues;
}

export const ticketAdminChannels = {
  'ticketCategory.save': command<{ id: string }>()(categorySaveInput),
  'ticketCategory.reorder': command<void>()(z.object({ parentId: id.nullable(), ids: z.array(id).min(1).max(200) })),
  'ticketCategory.setRetired': command<void>()(z.object({ id, retired: z.boolean() })),
  /** Tickets filed under each category, a parent counting its children's; admins see every ticket. */
  'ticketCategory.usage': query<Record<string, number>>()(z.object({}).default({}), ['tickets', 'ticket_categories']),
  'authority.overview': query<AuthorityOverview>()(z.object({}).default({}), ['authority_limits', 'users']),
  'authority.setLimit': command<void>()(authorityLimitInput),
  'authority.clearLimit': command<void>()(authorityClearInput),
  /** Everyone a ticket may be handed to or an audit entry filtered by: names, numbers, roles. */
  'directory.users': query<DirectoryUser[]>()(z.object({}).default({}), ['users']),
  /** Customers in this replica by name, phone (its last four digits or more) or order number. */
  'customer.search': query<CustomerSearchResult[]>()(z.object({ text: z.string().trim().min(1).max(100) }), ['customers', 'orders']),
  'ticket.assign': command<void>()(z.object({ ticketId: id, assigneeId: id, note: z.string().trim().min(1, 'ticket.reason_required').max(2000) })),
  'ticket.scriptValues': query<TicketScriptValuesView>()(z.object({ conversationId: id }), ['tickets', 'ticket_categories', 'orders']),
};
