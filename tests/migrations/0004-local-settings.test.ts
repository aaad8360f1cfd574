import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0004-local-settings', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const settings = () => replica.db.withTables<{ local_settings: { user_id: string; key: string; value: string; updated_at: string } }>();

  it('creates local_settings keyed by user and setting', async () => {
    replica = await replicaAt('0004-local-settings');
    const columns = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info('local_settings') order by cid`.execute(replica.db);
    expect(columns.rows).toEqual([
      { name: 'user_id', pk: 1 },
      { name: 'key', pk: 2 },
      { name: 'value', pk: 0 },
      { name: 'updated_at', pk: 0 },
    ]);
  });

  it('holds one value per user and setting, and the same setting for different users', async () => {
    replica = await replicaAt('0004-local-settings');
    const db = settings();
    await db.insertInto('local_settings').values({ user_id: 'u1', key: 'fontSize', value: '16', updated_at: now }).execute();
    await db.insertInto('local_settings').values({ user_id: 'u2', key: 'fontSize', value: '14', updated_at: now }).execute();
    await expect(db.insertInto('local_settings').values({ user_id: 'u1', key: 'fontSize', value: '18', updated_at: now }).execute()).rejects.toThrow(/UNIQUE/);
  });

  it('refuses a value that is not JSON', async () => {
    replica = await replicaAt('0004-local-settings');
    await expect(settings().insertInto('local_settings').values({ user_id: 'u1', key: 'theme', value: 'dark', updated_at: now }).execute()).rejects.toThrow(/CHECK/);
  });

  it('leaves the tables of earlier migrations as they were', async () => {
    replica = await replicaAt('0004-local-settings');
    await replica.db.insertInto('drafts').values({ conversation_id: 'c1', body: '您好', updated_at: now }).execute();
    const draft = await replica.db.selectFrom('drafts').select('body').executeTakeFirstOrThrow();
    expect(draft.body).toBe('您好');
  });
});
