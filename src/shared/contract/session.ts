import { z } from 'zod';
import { query } from './channel';
import type { AppInfoView, SessionView, SyncStatusView } from './views';

export const sessionChannels = {
  'session.get': query<SessionView>()(z.object({}).default({}), ['users', 'skill_groups', 'group_members', 'sync_state']),
  'sync.status': query<SyncStatusView>()(z.object({}).default({}), ['outbox', 'sync_state']),
  'app.info': query<AppInfoView>()(z.object({}).default({}), []),
};
