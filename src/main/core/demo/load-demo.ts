import type { Kysely } from 'kysely';
import type { DomainTables, ReplicaDatabase } from '../../../shared/db/replica-schema';
import { DEMO_USER_ID, seedDemoDomain } from '../../../shared/demo/seed-demo';

/**
 * Seeds an empty replica with the demo data set and signs in its demo agent, for working
 * without a server. A replica that already has data is left alone: restarting the demo must
 * never wipe what the user did in it.
 */
export async function loadDemoData(db: Kysely<ReplicaDatabase>, now: Date): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await db.transaction().execute(async (tx) => {
    await seedDemoDomain(tx as unknown as Kysely<DomainTables>, now);
    await tx.insertInto('sync_state').values({ key: 'user_id', value: DEMO_USER_ID }).execute();
  });
  return true;
}
