import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { replicaMigrator, type Replica } from '../../src/main/core/db/open-replica';
import { migrationBefore, replicaAt } from '../support/replica';

const now = '2026-11-22T10:00:00.000Z';

describe('replica migration 0011-ticket-admin', () => {
  let replica: Replica;
  afterEach(async () => replica.close());

  const deadline = (kind: string) => ({
    id: `t1:${kind}`,
    ticket_id: 't1',
    kind: kind as 'pool_l2_feedback',
    started_at: now,
    due_at: now,
    warn_at: now,
    warned_at: null,
    breached_at: null,
    met_at: null,
    updated_at: now,
  });
  const conversation = {
    id: 'c1',
    customer_id: 'cu1',
    channel: 'wechat' as const,
    status: 'closed' as const,
    group_id: null,
    assignee_id: 'u1',
    subject: '退款',
    created_at: now,
    updated_at: now,
    last_message_at: now,
    last_message_preview: '',
    waiting_since: null,
    unread_count: 0,
    first_response_at: null,
    closed_at: now,
  };

  it('keeps categories in use, gives running clocks the standard’s milestone and chats no score yet', async () => {
    replica = await replicaAt(migrationBefore('0011-ticket-admin'));
    await replica.db.insertInto('ticket_categories').values({ id: 'tc-1', parent_id: null, name: '訂單服務', level: 1, sort: 0 }).execute();
    await replica.db.insertInto('ticket_deadlines').values([deadline('pool_l2_feedback'), deadline('pool_l3_temporary_solution')]).execute();
    await replica.db.insertInto('conversations').values(conversation).execute();
    expect((await replicaMigrator(replica.db).migrateTo('0011-ticket-admin')).error).toBeUndefined();

    expect(await replica.db.selectFrom('ticket_categories').select(['id', 'retired_at']).execute()).toEqual([{ id: 'tc-1', retired_at: null }]);
    expect(await replica.db.selectFrom('ticket_deadlines').select(['kind', 'met_by']).orderBy('kind').execute()).toEqual([
      { kind: 'pool_l2_feedback', met_by: 'progress_feedback' },
      { kind: 'pool_l3_temporary_solution', met_by: 'temporary_solution' },
    ]);
    expect(await replica.db.selectFrom('conversations').select('csat_score').execute()).toEqual([{ csat_score: null }]);
  });

  it('records the new columns in the undo images, so a rebase restores a retired category, a clock’s milestone and a chat’s score', async () => {
    replica = await replicaAt('0011-ticket-admin');
    await replica.db.insertInto('ticket_categories').values({ id: 'tc-1', parent_id: null, name: '訂單服務', level: 1, sort: 0, retired_at: now }).execute();
    await replica.db.insertInto('ticket_deadlines').values({ ...deadline('pool_l2_feedback'), met_by: 'progress_feedback' }).execute();
    await replica.db.insertInto('conversations').values({ ...conversation, csat_score: 5 }).execute();
    await sql`update undo_capture set mutation_seq = 3 where id = 1`.execute(replica.db);
    await replica.db.updateTable('ticket_categories').set({ retired_at: null }).execute();
    await replica.db.updateTable('ticket_deadlines').set({ met_at: now }).execute();
    await replica.db.deleteFrom('conversations').execute();
    await sql`update undo_capture set mutation_seq = null where id = 1`.execute(replica.db);

    const images = (await replica.db.selectFrom('undo_log').select(['table_name', 'old_row']).orderBy('id').execute()).map((e) => [e.table_name, JSON.parse(e.old_row ?? '{}')]);
    expect(images).toEqual([
      ['ticket_categories', expect.objectContaining({ id: 'tc-1', retired_at: now })],
      ['ticket_deadlines', expect.objectContaining({ id: 't1:pool_l2_feedback', met_by: 'progress_feedback', met_at: null })],
      ['conversations', expect.objectContaining({ id: 'c1', csat_score: 5, priority: 0 })],
    ]);
  });

  it('recreates only the update and delete undo triggers of the three tables', async () => {
    const triggers = async (r: Replica) => (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by name`.execute(r.db)).rows;
    const before = await replicaAt(migrationBefore('0011-ticket-admin'));
    const earlier = await triggers(before);
    await before.close();
    replica = await replicaAt('0011-ticket-admin');
    const later = await triggers(replica);
    expect(later.map((t) => t.name)).toEqual(earlier.map((t) => t.name));
    const changed = later.filter((t) => earlier.find((e) => e.name === t.name)?.sql !== t.sql).map((t) => t.name);
    expect(changed.sort()).toEqual(
      ['undo_conversations_delete', 'undo_conversations_update', 'undo_ticket_categories_delete', 'undo_ticket_categories_update', 'undo_ticket_deadlines_delete', 'undo_ticket_deadlines_update'].sort(),
    );
  });
});
