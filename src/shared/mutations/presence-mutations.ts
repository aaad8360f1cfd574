import { z } from 'zod';
import { PRESENCES } from '../domain/enums';
import { defineMutator } from './define';

export const presenceMutators = {
  /**
   * An agent sets their own presence (SPEC §3). Only `online` receives new conversations; the
   * server's routing reads the column when it assigns, so going away stops new work at once
   * while the chats already open stay with the agent.
   */
  'presence.set': defineMutator({
    args: z.object({ presence: z.enum(PRESENCES) }),
    writes: ['users'],
    async apply({ db, actor, now }, args) {
      await db.updateTable('users').set({ presence: args.presence, updated_at: now }).where('id', '=', actor.userId).execute();
    },
  }),
};
