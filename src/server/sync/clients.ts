import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import type { Viewer } from './scope';

/**
 * A client id names a replica (one workstation's database), not a user: its outbox seqs run
 * on when another agent signs in on the same workstation, and a retry after the switch must
 * still be recognised as a duplicate. The row remembers who pushed last, for audit.
 */
export async function clientLastSeq(db: Kysely<ServerDatabase>, clientId: string): Promise<number> {
  const row = await db.selectFrom('clients').select('last_seq').where('client_id', '=', clientId).executeTakeFirst();
  return Number(row?.last_seq ?? 0);
}

/**
 * Registers the client on its first push and records who is pushing now. The row is written
 * only when that changes (`updated_at` of an applied push moves with its claim): a write that
 * changes nothing would still cost every push a commit of its own, and with it a disk flush.
 */
export async function registerClient(db: Kysely<ServerDatabase>, clientId: string, viewer: Viewer, nowIso: string): Promise<void> {
  await db
    .insertInto('clients')
    .values({ client_id: clientId, user_id: viewer.userId, last_seq: 0, updated_at: nowIso })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ user_id: viewer.userId, updated_at: nowIso }).where('clients.user_id', '<>', viewer.userId))
    .execute();
}
