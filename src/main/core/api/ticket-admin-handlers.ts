import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { ApiError, CUSTOMER_SEARCH_MAX, type ApiHandlers, type AuthorityCell, type DirectoryUser } from '../../../shared/contract';
import { maskPhone } from '../../../shared/console/mask';
import { ROLES } from '../../../shared/domain/enums';
import { effectiveAuthority, LIMITED_ROLES, type AuthorityLimitRow } from '../../../shared/tickets/authority';
import { parseStoredDiagnosis } from '../../../shared/tickets/diagnosis';
import { APPROVAL_KINDS, type ApprovalKind } from '../../../shared/tickets/process';
import { ticketScriptValues } from '../../../shared/tickets/script-values';
import { foldForMatch } from '../../../shared/text/script-fold';
import { localMutator, parseJsonArray, type HandlerContext } from './context';

type TicketAdminHandlers = Pick<
  ApiHandlers,
  | 'ticketCategory.save'
  | 'ticketCategory.reorder'
  | 'ticketCategory.setRetired'
  | 'ticketCategory.usage'
  | 'authority.overview'
  | 'authority.setLimit'
  | 'authority.clearLimit'
  | 'directory.users'
  | 'customer.search'
  | 'ticket.assign'
  | 'ticket.scriptValues'
>;

const ROLE_ORDER = new Map(ROLES.map((role, index) => [role, index]));

export function ticketAdminHandlers(ctx: HandlerContext): TicketAdminHandlers {
  const { db } = ctx;
  const mutate = localMutator(ctx);

  const directory = async (): Promise<DirectoryUser[]> => {
    const rows = await db.selectFrom('users').select(['id', 'display_name', 'agent_no', 'role', 'presence']).execute();
    return rows
      .map((r) => ({ id: r.id, displayName: r.display_name, agentNo: r.agent_no, role: r.role, presence: r.presence }))
      .sort((a, b) => (ROLE_ORDER.get(a.role) ?? 0) - (ROLE_ORDER.get(b.role) ?? 0) || a.agentNo.localeCompare(b.agentNo));
  };

  return {
    async 'ticketCategory.save'(input) {
      const id = input.id ?? uuidv7();
      await mutate('ticketCategory.save', { ...input, id });
      return { id };
    },
    async 'ticketCategory.reorder'(input) {
      await mutate('ticketCategory.reorder', input);
    },
    async 'ticketCategory.setRetired'(input) {
      await mutate('ticketCategory.setRetired', input);
    },
    async 'ticketCategory.usage'() {
      const [categories, counts] = await Promise.all([
        db.selectFrom('ticket_categories').select(['id', 'parent_id']).execute(),
        db.selectFrom('tickets').select(['category_id', (eb) => eb.fn.countAll<number>().as('n')]).where('category_id', 'is not', null).groupBy('category_id').execute(),
      ]);
      const parents = new Map(categories.map((c) => [c.id, c.parent_id]));
      const usage: Record<string, number> = {};
      for (const { category_id, n } of counts) {
        // A branch holds what is filed under every category below it.
        for (let node: string | null | undefined = category_id, depth = 0; node && depth < 3; node = parents.get(node), depth++) usage[node] = (usage[node] ?? 0) + Number(n);
      }
      return usage;
    },

    async 'authority.overview'() {
      const [rows, users] = await Promise.all([db.selectFrom('authority_limits').select(['role', 'user_id', 'kind', 'max_fen']).execute(), directory()]);
      const limits: AuthorityLimitRow[] = rows;
      const cells = (subject: { id: string; role: DirectoryUser['role'] }, own: (kind: ApprovalKind) => number | null) =>
        Object.fromEntries(APPROVAL_KINDS.map((kind) => [kind, { ownFen: own(kind), effective: effectiveAuthority(limits, subject, kind) } satisfies AuthorityCell])) as Record<ApprovalKind, AuthorityCell>;
      return {
        roles: LIMITED_ROLES.map((role) => ({
          role,
          // A role's own effective limit: what a member without a row of their own gets.
          limits: cells({ id: '', role }, (kind) => limits.find((r) => r.user_id === null && r.role === role && r.kind === kind)?.max_fen ?? null),
        })),
        users: users
          .filter((u) => u.role !== 'admin')
          .map((u) => ({ ...u, limits: cells(u, (kind) => limits.find((r) => r.user_id === u.id && r.kind === kind)?.max_fen ?? null) })),
      };
    },
    async 'authority.setLimit'(input) {
      await mutate('authority.setLimit', { ...input, id: uuidv7() });
    },
    async 'authority.clearLimit'(input) {
      await mutate('authority.clearLimit', input);
    },

    'directory.users': directory,

    async 'customer.search'({ text }) {
      const words = foldForMatch(text);
      const digits = text.replace(/\D/g, '');
      const rows = await db
        .selectFrom('customers as c')
        .select([
          'c.id',
          'c.name',
          'c.phone',
          'c.value_level',
          'c.tags',
          sql<string | null>`(select o.order_no from orders o where o.customer_id = c.id order by o.placed_at desc limit 1)`.as('latest_order_no'),
        ])
        .execute();
      const orders = digits.length >= 4 ? await db.selectFrom('orders').select(['customer_id', 'order_no']).execute() : [];
      const hits = rows.filter(
        (r) =>
          foldForMatch(r.name).includes(words) ||
          // A caller gives their number or its last four digits; an e-mail quotes an order number.
          (digits.length >= 4 && r.phone !== null && r.phone.replace(/\D/g, '').endsWith(digits)) ||
          (digits.length >= 4 && orders.some((o) => o.customer_id === r.id && o.order_no.includes(digits))),
      );
      return hits.slice(0, CUSTOMER_SEARCH_MAX).map((r) => ({
        id: r.id,
        name: r.name,
        phoneMasked: maskPhone(r.phone),
        valueLevel: r.value_level,
        tags: parseJsonArray(r.tags),
        latestOrderNo: r.latest_order_no,
      }));
    },

    async 'ticket.assign'({ ticketId, assigneeId, note }) {
      const ticket = await db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
      if (!ticket) throw new ApiError({ code: 'not_found', messageKey: 'errors:ticket.not_found' });
      await mutate('ticket.assign', { ticketId, assigneeId, note, eventId: uuidv7() });
    },

    async 'ticket.scriptValues'({ conversationId }) {
      // The chat's open ticket the agent touched last; a closed one only when there is no other.
      const ticket = await db
        .selectFrom('tickets as t')
        .leftJoin('orders as o', 'o.id', 't.order_id')
        .select(['t.id', 't.number', 't.category_id', 't.diagnosis', 'o.order_no'])
        .where('t.conversation_id', '=', conversationId)
        .orderBy(sql`case t.status when 'closed' then 1 else 0 end`)
        .orderBy('t.updated_at', 'desc')
        .executeTakeFirst();
      if (!ticket) return { ticketId: null, ticketNumber: null, values: {} };
      const categories = await db.selectFrom('ticket_categories').select(['id', 'parent_id', 'name']).execute();
      const byId = new Map(categories.map((c) => [c.id, c]));
      const path: string[] = [];
      for (let node = ticket.category_id ? byId.get(ticket.category_id) : undefined; node && path.length < 3; node = node.parent_id ? byId.get(node.parent_id) : undefined) path.unshift(node.name);
      return {
        ticketId: ticket.id,
        ticketNumber: ticket.number,
        values: ticketScriptValues({ diagnosis: parseStoredDiagnosis(ticket.diagnosis), categoryPath: path, orderNo: ticket.order_no }),
      };
    },
  };
}
