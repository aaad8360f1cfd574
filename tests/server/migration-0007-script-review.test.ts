import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillScriptVersions } from '../../migrations/domain/0004-script-review';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

const now = '2026-11-22T10:00:00.000Z';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0007-script-review on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
    const { db } = store;
    await db.insertInto('users').values({ id: 'u1', username: 'agent1', display_name: '李婷', agent_no: 'KF1001', role: 'agent', max_concurrent: 4, presence: 'online', updated_at: now }).execute();
    await db.insertInto('customers').values({ id: 'cu1', name: '张伟', phone: null, id_number: null, address: null, value_level: 3, tags: '[]', created_at: now, updated_at: now }).execute();
    for (const id of ['c1', 'c2']) {
      await db
        .insertInto('conversations')
        .values({ id, customer_id: 'cu1', channel: 'web', status: 'closed', group_id: null, assignee_id: 'u1', subject: '退款', created_at: now, updated_at: now, last_message_at: now, last_message_preview: '', waiting_since: null, unread_count: 0, first_response_at: null, closed_at: now })
        .execute();
    }
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  const since = async () => Number((await store.db.selectFrom('change_log').select((eb) => eb.fn.max('change_no').as('max')).executeTakeFirstOrThrow()).max ?? 0);
  const entriesAfter = (from: number) => store.db.selectFrom('change_log').select(['tbl', 'row_id', 'tags']).where('change_no', '>', from).orderBy('change_no').execute();
  const script = (id: string, status: 'draft' | 'review' | 'published', version = 1) => ({
    id,
    title: '退款到账时效',
    body: '退款1-3个工作日到账',
    category: 'after_sales' as const,
    stage: null,
    keywords: '["退款"]',
    status,
    version,
    usage_count: 0,
    updated_at: now,
  });

  it('records existing scripts as their first versions, announced to staff; drafts and reviews leave what agents use', async () => {
    await store.db.insertInto('scripts').values([script('s1', 'published', 3), script('s2', 'review'), script('s3', 'draft')]).execute();
    const from = await since();
    await backfillScriptVersions(store.db);
    const versions = await store.db.selectFrom('script_versions').select(['id', 'script_id', 'version', 'status', 'author_id', 'published_at', 'submitted_at']).orderBy('id').execute();
    expect(versions).toEqual([
      { id: 's1@v3', script_id: 's1', version: 3, status: 'published', author_id: 'system', published_at: now, submitted_at: null },
      { id: 's2@v1', script_id: 's2', version: 1, status: 'review', author_id: 'system', published_at: null, submitted_at: now },
      { id: 's3@v1', script_id: 's3', version: 1, status: 'draft', author_id: 'system', published_at: null, submitted_at: null },
    ]);
    expect((await store.db.selectFrom('scripts').select('id').execute()).map((s) => s.id)).toEqual(['s1']);
    const entries = await entriesAfter(from);
    expect(entries.filter((e) => e.tbl === 'script_versions').map((e) => [e.row_id, e.tags])).toEqual([
      ['s1@v3', '|staff|'],
      ['s2@v1', '|staff|'],
      ['s3@v1', '|staff|'],
    ]);
    expect(entries.filter((e) => e.tbl === 'scripts').map((e) => [e.row_id, e.tags]).sort()).toEqual([
      ['s2', '|staff|'],
      ['s3', '|staff|'],
    ]);
    await expect(store.db.insertInto('script_versions').values({ ...versions[0], id: 'again', title: 't', body: 'b', category: 'general', stage: null, keywords: '[]', change_note: '', created_at: now, updated_at: now, reviewer_id: null, reviewed_at: null, review_note: null } as never).execute()).rejects.toThrow();
  });

  it('counts each message sent with a script once, each chat once, and the chat’s first rating', async () => {
    const message = (id: string, conversationId: string, script: { id: string; version: number } | null) => ({
      id,
      conversation_id: conversationId,
      sender_kind: 'agent' as const,
      sender_id: 'u1',
      body: '退款1-3个工作日到账',
      channel: 'web' as const,
      created_at: now,
      script_id: script?.id ?? null,
      script_version: script?.version ?? null,
    });
    const usage = () => store.db.selectFrom('script_usage').select(['id', 'script_id', 'version', 'uses', 'chats', 'rated_chats', 'good_chats']).orderBy('id').execute();
    const from = await since();
    await store.db.insertInto('messages').values(message('m1', 'c1', { id: 's1', version: 3 })).execute();
    await store.db.insertInto('messages').values(message('m2', 'c1', { id: 's1', version: 3 })).execute();
    await store.db.insertInto('messages').values(message('m3', 'c1', null)).execute();
    await store.db.insertInto('messages').values(message('m4', 'c2', { id: 's1', version: 2 })).execute();
    expect(await usage()).toEqual([
      { id: 's1@2', script_id: 's1', version: 2, uses: 1, chats: 1, rated_chats: 0, good_chats: 0 },
      { id: 's1@3', script_id: 's1', version: 3, uses: 2, chats: 1, rated_chats: 0, good_chats: 0 },
    ]);
    expect((await entriesAfter(from)).filter((e) => e.tbl === 'script_usage').every((e) => e.tags === '|staff|')).toBe(true);

    await store.db.insertInto('csat_responses').values({ conversation_id: 'c1', customer_id: 'cu1', score: 4, created_at: now }).execute();
    await store.db.insertInto('csat_responses').values({ conversation_id: 'c2', customer_id: 'cu1', score: 2, created_at: now }).execute();
    expect(await usage()).toEqual([
      expect.objectContaining({ id: 's1@2', rated_chats: 1, good_chats: 0 }),
      expect.objectContaining({ id: 's1@3', uses: 2, chats: 1, rated_chats: 1, good_chats: 1 }),
    ]);
    // A script first used after the chat was rated counts the rating at once.
    await store.db.insertInto('messages').values(message('m5', 'c1', { id: 's9', version: 1 })).execute();
    expect((await usage()).find((u) => u.id === 's9@1')).toEqual({ id: 's9@1', script_id: 's9', version: 1, uses: 1, chats: 1, rated_chats: 1, good_chats: 1 });
  });

  it('announces reply-rule groups to everyone', async () => {
    const from = await since();
    await store.db
      .insertInto('reply_rule_groups')
      .values({ id: 'cold/dont_know', family: 'cold', group_id: 'dont_know', terms: '["不知道"]', except_words: '[]', suggestion_hans: null, suggestion_hant: null, enabled: 1, built_in: 1, version: 1, updated_by: 'u1', updated_at: now })
      .execute();
    expect(await entriesAfter(from)).toEqual([{ tbl: 'reply_rule_groups', row_id: 'cold/dont_know', tags: '|all|' }]);
    await expect(store.db.updateTable('reply_rule_groups').set({ family: 'privacy' as never }).execute()).rejects.toThrow();
  });
});
