import packageJson from '../../../../package.json';
import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import { REPLICA_SCHEMA_VERSION } from '../db/open-replica';
import { applyLocalMutation } from '../mutate';
import type { HandlerContext } from './context';

type SessionHandlers = Pick<ApiHandlers, 'session.get' | 'sync.status' | 'sync.now' | 'app.info' | 'presence.set'>;


export function sessionHandlers(ctx: HandlerContext): SessionHandlers {
  const { db } = ctx;
  return {
    async 'session.get'() {
      const { userId } = await ctx.actor();
      const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
      if (!user) throw new ApiError({ code: 'not_found', messageKey: 'errors:session.no_user' });
      const groups = await db
        .selectFrom('group_members as gm')
        .innerJoin('skill_groups as g', 'g.id', 'gm.group_id')
        .select(['g.id', 'g.name'])
        .where('gm.user_id', '=', userId)
        .orderBy('g.name')
        .execute();
      return {
        user: {
          id: user.id,
          username: user.username,
          displayName: user.display_name,
          agentNo: user.agent_no,
          role: user.role,
          maxConcurrent: user.max_concurrent,
          presence: user.presence,
        },
        groups,
      };
    },

    async 'sync.status'() {
      const counts = await db
        .selectFrom('outbox')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('status', '=', 'pending').as('pending'),
          eb.fn.countAll<number>().filterWhere('status', '=', 'rejected').as('rejected'),
        ])
        .executeTakeFirstOrThrow();
      const lastSync = await db.selectFrom('sync_state').select('value').where('key', '=', 'last_sync_at').executeTakeFirst();
      const sync = ctx.syncStatus();
      return {
        connection: sync?.connection ?? 'local',
        pendingCount: Number(counts.pending),
        rejectedCount: Number(counts.rejected),
        lastSyncAt: lastSync?.value ?? null,
        bootstrap: sync?.bootstrap ?? null,
        lastErrorKey: sync?.lastErrorKey ?? null,
      };
    },

    async 'sync.now'() {
      await ctx.syncNow();
    },

    async 'app.info'() {
      return { version: packageJson.version, schemaVersion: REPLICA_SCHEMA_VERSION, dataDir: ctx.dataDir };
    },

    async 'presence.set'({ presence }) {
      const outcome = await applyLocalMutation(db, await ctx.actor(), ctx.clock.now().toISOString(), 'presence.set', { presence });
      ctx.tablesChanged(outcome.tables);
    },
  };
}
