import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { migrationBefore, replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0009-script-review', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const script = (id: string, status: 'draft' | 'review' | 'published') => ({
    id,
    title: '退款到账时效',
    body: '退款1-3个工作日到账',
    category: 'after_sales' as const,
    stage: null,
    keywords: '["退款"]',
    status,
    version: 1,
    usage_count: 0,
    updated_at: now,
  });

  it('on a replica that never synced, records its scripts as first versions and keeps only the published ones in force', async () => {
    replica = await replicaAt(migrationBefore('0009-script-review'));
    await replica.db.insertInto('scripts').values([script('s1', 'published'), script('s2', 'review')]).execute();
    await replica.db.insertInto('drafts').values({ conversation_id: 'c1', body: '您好', updated_at: now }).execute();
    const result = await replicaMigrator(replica.db).migrateTo('0009-script-review');
    expect(result.error).toBeUndefined();
    expect(await replica.db.selectFrom('script_versions').select(['id', 'status', 'author_id']).orderBy('id').execute()).toEqual([
      { id: 's1@v1', status: 'published', author_id: 'system' },
      { id: 's2@v1', status: 'review', author_id: 'system' },
    ]);
    expect((await replica.db.selectFrom('scripts').select('id').execute()).map((s) => s.id)).toEqual(['s1']);
    expect(await replica.db.selectFrom('drafts').selectAll().execute()).toEqual([{ conversation_id: 'c1', body: '您好', updated_at: now, script_id: null, script_version: null }]);
  });

  it('on a replica that syncs, leaves the versions to the server: an agent’s replica must never hold any', async () => {
    replica = await replicaAt(migrationBefore('0009-script-review'));
    await replica.db.insertInto('scripts').values(script('s1', 'published')).execute();
    await replica.db.insertInto('sync_state').values({ key: 'cursor', value: '42' }).execute();
    expect((await replicaMigrator(replica.db).migrateTo('0009-script-review')).error).toBeUndefined();
    expect(await replica.db.selectFrom('script_versions').selectAll().execute()).toEqual([]);
    expect((await replica.db.selectFrom('scripts').select('id').execute()).map((s) => s.id)).toEqual(['s1']);
  });

  it('records before-images of the new tables and of messages with their script, so a rebase can take a local change back', async () => {
    replica = await replicaAt('0009-script-review');
    await replica.db
      .insertInto('reply_rule_groups')
      .values({ id: 'cold/dont_know', family: 'cold', group_id: 'dont_know', terms: '["不知道"]', except_words: '[]', suggestion_hans: null, suggestion_hant: null, enabled: 1, built_in: 1, version: 1, updated_by: 'u1', updated_at: now })
      .execute();
    await replica.db
      .insertInto('messages')
      .values({ id: 'm1', conversation_id: 'c1', sender_kind: 'agent', sender_id: 'u1', body: '您好', channel: 'web', created_at: now, compliance_overrides: null, script_id: 's1', script_version: 2 })
      .execute();
    await sql`update undo_capture set mutation_seq = 5 where id = 1`.execute(replica.db);
    await replica.db.updateTable('reply_rule_groups').set({ terms: '["不知道","不清楚"]', version: 2 }).execute();
    await replica.db.deleteFrom('messages').where('id', '=', 'm1').execute();
    await replica.db
      .insertInto('script_versions')
      .values({ id: 'v1', script_id: 's1', version: 3, title: 't', body: 'b', category: 'general', stage: null, keywords: '[]', change_note: '', status: 'draft', author_id: 'u2', created_at: now, updated_at: now, submitted_at: null, reviewer_id: null, reviewed_at: null, review_note: null, published_at: null })
      .execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);
    const entries = await replica.db.selectFrom('undo_log').selectAll().orderBy('id').execute();
    expect(entries.map((e) => [e.table_name, e.row_key, e.old_row === null])).toEqual([
      ['reply_rule_groups', JSON.stringify({ id: 'cold/dont_know' }), false],
      ['messages', JSON.stringify({ id: 'm1' }), false],
      ['script_versions', JSON.stringify({ id: 'v1' }), true],
    ]);
    expect(JSON.parse(entries[0]?.old_row ?? '{}')).toMatchObject({ terms: '["不知道"]', version: 1 });
    expect(JSON.parse(entries[1]?.old_row ?? '{}')).toMatchObject({ script_id: 's1', script_version: 2 });
  });

  it('refuses a second version 3 of one script and a status outside the workflow', async () => {
    replica = await replicaAt('0009-script-review');
    const version = { script_id: 's1', version: 3, title: 't', body: 'b', category: 'general' as const, stage: null, keywords: '[]', change_note: '', status: 'draft' as const, author_id: 'u2', created_at: now, updated_at: now, submitted_at: null, reviewer_id: null, reviewed_at: null, review_note: null, published_at: null };
    await replica.db.insertInto('script_versions').values({ ...version, id: 'a' }).execute();
    await expect(replica.db.insertInto('script_versions').values({ ...version, id: 'b' }).execute()).rejects.toThrow(/UNIQUE/);
    await expect(replica.db.insertInto('script_versions').values({ ...version, id: 'c', version: 4, status: 'approved' as never }).execute()).rejects.toThrow(/CHECK/);
  });
});
