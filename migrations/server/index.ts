import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';

/**
 * Central server migrations in the order they apply, each written for SQLite and PostgreSQL.
 * Imported statically like the replica's; names sort in application order.
 */
export const serverMigrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
