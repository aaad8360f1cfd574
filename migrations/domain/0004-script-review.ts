import { sql, type Kysely } from 'kysely';

/**
 * The script review workflow, script usage and admin-edited reply rules (SPEC §4, issue #6) on
 * the domain tables shared by replica and server (replica 0009, server 0007). Frozen once released.
 *
 * - `script_versions`: every version of every script, drafts and reviews included. `scripts`
 *   keeps only what agents may use: one row per script in force, holding its published version.
 * - `script_usage`: per script version, how often it was sent and how the chats it was used in
 *   were rated. Written by the server's triggers only (server 0007); replicas read it.
 * - `reply_rule_groups`: an admin's version of one word group of a reply-check rule family,
 *   replacing the built-in group of resources/lexicons/reply-rules.json (or adding a new one).
 * - `messages.script_id`, `messages.script_version`: the script a reply was made from.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function addScriptReviewTables(db: Kysely<any>): Promise<void> {
  const text = 'text' as const;
  const int = 'integer' as const;

  await db.schema
    .createTable('script_versions')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('script_id', text, (c) => c.notNull())
    .addColumn('version', int, (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('title', text, (c) => c.notNull())
    .addColumn('body', text, (c) => c.notNull())
    .addColumn('category', text, (c) => c.notNull())
    .addColumn('stage', text)
    .addColumn('keywords', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('change_note', text, (c) => c.notNull().defaultTo(''))
    .addColumn('status', text, (c) => c.notNull().check(sql`status in ('draft','review','rejected','published','retired')`))
    .addColumn('author_id', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addColumn('submitted_at', text)
    .addColumn('reviewer_id', text)
    .addColumn('reviewed_at', text)
    .addColumn('review_note', text)
    .addColumn('published_at', text)
    .execute();
  // Two workstations starting version 3 of one script offline: the second is refused at push.
  await db.schema.createIndex('script_versions_number').unique().on('script_versions').columns(['script_id', 'version']).execute();
  await db.schema.createIndex('script_versions_status').on('script_versions').columns(['status', 'submitted_at']).execute();

  await db.schema
    .createTable('script_usage')
    // `${script_id}@${version}`: sync keys are text.
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('script_id', text, (c) => c.notNull())
    .addColumn('version', int, (c) => c.notNull())
    .addColumn('uses', int, (c) => c.notNull().defaultTo(0))
    .addColumn('chats', int, (c) => c.notNull().defaultTo(0))
    .addColumn('rated_chats', int, (c) => c.notNull().defaultTo(0))
    .addColumn('good_chats', int, (c) => c.notNull().defaultTo(0))
    .addColumn('last_used_at', text)
    .execute();
  await db.schema.createIndex('script_usage_script').unique().on('script_usage').columns(['script_id', 'version']).execute();

  await db.schema
    .createTable('reply_rule_groups')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('family', text, (c) => c.notNull().check(sql`family in ('absolute_claim','vague','cold','forbidden_when_upset','over_authority')`))
    .addColumn('group_id', text, (c) => c.notNull())
    .addColumn('terms', text, (c) => c.notNull())
    .addColumn('except_words', text, (c) => c.notNull().defaultTo('[]'))
    .addColumn('suggestion_hans', text)
    .addColumn('suggestion_hant', text)
    .addColumn('enabled', int, (c) => c.notNull().defaultTo(1))
    .addColumn('built_in', int, (c) => c.notNull())
    .addColumn('version', int, (c) => c.notNull())
    .addColumn('updated_by', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();

  await db.schema.alterTable('messages').addColumn('script_id', text).execute();
  await db.schema.alterTable('messages').addColumn('script_version', int).execute();
}

/**
 * Every script row becomes its first recorded version, under the author `system`: published
 * scripts stay in force; drafts and reviews leave `scripts` (agents may only use what was
 * approved) and live on as versions in the workflow. Ids are derived, so the server's backfill
 * and a replica's agree.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against whatever schema existed then
export async function backfillScriptVersions(db: Kysely<any>): Promise<void> {
  await sql`insert into script_versions (id, script_id, version, title, body, category, stage, keywords, change_note, status, author_id,
      created_at, updated_at, submitted_at, reviewer_id, reviewed_at, review_note, published_at)
    select s.id || '@v' || s.version, s.id, s.version, s.title, s.body, s.category, s.stage, s.keywords, '', s.status, 'system',
      s.updated_at, s.updated_at, case when s.status = 'review' then s.updated_at end, null, null, null,
      case when s.status = 'published' then s.updated_at end
    from scripts s`.execute(db);
  await sql`delete from scripts where status <> 'published'`.execute(db);
}
