import { sql, type Kysely } from 'kysely';

/**
 * The knowledge base's review workflow (SPEC §5, docs/knowledge-base.md) on the domain tables
 * shared by replica (0010) and server (0008). Frozen once released.
 *
 * - `kb_articles` keeps what agents read and search: the published version (or, for an article
 *   never published, its first draft, which agents never receive). New columns schedule its review.
 * - `kb_revisions`: every proposed and every published version of an article, kept for good.
 * - `kb_feedback`: agents telling the reviewers that an answer is wrong or outdated.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function addKbReviewTables(db: Kysely<any>): Promise<void> {
  const text = 'text' as const;
  const int = 'integer' as const;

  await db.schema
    .alterTable('kb_articles')
    .addColumn('review_every_months', int, (c) => c.notNull().defaultTo(1).check(sql`review_every_months between 1 and 24`))
    .execute();
  await db.schema.alterTable('kb_articles').addColumn('review_due_at', text).execute();
  await db.schema.alterTable('kb_articles').addColumn('reviewed_at', text).execute();
  await db.schema.alterTable('kb_articles').addColumn('reviewed_by', text).execute();
  await db.schema.createIndex('kb_articles_review_due').on('kb_articles').columns(['review_due_at']).execute();

  await db.schema
    .createTable('kb_revisions')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('article_id', text, (c) => c.notNull().references('kb_articles.id'))
    // The published version it was written from; 0 for an article's first.
    .addColumn('base_version', int, (c) => c.notNull())
    // Its version number once published; null while open.
    .addColumn('version', int)
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('draft','review','rejected','published')`))
    .addColumn('category_id', text, (c) => c.notNull().references('kb_categories.id'))
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('notes', text, (c) => c.notNull().defaultTo(''))
    .addColumn('links', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('questions', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('change_note', text, (c) => c.notNull().defaultTo(''))
    // Who started it; null for versions written before versioning existed.
    .addColumn('author_id', text)
    // JSON string[]: everyone who wrote any of it; none of them may approve it.
    .addColumn('editors', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('submitted_at', text)
    .addColumn('submitted_by', text)
    .addColumn('decided_at', text)
    .addColumn('decided_by', text)
    // The reviewer's note, the reason of a rejection, or the reason of an urgent update.
    .addColumn('decision_note', text)
    .addColumn('urgent', int, (c) => c.notNull().defaultTo(0).check(sql`urgent in (0, 1)`))
    .addColumn('post_reviewed_at', text)
    .addColumn('post_reviewed_by', text)
    .addColumn('post_review_note', text)
    .execute();
  await db.schema.createIndex('kb_revisions_article').on('kb_revisions').columns(['article_id', 'version']).execute();
  await db.schema.createIndex('kb_revisions_status').on('kb_revisions').columns(['status', 'updated_at']).execute();

  await db.schema
    .createTable('kb_feedback')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('article_id', text, (c) => c.notNull().references('kb_articles.id'))
    .addColumn('article_version', int, (c) => c.notNull())
    .addColumn('kind', text, (c) => c.notNull().check(sql`kind in ('wrong','outdated','unclear','missing')`))
    .addColumn('comment', text, (c) => c.notNull())
    .addColumn('reported_by', text, (c) => c.notNull())
    .addColumn('reported_at', text, (c) => c.notNull())
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('open','fixed','dismissed')`))
    .addColumn('resolved_by', text)
    .addColumn('resolved_at', text)
    .addColumn('resolution_note', text)
    .execute();
  await db.schema.createIndex('kb_feedback_article').on('kb_feedback').columns(['article_id', 'status']).execute();
  await db.schema.createIndex('kb_feedback_status').on('kb_feedback').columns(['status', 'reported_at']).execute();
}
