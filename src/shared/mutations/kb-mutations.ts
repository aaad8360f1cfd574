import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { kbContent, type KbContent } from '../contract/kb-admin';
import type { DomainTables, KbArticlesTable, KbRevisionsTable } from '../db/replica-schema';
import { CONTENT_STATUSES } from '../domain/enums';
import { DEFAULT_REVIEW_EVERY_MONTHS, nextReviewAt, REVIEW_EVERY_MONTHS_MAX } from '../kb/review-schedule';
import {
  confirmUrgentRefusal,
  discardRefusal,
  editRefusal,
  editsKnowledgeBase,
  FEEDBACK_KINDS,
  mayGiveFeedback,
  OPEN_REVISION_STATUSES,
  reviewRefusal,
  submitRefusal,
  UNREVIEWED_REVISION,
  urgentRefusal,
  type RevisionFacts,
} from '../kb/workflow';
import { foldForMatch } from '../text/script-fold';
import { defineMutator, MutationRejected, type MutationActor, type MutationContext } from './define';

/**
 * The knowledge base's review workflow (SPEC §5, docs/knowledge-base.md). `kb_articles` holds what
 * agents read — the published version — and only a publication changes it (while an article was
 * never published it mirrors its first draft, which agents never receive). Everything else happens
 * to the article's one open revision in `kb_revisions`; published revisions are its versions, kept
 * for good. The rules themselves are in src/shared/kb/workflow.ts.
 */

const id = z.string().min(1).max(100);
const note = z.string().trim().max(2000);
const reason = z.string().trim().min(1).max(2000);

type Db = Kysely<DomainTables>;
type Article = Selectable<KbArticlesTable>;
type Revision = Selectable<KbRevisionsTable>;

const rejected = (reasonKey: string): never => {
  throw new MutationRejected(`kb-admin:rejected.${reasonKey}`);
};
const refuse = (refusal: string | null): void => {
  if (refusal !== null) throw new MutationRejected(refusal);
};

const parseIds = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export function revisionFacts(revision: Pick<Revision, 'status' | 'author_id' | 'editors' | 'urgent' | 'post_reviewed_at'>): RevisionFacts {
  return {
    status: revision.status,
    authorId: revision.author_id ?? '',
    editorIds: parseIds(revision.editors),
    urgent: revision.urgent === 1,
    postReviewedAt: revision.post_reviewed_at,
  };
}

const contentColumns = (content: KbContent) => ({
  category_id: content.categoryId,
  title: content.title,
  body: content.body,
  notes: content.notes,
  links: JSON.stringify(content.links),
  questions: JSON.stringify(content.questions),
});

type ContentColumns = ReturnType<typeof contentColumns>;
const sameContent = (a: ContentColumns, b: ContentColumns) =>
  a.category_id === b.category_id && a.title === b.title && a.body === b.body && a.notes === b.notes && a.links === b.links && a.questions === b.questions;
const contentOf = (row: ContentColumns): ContentColumns => ({
  category_id: row.category_id,
  title: row.title,
  body: row.body,
  notes: row.notes,
  links: row.links,
  questions: row.questions,
});

async function loadArticle(db: Db, articleId: string): Promise<Article | undefined> {
  return db.selectFrom('kb_articles').selectAll().where('id', '=', articleId).executeTakeFirst();
}

async function loadRevision(db: Db, revisionId: string): Promise<Revision> {
  const revision = await db.selectFrom('kb_revisions').selectAll().where('id', '=', revisionId).executeTakeFirst();
  return revision ?? rejected('revision_not_found');
}

async function openRevisionOf(db: Db, articleId: string): Promise<Revision | undefined> {
  return db.selectFrom('kb_revisions').selectAll().where('article_id', '=', articleId).where('status', 'in', OPEN_REVISION_STATUSES).executeTakeFirst();
}

async function assertCategory(db: Db, categoryId: string): Promise<void> {
  const category = await db.selectFrom('kb_categories').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!category) rejected('category_not_found');
}

/**
 * Versions published before versioning existed, or on a replica that never received them, have
 * no revision row: the first edit keeps the version it starts from, under an id every replica and
 * the server derive alike, so history starts complete and nothing is stored twice.
 */
async function keepBaseVersion(db: Db, article: Article): Promise<void> {
  if (article.status !== 'published') return;
  const existing = await db.selectFrom('kb_revisions').select('id').where('article_id', '=', article.id).where('version', '=', article.version).executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('kb_revisions')
    .values({
      id: `${article.id}:v${article.version}`,
      article_id: article.id,
      base_version: Math.max(0, article.version - 1),
      version: article.version,
      status: 'published',
      ...contentOf(article),
      change_note: '',
      author_id: null,
      editors: '[]',
      created_at: article.updated_at,
      updated_at: article.updated_at,
      ...UNREVIEWED_REVISION,
      decided_at: article.updated_at,
    })
    .execute();
}

const withEditor = (editors: string, userId: string) => {
  const ids = parseIds(editors);
  return JSON.stringify(ids.includes(userId) ? ids : [...ids, userId]);
};

/** While an article was never published, its row shows its open revision to the editors' lists. */
async function mirrorUnpublished(db: Db, articleId: string, columns: Partial<ContentColumns> & { status?: 'draft' | 'review' }, now: string): Promise<void> {
  await db
    .updateTable('kb_articles')
    .set({ ...columns, updated_at: now })
    .where('id', '=', articleId)
    .where('status', '<>', 'published')
    .execute();
}

interface WriteDraft {
  articleId: string;
  revisionId: string;
  content: KbContent;
  changeNote: string;
}

/**
 * Creates the article if new and writes the content into its open revision (starting one from
 * the published version if there is none), which becomes a draft again. Shared by editing, the
 * urgent path and the import.
 */
async function writeOpenRevision(ctx: MutationContext, args: WriteDraft, refusal: (revision: RevisionFacts | null) => string | null): Promise<{ article: Article; revision: Revision }> {
  const { db, actor, now } = ctx;
  await assertCategory(db, args.content.categoryId);
  const columns = contentColumns(args.content);
  let article = await loadArticle(db, args.articleId);
  if (!article) {
    refuse(refusal(null));
    await db
      .insertInto('kb_articles')
      .values({ id: args.articleId, ...columns, status: 'draft', version: 0, updated_at: now, review_every_months: DEFAULT_REVIEW_EVERY_MONTHS })
      .execute();
    article = await loadArticle(db, args.articleId);
    if (!article) return rejected('article_not_found');
  }
  const open = await openRevisionOf(db, article.id);
  refuse(refusal(open ? revisionFacts(open) : null));
  if (open && open.id !== args.revisionId) rejected('other_open_revision');
  if (open) {
    await db
      .updateTable('kb_revisions')
      .set({ ...columns, change_note: args.changeNote, status: 'draft', editors: withEditor(open.editors, actor.userId), updated_at: now })
      .where('id', '=', open.id)
      .execute();
  } else {
    await keepBaseVersion(db, article);
    await db
      .insertInto('kb_revisions')
      .values({
        id: args.revisionId,
        article_id: article.id,
        base_version: article.status === 'published' ? article.version : 0,
        version: null,
        status: 'draft',
        ...columns,
        change_note: args.changeNote,
        author_id: actor.userId,
        editors: JSON.stringify([actor.userId]),
        created_at: now,
        updated_at: now,
        ...UNREVIEWED_REVISION,
      })
      .execute();
  }
  await mirrorUnpublished(db, article.id, { ...columns, status: 'draft' }, now);
  return { article, revision: await loadRevision(db, args.revisionId) };
}

/** The revision becomes the article's next version: what agents receive and search from now on. */
async function publishRevision(ctx: MutationContext, revision: Revision, decision: { note: string | null; urgent: boolean }): Promise<void> {
  const { db, actor, now } = ctx;
  const article = await loadArticle(db, revision.article_id);
  if (!article) return rejected('article_not_found');
  const current = article.status === 'published' ? article.version : 0;
  // One open revision per article, so this holds unless a version was published around it.
  if (revision.base_version !== current) rejected('stale_revision');
  if (article.status === 'published' && sameContent(contentOf(revision), contentOf(article))) rejected('nothing_changed');
  const version = current + 1;
  await db
    .updateTable('kb_revisions')
    .set({
      status: 'published',
      version,
      decided_at: now,
      decided_by: actor.userId,
      decision_note: decision.note,
      urgent: decision.urgent ? 1 : 0,
      updated_at: now,
    })
    .where('id', '=', revision.id)
    .execute();
  await db
    .updateTable('kb_articles')
    .set({
      ...contentOf(revision),
      status: 'published',
      version,
      updated_at: now,
      reviewed_at: now,
      reviewed_by: actor.userId,
      review_due_at: nextReviewAt(now, article.review_every_months),
    })
    .where('id', '=', article.id)
    .execute();
}

const editorOnly = (actor: MutationActor) => {
  if (!editsKnowledgeBase(actor.role)) rejected('editors_only');
};

/** Category names from the root down, with the id each level gets if it has to be created. */
const importCategory = z.array(z.object({ id, name: z.string().trim().min(1).max(50) })).min(1).max(3);

/** Finds the category path by name, in either script (服务政策 is 服務政策), creating missing levels: admins only. */
async function resolveImportCategory(db: Db, actor: MutationActor, path: z.output<typeof importCategory>): Promise<string> {
  let parentId: string | null = null;
  for (const [index, level] of path.entries()) {
    const parent: string | null = parentId;
    const siblings = await db
      .selectFrom('kb_categories')
      .select(['id', 'name'])
      .where((eb) => (parent === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parent)))
      .orderBy('sort')
      .orderBy('id')
      .execute();
    const existing = siblings.find((s) => foldForMatch(s.name) === foldForMatch(level.name));
    if (existing) {
      parentId = existing.id;
      continue;
    }
    if (actor.role !== 'admin') rejected('category_not_found');
    await db.insertInto('kb_categories').values({ id: level.id, parent_id: parent, name: level.name, level: index + 1, sort: siblings.length }).execute();
    parentId = level.id;
  }
  return parentId ?? rejected('category_not_found');
}

export const kbMutators = {
  'kb.saveDraft': defineMutator({
    args: z.object({ articleId: id, revisionId: id, content: kbContent, changeNote: note.default('') }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply(ctx, args) {
      await writeOpenRevision(ctx, args, (revision) => editRefusal(ctx.actor, revision));
    },
  }),

  'kb.submit': defineMutator({
    args: z.object({ revisionId: id }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply({ db, actor, now }, args) {
      const revision = await loadRevision(db, args.revisionId);
      refuse(submitRefusal(actor, revisionFacts(revision)));
      const article = await loadArticle(db, revision.article_id);
      if (article?.status === 'published' && sameContent(contentOf(revision), contentOf(article))) rejected('nothing_changed');
      await db.updateTable('kb_revisions').set({ status: 'review', submitted_at: now, submitted_by: actor.userId, updated_at: now }).where('id', '=', revision.id).execute();
      await mirrorUnpublished(db, revision.article_id, { status: 'review' }, now);
    },
  }),

  'kb.publish': defineMutator({
    args: z.object({ revisionId: id, note: note.default('') }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply(ctx, args) {
      const revision = await loadRevision(ctx.db, args.revisionId);
      refuse(reviewRefusal(ctx.actor, revisionFacts(revision)));
      await publishRevision(ctx, revision, { note: args.note || null, urgent: false });
    },
  }),

  'kb.reject': defineMutator({
    args: z.object({ revisionId: id, reason }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply({ db, actor, now }, args) {
      const revision = await loadRevision(db, args.revisionId);
      refuse(reviewRefusal(actor, revisionFacts(revision)));
      await db
        .updateTable('kb_revisions')
        .set({ status: 'rejected', decided_at: now, decided_by: actor.userId, decision_note: args.reason, updated_at: now })
        .where('id', '=', revision.id)
        .execute();
      await mirrorUnpublished(db, revision.article_id, { status: 'draft' }, now);
    },
  }),

  /** An admin's fix that cannot wait for the queue: published now, flagged for review after the fact. */
  'kb.urgentPublish': defineMutator({
    args: z.object({ articleId: id, revisionId: id, content: kbContent, reason }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply(ctx, args) {
      const { revision } = await writeOpenRevision(ctx, { ...args, changeNote: args.reason }, (open) => urgentRefusal(ctx.actor, open));
      await publishRevision(ctx, revision, { note: args.reason, urgent: true });
    },
  }),

  'kb.confirmUrgent': defineMutator({
    args: z.object({ revisionId: id, note: note.default('') }),
    writes: ['kb_revisions'],
    async apply({ db, actor, now }, args) {
      const revision = await loadRevision(db, args.revisionId);
      refuse(confirmUrgentRefusal(actor, revisionFacts(revision)));
      await db
        .updateTable('kb_revisions')
        .set({ post_reviewed_at: now, post_reviewed_by: actor.userId, post_review_note: args.note || null, updated_at: now })
        .where('id', '=', revision.id)
        .execute();
    },
  }),

  /** Names the article too: once the draft is gone, the audit trail still files it under its article. */
  'kb.discardDraft': defineMutator({
    args: z.object({ articleId: id, revisionId: id }),
    writes: ['kb_articles', 'kb_revisions'],
    async apply({ db, actor }, args) {
      const revision = await loadRevision(db, args.revisionId);
      if (revision.article_id !== args.articleId) rejected('revision_not_found');
      refuse(discardRefusal(actor, revisionFacts(revision)));
      await db.deleteFrom('kb_revisions').where('id', '=', revision.id).execute();
      // An article that was never published was only this draft.
      const article = await loadArticle(db, revision.article_id);
      if (article && article.status !== 'published') {
        const others = await db.selectFrom('kb_revisions').select('id').where('article_id', '=', article.id).executeTakeFirst();
        if (!others) await db.deleteFrom('kb_articles').where('id', '=', article.id).execute();
      }
    },
  }),

  /** The scheduled review found the article still right: no new version, the next date moves on. */
  'kb.markReviewed': defineMutator({
    args: z.object({ articleId: id, note: note.default('') }),
    writes: ['kb_articles'],
    async apply({ db, actor, now }, args) {
      editorOnly(actor);
      const article = await loadArticle(db, args.articleId);
      if (!article) return rejected('article_not_found');
      if (article.status !== 'published') rejected('not_published');
      await db
        .updateTable('kb_articles')
        .set({ reviewed_at: now, reviewed_by: actor.userId, review_due_at: nextReviewAt(now, article.review_every_months) })
        .where('id', '=', article.id)
        .execute();
    },
  }),

  'kb.setSchedule': defineMutator({
    args: z.object({ articleId: id, everyMonths: z.number().int().min(1).max(REVIEW_EVERY_MONTHS_MAX), dueAt: z.iso.datetime().nullable() }),
    writes: ['kb_articles'],
    async apply({ db, actor }, args) {
      editorOnly(actor);
      const article = await loadArticle(db, args.articleId);
      if (!article) return rejected('article_not_found');
      const dueAt = args.dueAt ?? (article.reviewed_at === null ? null : nextReviewAt(article.reviewed_at, args.everyMonths));
      await db.updateTable('kb_articles').set({ review_every_months: args.everyMonths, review_due_at: dueAt }).where('id', '=', article.id).execute();
    },
  }),

  /**
   * One line of `kb import`: the article lands whole as a draft, submitted for review, or
   * published (admins only) — or not at all. An unchanged article is left as it is.
   */
  'kb.import': defineMutator({
    args: z.object({
      articleId: id,
      revisionId: id,
      category: importCategory,
      content: kbContent.omit({ categoryId: true }),
      status: z.enum(CONTENT_STATUSES),
    }),
    writes: ['kb_articles', 'kb_revisions', 'kb_categories'],
    async apply(ctx, args) {
      const { db, actor } = ctx;
      editorOnly(actor);
      if (args.status === 'published' && actor.role !== 'admin') rejected('publish_admins_only');
      const content: KbContent = { ...args.content, categoryId: await resolveImportCategory(db, actor, args.category) };
      const article = await loadArticle(db, args.articleId);
      const open = article ? await openRevisionOf(db, article.id) : undefined;
      const columns = contentColumns(content);
      if (article && !open && article.status === 'published' && sameContent(columns, contentOf(article))) return;
      if (open && sameContent(columns, contentOf(open)) && (args.status === 'draft' || open.status === args.status)) return;
      // Someone else's draft is theirs to finish or discard; the importer's own is simply updated.
      if (open && open.author_id !== actor.userId) rejected('other_open_revision');
      const { revision } = await writeOpenRevision(ctx, { articleId: args.articleId, revisionId: open?.id ?? args.revisionId, content, changeNote: '' }, (r) => editRefusal(actor, r));
      if (args.status === 'draft') return;
      await ctx.db.updateTable('kb_revisions').set({ status: 'review', submitted_at: ctx.now, submitted_by: actor.userId }).where('id', '=', revision.id).execute();
      await mirrorUnpublished(ctx.db, revision.article_id, { status: 'review' }, ctx.now);
      if (args.status === 'published') await publishRevision(ctx, { ...revision, status: 'review' }, { note: null, urgent: false });
    },
  }),

  'kb.feedback': defineMutator({
    args: z.object({ id, articleId: id, kind: z.enum(FEEDBACK_KINDS), comment: reason }),
    writes: ['kb_feedback'],
    async apply({ db, actor, now }, args) {
      if (!mayGiveFeedback(actor.role)) rejected('feedback_forbidden');
      const article = await loadArticle(db, args.articleId);
      if (!article || article.status !== 'published') return rejected('article_not_found');
      await db
        .insertInto('kb_feedback')
        .values({
          id: args.id,
          article_id: article.id,
          article_version: article.version,
          kind: args.kind,
          comment: args.comment,
          reported_by: actor.userId,
          reported_at: now,
          status: 'open',
          resolved_by: null,
          resolved_at: null,
          resolution_note: null,
        })
        .execute();
    },
  }),

  'kb.resolveFeedback': defineMutator({
    args: z.object({ feedbackId: id, resolution: z.enum(['fixed', 'dismissed']), note: note.default('') }),
    writes: ['kb_feedback'],
    async apply({ db, actor, now }, args) {
      editorOnly(actor);
      const feedback = await db.selectFrom('kb_feedback').select(['status']).where('id', '=', args.feedbackId).executeTakeFirst();
      if (!feedback) return rejected('feedback_not_found');
      if (feedback.status !== 'open') rejected('feedback_closed');
      // Dismissing tells the agent the answer stands: they deserve the reason.
      if (args.resolution === 'dismissed' && args.note === '') rejected('reason_required');
      await db
        .updateTable('kb_feedback')
        .set({ status: args.resolution, resolved_by: actor.userId, resolved_at: now, resolution_note: args.note || null })
        .where('id', '=', args.feedbackId)
        .execute();
    },
  }),
};
