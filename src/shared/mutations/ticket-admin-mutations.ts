import { z } from 'zod';
import { authorityClearInput, authorityLimitInput, categorySaveInput } from '../contract/ticket-admin';
import { categoryInUse } from '../tickets/categories';
import { defineMutator, MutationRejected, type MutationContext } from './define';

/**
 * What admins configure of the ticket process (SPEC §6): the three-level category taxonomy and
 * the authority limits (權限邊界). Admins only, checked here and so by the server too; every
 * change is audited by the push that applies it.
 */

const id = z.string().min(1).max(100);

function adminOnly({ actor }: MutationContext, messageKey: string): void {
  if (actor.role !== 'admin') throw new MutationRejected(messageKey);
}

async function siblings(ctx: MutationContext, parentId: string | null) {
  return ctx.db
    .selectFrom('ticket_categories')
    .select(['id', 'name', 'sort'])
    .$if(parentId === null, (qb) => qb.where('parent_id', 'is', null))
    .$if(parentId !== null, (qb) => qb.where('parent_id', '=', parentId ?? ''))
    .execute();
}

export const ticketAdminMutators = {
  /**
   * Adds a category, or renames and moves one. A category moves only to another parent on the
   * level its parent is on, so it and its children keep their levels and every ticket filed
   * under them keeps a third-level category. A name is unique among its siblings.
   */
  'ticketCategory.save': defineMutator({
    args: categorySaveInput.extend({ id }),
    writes: ['ticket_categories'],
    async apply(ctx, args) {
      adminOnly(ctx, 'errors:ticket.category_forbidden');
      const { db } = ctx;
      const all = await db.selectFrom('ticket_categories').select(['id', 'parent_id', 'level', 'retired_at']).execute();
      const existing = all.find((c) => c.id === args.id);
      const parent = args.parentId === null ? null : all.find((c) => c.id === args.parentId);
      if (parent === undefined) throw new MutationRejected('errors:ticket.category_not_found');
      const level = parent ? parent.level + 1 : 1;
      if (level > 3) throw new MutationRejected('errors:ticket.category_too_deep');
      const moved = existing !== undefined && existing.parent_id !== args.parentId;
      if (existing && existing.level !== level) throw new MutationRejected('errors:ticket.category_move_forbidden');
      if (parent && (!existing || moved) && !categoryInUse(all, parent.id)) throw new MutationRejected('ticket-admin:errors.category_parent_retired');
      const others = (await siblings(ctx, args.parentId)).filter((s) => s.id !== args.id);
      if (others.some((s) => s.name === args.name)) throw new MutationRejected('ticket-admin:errors.category_duplicate');
      // A new or moved category goes to the end of its new siblings unless told where.
      const sort = args.sort ?? (existing && !moved ? undefined : Math.max(-1, ...others.map((s) => s.sort)) + 1);
      if (existing) {
        await db
          .updateTable('ticket_categories')
          .set({ name: args.name, parent_id: args.parentId, ...(sort === undefined ? {} : { sort }) })
          .where('id', '=', args.id)
          .execute();
      } else {
        await db.insertInto('ticket_categories').values({ id: args.id, parent_id: args.parentId, name: args.name, level, sort: sort ?? 0 }).execute();
      }
    },
  }),

  /** The order of one parent's children; the list must be exactly its children as they are now. */
  'ticketCategory.reorder': defineMutator({
    args: z.object({ parentId: id.nullable(), ids: z.array(id).min(1).max(200) }),
    writes: ['ticket_categories'],
    async apply(ctx, args) {
      adminOnly(ctx, 'errors:ticket.category_forbidden');
      const current = (await siblings(ctx, args.parentId)).map((s) => s.id).sort();
      if (new Set(args.ids).size !== args.ids.length || JSON.stringify([...args.ids].sort()) !== JSON.stringify(current)) {
        throw new MutationRejected('ticket-admin:errors.category_order_stale');
      }
      for (const [index, categoryId] of args.ids.entries()) {
        await ctx.db.updateTable('ticket_categories').set({ sort: index }).where('id', '=', categoryId).execute();
      }
    },
  }),

  /** Retires a category (and so what is below it) for new tickets, or brings it back; nothing is deleted. */
  'ticketCategory.setRetired': defineMutator({
    args: z.object({ id, retired: z.boolean() }),
    writes: ['ticket_categories'],
    async apply(ctx, args) {
      adminOnly(ctx, 'errors:ticket.category_forbidden');
      const category = await ctx.db.selectFrom('ticket_categories').select('retired_at').where('id', '=', args.id).executeTakeFirst();
      if (!category) throw new MutationRejected('errors:ticket.category_not_found');
      if ((category.retired_at !== null) === args.retired) throw new MutationRejected('errors:ticket.nothing_changed');
      await ctx.db.updateTable('ticket_categories').set({ retired_at: args.retired ? ctx.now : null }).where('id', '=', args.id).execute();
    },
  }),

  /**
   * A role's or one user's limit for refunds or coupons. One row per subject and kind: setting it
   * again changes that row, whatever id the caller proposed.
   */
  'authority.setLimit': defineMutator({
    args: authorityLimitInput.extend({ id }),
    writes: ['authority_limits'],
    async apply(ctx, args) {
      adminOnly(ctx, 'errors:authority.forbidden');
      const { db, now } = ctx;
      if ((args.role === null) === (args.userId === null)) throw new MutationRejected('errors:authority.subject_required');
      if (args.userId !== null) {
        const user = await db.selectFrom('users').select('role').where('id', '=', args.userId).executeTakeFirst();
        if (!user) throw new MutationRejected('ticket-admin:errors.user_not_found');
        if (user.role === 'admin') throw new MutationRejected('ticket-admin:errors.admin_unlimited');
      }
      const existing = await db
        .selectFrom('authority_limits')
        .select('id')
        .where('kind', '=', args.kind)
        .$if(args.userId !== null, (qb) => qb.where('user_id', '=', args.userId ?? ''))
        .$if(args.userId === null, (qb) => qb.where('user_id', 'is', null).where('role', '=', args.role ?? 'agent'))
        .executeTakeFirst();
      if (existing) {
        await db.updateTable('authority_limits').set({ max_fen: args.maxFen, updated_at: now }).where('id', '=', existing.id).execute();
      } else {
        await db.insertInto('authority_limits').values({ id: args.id, role: args.role, user_id: args.userId, kind: args.kind, max_fen: args.maxFen, updated_at: now }).execute();
      }
    },
  }),

  /** Back to the role's limit (for a user) or the standard's default (for a role). */
  'authority.clearLimit': defineMutator({
    args: authorityClearInput,
    writes: ['authority_limits'],
    async apply(ctx, args) {
      adminOnly(ctx, 'errors:authority.forbidden');
      if ((args.role === null) === (args.userId === null)) throw new MutationRejected('errors:authority.subject_required');
      const deleted = await ctx.db
        .deleteFrom('authority_limits')
        .where('kind', '=', args.kind)
        .$if(args.userId !== null, (qb) => qb.where('user_id', '=', args.userId ?? ''))
        .$if(args.userId === null, (qb) => qb.where('user_id', 'is', null).where('role', '=', args.role ?? 'agent'))
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw new MutationRejected('ticket-admin:errors.nothing_to_clear');
    },
  }),
};
