import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0005-compliance-overrides', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const message = (id: string) => ({ id, conversation_id: 'c1', sender_kind: 'agent' as const, sender_id: 'u1', body: '我们是全网最低价', channel: 'web' as const, created_at: now });

  it('adds messages.compliance_overrides, empty for the messages already there', async () => {
    replica = await replicaAt('0004-local-settings');
    await replica.db.insertInto('messages').values(message('m-before')).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0005-compliance-overrides');
    expect(result.error).toBeUndefined();
    await replica.db.insertInto('messages').values({ ...message('m-after'), compliance_overrides: '["absolute_claim"]' }).execute();
    const rows = await replica.db.selectFrom('messages').select(['id', 'compliance_overrides']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'm-after', compliance_overrides: '["absolute_claim"]' },
      { id: 'm-before', compliance_overrides: null },
    ]);
  });

  it('keeps messages append-only', async () => {
    replica = await replicaAt('0005-compliance-overrides');
    await replica.db.insertInto('messages').values({ ...message('m1'), compliance_overrides: '["vague"]' }).execute();
    await expect(replica.db.updateTable('messages').set({ compliance_overrides: null }).execute()).rejects.toThrow(/append-only/);
  });

  it('records the new column in the undo image of a message a captured mutation removes', async () => {
    replica = await replicaAt('0005-compliance-overrides');
    await replica.db.insertInto('messages').values({ ...message('m1'), compliance_overrides: '["over_authority"]' }).execute();
    await sql`update undo_capture set mutation_seq = 3 where id = 1`.execute(replica.db);
    await replica.db.deleteFrom('messages').where('id', '=', 'm1').execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const [entry, ...rest] = await replica.db.selectFrom('undo_log').selectAll().execute();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ mutation_seq: 3, table_name: 'messages', row_key: JSON.stringify({ id: 'm1' }) });
    expect(JSON.parse(entry?.old_row ?? '{}')).toEqual({ ...message('m1'), compliance_overrides: '["over_authority"]' });
  });

  it('recreates only the message update and delete triggers', async () => {
    const triggers = async (r: Replica) =>
      (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(r.db)).rows;
    const before = await replicaAt('0004-local-settings');
    const earlier = await triggers(before);
    await before.close();
    replica = await replicaAt('0005-compliance-overrides');
    const later = await triggers(replica);
    expect(later.map((t) => t.name)).toEqual(earlier.map((t) => t.name));
    const changed = later.filter((t) => earlier.find((e) => e.name === t.name)?.sql !== t.sql).map((t) => t.name);
    expect(changed).toEqual(['undo_messages_delete', 'undo_messages_update']);
  });
});
