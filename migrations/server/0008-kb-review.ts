import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { addKbReviewTables } from '../domain/0005-kb-review';
import { nextReviewAt } from '../../src/shared/kb/review-schedule';

/**
 * The knowledge base's review workflow (SPEC §5, docs/knowledge-base.md), on SQLite and PostgreSQL:
 *
 * - The shared domain changes of migrations/domain/0005 (review schedule, revisions, feedback).
 * - At most one open revision (draft, review, rejected) per article, by a partial unique index:
 *   two supervisors drafting the same article offline cannot both land. Only here: a replica
 *   applying a sync page may briefly hold an old and a new open revision in either order.
 * - Change capture: revisions are staff-only (`staff`), so an agent's replica never receives a
 *   draft; feedback is tagged with its reporter, who sees what became of it. Articles keep 0001's
 *   `pub`/`staff` tags: agents receive exactly the published articles, whatever their revisions do.
 * - Every existing article gets the revision it already is (published: version N, kept as the
 *   start of its history; draft or review: its open revision, the article at version 0), and a
 *   published one is due for review a month after it was last changed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = async (statement: string) => {
    await sql.raw(statement).execute(db);
  };

  await addKbReviewTables(db);
  await run(`create unique index kb_revisions_one_open on kb_revisions (article_id) where status in ('draft', 'review', 'rejected')`);

  const capture = async (table: string, tags: (r: string) => string) => {
    for (const op of ['insert', 'update', 'delete']) {
      const r = op === 'delete' ? 'old' : 'new';
      const all = op === 'update' ? `${tags('old')} || ${tags('new')}` : tags(r);
      const body = `insert into change_log (tbl, row_id, row_id2, tags) values ('${table}', ${r}.id, null, '|' || ${all})`;
      const name = `cs_capture_${table}_${op}`;
      if (sqlite) {
        await run(`create trigger ${name} after ${op} on ${table} for each row begin ${body}; end`);
      } else {
        await run(`create function ${name}() returns trigger language plpgsql as $fn$ begin ${body}; return null; end $fn$`);
        await run(`create trigger ${name} after ${op} on ${table} for each row execute function ${name}()`);
      }
    }
  };
  await capture('kb_revisions', () => `'staff|'`);
  await capture('kb_feedback', (r) => `'u:' || ${r}.reported_by || '|'`);

  const articles = await db.selectFrom('kb_articles').select(['id', 'category_id', 'title', 'body', 'notes', 'links', 'questions', 'status', 'version', 'updated_at']).execute();
  for (const a of articles as { id: string; category_id: string; title: string; body: string; notes: string; links: string; questions: string; status: string; version: number; updated_at: string }[]) {
    const published = a.status === 'published';
    const version = Number(a.version);
    await db
      .insertInto('kb_revisions')
      .values({
        id: published ? `${a.id}:v${version}` : `${a.id}:open`,
        article_id: a.id,
        base_version: published ? version - 1 : 0,
        version: published ? version : null,
        status: published ? 'published' : a.status,
        category_id: a.category_id,
        title: a.title,
        body: a.body,
        notes: a.notes,
        links: a.links,
        questions: a.questions,
        change_note: '',
        author_id: null,
        editors: '[]',
        created_at: a.updated_at,
        updated_at: a.updated_at,
        submitted_at: a.status === 'review' ? a.updated_at : null,
        decided_at: published ? a.updated_at : null,
      })
      .execute();
    await db
      .updateTable('kb_articles')
      .set(published ? { reviewed_at: a.updated_at, review_due_at: nextReviewAt(a.updated_at, 1) } : { version: 0 })
      .where('id', '=', a.id)
      .execute();
  }
}
