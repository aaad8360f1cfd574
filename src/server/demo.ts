import { sql, type Kysely } from 'kysely';
import type { DomainTables } from '../shared/db/replica-schema';
import { demoData, seedDemoDomain } from '../shared/demo/seed-demo';
import { hashPassword } from './auth/passwords';
import type { Store } from './db/open-store';

/** Every demo user signs in with this password (the Quick start's embedded server only). */
export const DEMO_PASSWORD = 'demo';

/**
 * Seeds an empty store with the demo data set; a store that has users is left alone. Several
 * instances starting together on one PostgreSQL seed it once: the emptiness check and the
 * seeding run under one lock.
 */
export async function seedDemoIfEmpty(store: Store, now: Date): Promise<boolean> {
  const data = demoData();
  // Hashing is slow on purpose: do it before taking the lock, not inside the transaction.
  const hashes = await Promise.all(data.users.map(() => hashPassword(DEMO_PASSWORD)));
  const seeded = await store.db.transaction().execute(async (tx) => {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('cs_demo_seed:' || current_schema()))`.execute(tx);
    if (await tx.selectFrom('users').select('id').limit(1).executeTakeFirst()) return false;
    await seedDemoDomain(tx as unknown as Kysely<DomainTables>, now, data);
    const updatedAt = now.toISOString();
    await tx
      .insertInto('credentials')
      .values(data.users.map((user, i) => ({ user_id: user.id, password_hash: hashes[i] ?? '', updated_at: updatedAt })))
      .execute();
    return true;
  });
  if (seeded) await store.afterWrite();
  return seeded;
}
