import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/open-store';
import { postgresSchema, quietLog } from './helpers';

describe.each(['SQLite', 'PostgreSQL'] as const)('server migration 0005-conversation-status-index on %s', (backend) => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof postgresSchema>> | undefined;
  beforeAll(async () => {
    schema = backend === 'PostgreSQL' ? await postgresSchema() : undefined;
    store = await openStore(schema ? { databaseUrl: schema.url } : { sqliteFile: ':memory:' }, quietLog);
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('lets the routing pass find queued and active chats without reading every conversation', async () => {
    if (backend === 'SQLite') {
      const plan = await sql<{ detail: string }>`explain query plan select id from conversations where status = 'queued' and group_id = 'g1'`.execute(store.db);
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING INDEX conversations_status/);
    } else {
      const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'conversations_status' and schemaname = current_schema()`.execute(store.db);
      expect(indexes.rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/\(status, group_id\)/)]);
    }
  });
});
