import { z } from 'zod';
import { PRESENCES } from '../domain/enums';
import { command, query } from './channel';
import type { AppInfoView, SessionView, SyncStatusView } from './views';

export const sessionChannels = {
  'session.get': query<SessionView>()(z.object({}).default({}), ['users', 'skill_groups', 'group_members', 'sync_state']),
  'sync.status': query<SyncStatusView>()(z.object({}).default({}), ['outbox', 'sync_state']),
  /** Sync now instead of waiting for the next poke or retry (the status bar's retry). */
  'sync.now': command<void>()(z.object({}).default({})),
  'app.info': query<AppInfoView>()(z.object({}).default({}), []),
  /** The signed-in agent's own presence; only `online` receives new conversations. */
  'presence.set': command<void>()(z.object({ presence: z.enum(PRESENCES) })),
};
