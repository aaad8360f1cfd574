import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';

type Db = Kysely<ServerDatabase>;

/** Entries at or below this number have been purged: a cursor older than it cannot be served. */
export async function purgedThrough(db: Db): Promise<number> {
  const row = await db.selectFrom('sync_meta').select('value').where('key', '=', 'purged_through').executeTakeFirstOrThrow();
  return Number(row.value);
}

/**
 * The newest change number a reader may rely on: every entry at or below it is committed and
 * visible (numbers are assigned in commit order), and nothing at or below it can appear later.
 * The purge floor keeps it from going backwards when the whole log has been purged.
 */
export async function highWaterMark(db: Db): Promise<number> {
  const row = await db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirst();
  return Math.max(Number(row?.max ?? 0), await purgedThrough(db));
}

/**
 * Drops entries created before `cutoffMs` (and, since numbers are commit-ordered, every entry
 * numbered below them), and raises the purge floor so older cursors are told to reset.
 */
export async function purgeChangeLog(db: Db, cutoffMs: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('change_log')
      .select((eb) => eb.fn.max('change_no').as('max'))
      .where('created_ms', '<', cutoffMs)
      .executeTakeFirst();
    const through = Number(row?.max ?? 0);
    if (through === 0) return purgedThrough(tx);
    await tx.deleteFrom('change_log').where('change_no', '<=', through).execute();
    await tx.updateTable('sync_meta').set({ value: through }).where('key', '=', 'purged_through').where('value', '<', through).execute();
    return purgedThrough(tx);
  });
}

/** Sessions past their expiry are useless; dropping them keeps the table small. */
export async function purgeExpiredSessions(db: Db, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', nowIso).execute();
}

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL condition: the entry's tags contain at least one of `tags`. */
export function tagsMatch(tags: readonly string[]) {
  return sql<boolean>`(${sql.join(
    tags.map((tag) => sql`change_log.tags like ${`%|${escapeLike(tag)}|%`} escape '\\'`),
    sql` or `,
  )})`;
}
