import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-compliance-overrides';
import * as m0003 from './0003-routing';
import * as m0004 from './0004-ticket-process';
import * as m0005 from './0005-conversation-status-index';
import * as m0006 from './0006-handoff';
import * as m0007 from './0007-script-review';
import * as m0008 from './0008-kb-review';
import * as m0009 from './0009-ticket-admin';

/**
 * Central server migrations in the order they apply, each written for SQLite and PostgreSQL.
 * Imported statically like the replica's; names sort in application order.
 */
export const serverMigrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-compliance-overrides': m0002,
  '0003-routing': m0003,
  '0004-ticket-process': m0004,
  '0005-conversation-status-index': m0005,
  '0006-handoff': m0006,
  '0007-script-review': m0007,
  '0008-kb-review': m0008,
  '0009-ticket-admin': m0009,
};
