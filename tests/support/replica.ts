import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replicaMigrations } from '../../migrations/replica';
import { openReplicaDatabase, replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';

/** A replica at exactly the given migration, for tests that step through the schema's history. */
export async function replicaAt(migrationName: string): Promise<Replica> {
  const replica = openReplicaDatabase({ file: ':memory:' });
  const result = await replicaMigrator(replica.db).migrateTo(migrationName);
  if (result.error) throw result.error;
  return replica;
}

/**
 * The replica migration applied just before `migrationName`: what a migration's test starts
 * from, so that migrations added in between never leave it comparing against an older schema.
 */
export function migrationBefore(migrationName: string): string {
  const names = Object.keys(replicaMigrations);
  const index = names.indexOf(migrationName);
  const previous = names[index - 1];
  if (index < 1 || previous === undefined) throw new Error(`no replica migration before ${migrationName}`);
  return previous;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

export const silentLog = { info: () => {}, warn: () => {}, error: () => {} };
