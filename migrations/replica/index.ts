import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-sync-undo-log';
import * as m0003 from './0003-kb-search';
import * as m0004 from './0004-local-settings';
import * as m0005 from './0005-compliance-overrides';
import * as m0006 from './0006-conversation-priority';
import * as m0007 from './0007-ticket-process';
import * as m0008 from './0008-handoff';
import * as m0009 from './0009-script-review';
import * as m0010 from './0010-kb-review';
import * as m0011 from './0011-ticket-admin';

/**
 * Replica migrations in the order they apply. Imported statically (not read from disk) so
 * the bundled Electron main process carries them; names sort in application order.
 */
export const replicaMigrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-sync-undo-log': m0002,
  '0003-kb-search': m0003,
  '0004-local-settings': m0004,
  '0005-compliance-overrides': m0005,
  '0006-conversation-priority': m0006,
  '0007-ticket-process': m0007,
  '0008-handoff': m0008,
  '0009-script-review': m0009,
  '0010-kb-review': m0010,
  '0011-ticket-admin': m0011,
};
