import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReplicaDatabase, replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';

/** A replica at exactly the given migration, for tests that step through the schema's history. */
export async function replicaAt(migrationName: string): Promise<Replica> {
  const replica = openReplicaDatabase({ file: ':memory:' });
  const result = await replicaMigrator(replica.db).migrateTo(migrationName);
  if (result.error) throw result.error;
  return replica;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

export const silentLog = { info: () => {}, warn: () => {}, error: () => {} };
