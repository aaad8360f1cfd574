import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';

/**
 * Replica migrations in the order they apply. Imported statically (not read from disk) so
 * the bundled Electron main process carries them; names sort in application order.
 */
export const replicaMigrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
