import type { Kysely } from 'kysely';
import type { ReplicaDatabase } from '../../shared/db/replica-schema';

/**
 * Where a user's UI settings (key bindings, theme, font size…) live. The replica's
 * local_settings table by default, which the browser host uses; the Electron shell passes an
 * electron-store one, so settings sit with the app's other preferences and survive a replica
 * reset. Values are JSON text; the settings handlers validate them on the way in and out.
 */
export interface SettingsStore {
  read(userId: string): Promise<Record<string, string>>;
  write(userId: string, entries: Record<string, string>, now: string): Promise<void>;
}

/** Row type of replica migration 0004's table (local-only, never synced). */
interface LocalSettingsTable {
  user_id: string;
  key: string;
  value: string;
  updated_at: string;
}

export function replicaSettingsStore(replica: Kysely<ReplicaDatabase>): SettingsStore {
  const db = replica.withTables<{ local_settings: LocalSettingsTable }>();
  return {
    async read(userId) {
      const rows = await db.selectFrom('local_settings').select(['key', 'value']).where('user_id', '=', userId).execute();
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    async write(userId, entries, now) {
      await db.transaction().execute(async (tx) => {
        for (const [key, value] of Object.entries(entries)) {
          await tx
            .insertInto('local_settings')
            .values({ user_id: userId, key, value, updated_at: now })
            .onConflict((oc) => oc.columns(['user_id', 'key']).doUpdateSet({ value, updated_at: now }))
            .execute();
        }
      });
    },
  };
}
