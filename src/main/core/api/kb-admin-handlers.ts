import { sql, type Kysely, type Selectable } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { ApiError, type ApiHandlers, type TicketCategoryNode } from '../../../shared/contract';
import type {
  KbAdminArticleDetail,
  KbAdminArticleRow,
  KbAdminFilter,
  KbFeedbackView,
  KbPerson,
  KbReviewQueue,
  KbRevisionView,
} from '../../../shared/contract/kb-admin';
import { KB_ADMIN_LIST_LIMIT } from '../../../shared/contract/kb-admin';
import type { KbArticlesTable, KbRevisionsTable, ReplicaDatabase } from '../../../shared/db/replica-schema';
import { reviewStatus } from '../../../shared/kb/review-schedule';
import { editsKnowledgeBase, OPEN_REVISION_STATUSES, UNREVIEWED_REVISION } from '../../../shared/kb/workflow';
import { foldForMatch } from '../../../shared/text/script-fold';
import { localMutator, parseJsonArray, type HandlerContext } from './context';

type KbAdminHandlers = Pick<
  ApiHandlers,
  | 'kbAdmin.categories'
  | 'kbAdmin.articles'
  | 'kbAdmin.article'
  | 'kbAdmin.queue'
  | 'kbAdmin.saveDraft'
  | 'kbAdmin.submit'
  | 'kbAdmin.publish'
  | 'kbAdmin.reject'
  | 'kbAdmin.urgentPublish'
  | 'kbAdmin.confirmUrgent'
  | 'kbAdmin.discard'
  | 'kbAdmin.markReviewed'
  | 'kbAdmin.setSchedule'
  | 'kbAdmin.resolveFeedback'
  | 'kb.feedback'
  | 'kb.myFeedback'
>;

type Db = Kysely<ReplicaDatabase>;
type Article = Selectable<KbArticlesTable>;
type Revision = Selectable<KbRevisionsTable>;

/** Local changes to an article (or one of its revisions) that the server has not acknowledged. */
const pendingForArticle = (articleRef: string) =>
  sql<number>`exists (select 1 from outbox o where o.status = 'pending' and (json_extract(o.args, '$.articleId') = ${sql.ref(articleRef)}
    or json_extract(o.args, '$.revisionId') in (select v.id from kb_revisions v where v.article_id = ${sql.ref(articleRef)})))`;

function parseLinks(json: string): { title: string; url: string }[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((link: unknown) => {
    if (typeof link !== 'object' || link === null) return [];
    const { title, url } = link as { title?: unknown; url?: unknown };
    return typeof title === 'string' && typeof url === 'string' ? [{ title, url }] : [];
  });
}

interface Lookup {
  person(id: string | null): KbPerson | null;
  path(categoryId: string): string[];
  /** The category and every category below it. */
  subtree(categoryId: string): Set<string>;
  tree: TicketCategoryNode[];
}

async function lookup(db: Db): Promise<Lookup> {
  const [users, categories] = await Promise.all([
    db.selectFrom('users').select(['id', 'display_name']).execute(),
    db.selectFrom('kb_categories').select(['id', 'parent_id', 'name', 'level', 'sort']).orderBy('sort').orderBy('id').execute(),
  ]);
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  const byId = new Map(categories.map((c) => [c.id, c]));
  const paths = new Map<string, string[]>();
  for (const category of categories) {
    const path: string[] = [];
    const seen = new Set<string>();
    for (let node: typeof category | undefined = category; node && !seen.has(node.id); node = node.parent_id ? byId.get(node.parent_id) : undefined) {
      seen.add(node.id);
      path.unshift(node.name);
    }
    paths.set(category.id, path);
  }
  // The ticket tree's shape, so the same category picker serves both; KB categories are never retired.
  const nodes = new Map<string, TicketCategoryNode>(categories.map((c) => [c.id, { id: c.id, name: c.name, level: c.level, sort: c.sort, retired: false, active: true, children: [] }]));
  const tree: TicketCategoryNode[] = [];
  for (const category of categories) {
    const node = nodes.get(category.id);
    if (!node) continue;
    const parent = category.parent_id ? nodes.get(category.parent_id) : undefined;
    (parent ? parent.children : tree).push(node);
  }
  const subtree = (categoryId: string) => {
    const ids = new Set<string>();
    const walk = (node: TicketCategoryNode | undefined) => {
      if (!node || ids.has(node.id)) return;
      ids.add(node.id);
      node.children.forEach(walk);
    };
    walk(nodes.get(categoryId));
    return ids;
  };
  return {
    person: (id) => (id === null ? null : { id, name: names.get(id) ?? null }),
    path: (categoryId) => paths.get(categoryId) ?? [],
    subtree,
    tree,
  };
}

function revisionView(r: Revision, look: Lookup): KbRevisionView {
  return {
    id: r.id,
    articleId: r.article_id,
    baseVersion: r.base_version,
    version: r.version,
    status: r.status,
    categoryId: r.category_id,
    categoryPath: look.path(r.category_id),
    title: r.title,
    body: r.body,
    notes: r.notes,
    links: parseLinks(r.links),
    questions: parseJsonArray(r.questions),
    changeNote: r.change_note,
    author: look.person(r.author_id),
    editors: parseJsonArray(r.editors).flatMap((id) => look.person(id) ?? []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    submittedBy: look.person(r.submitted_by),
    decidedAt: r.decided_at,
    decidedBy: look.person(r.decided_by),
    decisionNote: r.decision_note,
    urgent: r.urgent === 1,
    postReviewedAt: r.post_reviewed_at,
    postReviewedBy: look.person(r.post_reviewed_by),
    postReviewNote: r.post_review_note,
  };
}

/** A published article whose version has no revision row yet (see keepBaseVersion in the mutations). */
function versionFromArticle(a: Article, look: Lookup): KbRevisionView {
  return revisionView(
    {
      id: `${a.id}:v${a.version}`,
      article_id: a.id,
      base_version: Math.max(0, a.version - 1),
      version: a.version,
      status: 'published',
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
      ...UNREVIEWED_REVISION,
      decided_at: a.updated_at,
    },
    look,
  );
}

/** Articles with their open revision, the state of their current version and their open feedback. */
function articleRows(db: Db) {
  return db
    .selectFrom('kb_articles as a')
    .leftJoin('kb_revisions as o', (join) => join.onRef('o.article_id', '=', 'a.id').on('o.status', 'in', OPEN_REVISION_STATUSES))
    .leftJoin('kb_revisions as c', (join) => join.onRef('c.article_id', '=', 'a.id').onRef('c.version', '=', 'a.version').on('c.status', '=', 'published'))
    .select([
      'a.id',
      'a.title',
      'a.category_id',
      'a.status',
      'a.version',
      'a.review_due_at',
      'o.id as open_id',
      'o.status as open_status',
      'o.author_id as open_author',
      'o.updated_at as open_updated_at',
      'o.submitted_at as open_submitted_at',
      'o.submitted_by as open_submitted_by',
      'c.id as current_id',
      'c.urgent as current_urgent',
      'c.post_reviewed_at as current_post_reviewed_at',
      'c.decided_at as current_decided_at',
      'c.decided_by as current_decided_by',
      'c.decision_note as current_decision_note',
      sql<number>`(select count(*) from kb_feedback f where f.article_id = a.id and f.status = 'open')`.as('open_feedback'),
      pendingForArticle('a.id').as('pending'),
    ]);
}

type ArticleRowData = Awaited<ReturnType<ReturnType<typeof articleRows>['execute']>>[number];

function toRow(r: ArticleRowData, look: Lookup, now: Date): KbAdminArticleRow {
  const published = r.status === 'published';
  return {
    id: r.id,
    title: r.title,
    categoryId: r.category_id,
    categoryPath: look.path(r.category_id),
    status: r.status,
    version: published ? r.version : 0,
    reviewDueAt: published ? r.review_due_at : null,
    review: published ? reviewStatus(r.review_due_at, now).state : 'unscheduled',
    openRevision:
      r.open_id !== null && r.open_status !== null && r.open_status !== 'published' && r.open_updated_at !== null
        ? { id: r.open_id, status: r.open_status, author: look.person(r.open_author), updatedAt: r.open_updated_at }
        : null,
    urgentUnconfirmed: published && r.current_urgent === 1 && r.current_post_reviewed_at === null,
    openFeedback: Number(r.open_feedback),
    pending: Boolean(r.pending),
  };
}

function matchesFilter(row: KbAdminArticleRow, filter: KbAdminFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'due':
      return row.review === 'due';
    case 'review':
      return row.openRevision?.status === 'review' || row.urgentUnconfirmed;
    case 'drafts':
      return row.openRevision?.status === 'draft' || row.openRevision?.status === 'rejected';
    case 'feedback':
      return row.openFeedback > 0;
  }
}

async function feedbackViews(db: Db, look: Lookup, where: { articleId?: string; reportedBy?: string; openOnly?: boolean }): Promise<KbFeedbackView[]> {
  const rows = await db
    .selectFrom('kb_feedback as f')
    .leftJoin('kb_articles as a', 'a.id', 'f.article_id')
    .selectAll('f')
    .select([
      'a.title as article_title',
      sql<number>`exists (select 1 from outbox o where o.status = 'pending' and (json_extract(o.args, '$.feedbackId') = f.id
        or (o.name = 'kb.feedback' and json_extract(o.args, '$.id') = f.id)))`.as('pending'),
    ])
    .$if(where.articleId !== undefined, (qb) => qb.where('f.article_id', '=', where.articleId ?? ''))
    .$if(where.reportedBy !== undefined, (qb) => qb.where('f.reported_by', '=', where.reportedBy ?? ''))
    .$if(where.openOnly === true, (qb) => qb.where('f.status', '=', 'open'))
    .orderBy('f.reported_at', 'desc')
    .orderBy('f.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    articleTitle: r.article_title ?? '',
    articleVersion: r.article_version,
    kind: r.kind,
    comment: r.comment,
    reportedBy: look.person(r.reported_by) ?? { id: r.reported_by, name: null },
    reportedAt: r.reported_at,
    status: r.status,
    resolvedBy: look.person(r.resolved_by),
    resolvedAt: r.resolved_at,
    resolutionNote: r.resolution_note,
    pending: Boolean(r.pending),
  }));
}

export function kbAdminHandlers(ctx: HandlerContext): KbAdminHandlers {
  const { db } = ctx;
  const mutate = localMutator(ctx);

  /** The management screens are for the knowledge base's editors; an agent's replica has no drafts anyway. */
  const assertEditor = async () => {
    const actor = await ctx.actor();
    if (!editsKnowledgeBase(actor.role)) throw new ApiError({ code: 'rejected', messageKey: 'kb-admin:rejected.editors_only' });
  };

  const openRevisionId = async (articleId: string | null) => {
    if (articleId === null) return undefined;
    const open = await db.selectFrom('kb_revisions').select('id').where('article_id', '=', articleId).where('status', 'in', OPEN_REVISION_STATUSES).executeTakeFirst();
    return open?.id;
  };

  return {
    async 'kbAdmin.categories'() {
      return (await lookup(db)).tree;
    },

    async 'kbAdmin.articles'({ filter, categoryId, text }) {
      await assertEditor();
      const look = await lookup(db);
      const now = ctx.clock.now();
      const categories = categoryId === null ? null : [...look.subtree(categoryId)];
      const rows = await articleRows(db)
        .$if(categories !== null, (qb) => qb.where('a.category_id', 'in', categories && categories.length > 0 ? categories : ['']))
        .$if(filter === 'due', (qb) => qb.where('a.status', '=', 'published').where('a.review_due_at', '<=', now.toISOString()))
        .execute();
      const needle = foldForMatch(text);
      const list = rows
        .map((r) => toRow(r, look, now))
        .filter((row) => matchesFilter(row, filter) && (needle === '' || foldForMatch(row.title).includes(needle) || row.id.toLowerCase() === needle))
        .sort((a, b) => a.categoryPath.join('\u0000').localeCompare(b.categoryPath.join('\u0000')) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
      return list.slice(0, KB_ADMIN_LIST_LIMIT);
    },

    async 'kbAdmin.article'({ articleId }) {
      await assertEditor();
      const article = await db.selectFrom('kb_articles').selectAll().where('id', '=', articleId).executeTakeFirst();
      if (!article) throw new ApiError({ code: 'not_found', messageKey: 'errors:kb.not_found' });
      const look = await lookup(db);
      const revisions = await db.selectFrom('kb_revisions').selectAll().where('article_id', '=', articleId).execute();
      const published = article.status === 'published';
      const versions = revisions
        .filter((r) => r.status === 'published' && r.version !== null)
        .sort((a, b) => (b.version ?? 0) - (a.version ?? 0))
        .map((r) => revisionView(r, look));
      if (published && !versions.some((v) => v.version === article.version)) versions.unshift(versionFromArticle(article, look));
      const open = revisions.find((r) => (OPEN_REVISION_STATUSES as readonly string[]).includes(r.status));
      const pending = await db.selectFrom('kb_articles as a').select(pendingForArticle('a.id').as('pending')).where('a.id', '=', articleId).executeTakeFirstOrThrow();
      const detail: KbAdminArticleDetail = {
        id: article.id,
        status: article.status,
        version: published ? article.version : 0,
        current: published ? (versions.find((v) => v.version === article.version) ?? null) : null,
        open: open ? revisionView(open, look) : null,
        versions,
        reviewEveryMonths: article.review_every_months,
        reviewDueAt: published ? article.review_due_at : null,
        review: published ? reviewStatus(article.review_due_at, ctx.clock.now()).state : 'unscheduled',
        reviewedAt: article.reviewed_at,
        reviewedBy: look.person(article.reviewed_by),
        feedback: await feedbackViews(db, look, { articleId }),
        pending: Boolean(pending.pending),
      };
      return detail;
    },

    async 'kbAdmin.queue'() {
      await assertEditor();
      const look = await lookup(db);
      const now = ctx.clock.now();
      const rows = (await articleRows(db).execute()).map((r) => ({ data: r, row: toRow(r, look, now) }));
      const queue: KbReviewQueue = {
        inReview: rows
          .filter(({ row }) => row.openRevision?.status === 'review')
          .map(({ data, row }) => ({ ...row, revisionId: data.open_id ?? '', submittedAt: data.open_submitted_at, submittedBy: look.person(data.open_submitted_by) }))
          .sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '')),
        urgent: rows
          .filter(({ row }) => row.urgentUnconfirmed)
          .map(({ data, row }) => ({ ...row, revisionId: data.current_id ?? '', decidedAt: data.current_decided_at, decidedBy: look.person(data.current_decided_by), reason: data.current_decision_note }))
          .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? '')),
        due: rows
          .map(({ row }) => row)
          .filter((row) => row.review === 'due')
          .sort((a, b) => (a.reviewDueAt ?? '').localeCompare(b.reviewDueAt ?? '')),
        feedback: await feedbackViews(db, look, { openOnly: true }),
      };
      return queue;
    },

    async 'kbAdmin.saveDraft'({ articleId, revisionId, content, changeNote }) {
      const ids = { articleId: articleId ?? uuidv7(), revisionId: revisionId ?? (await openRevisionId(articleId)) ?? uuidv7() };
      await mutate('kb.saveDraft', { ...ids, content, changeNote });
      return ids;
    },
    async 'kbAdmin.submit'({ revisionId }) {
      await mutate('kb.submit', { revisionId });
    },
    async 'kbAdmin.publish'({ revisionId, note }) {
      await mutate('kb.publish', { revisionId, note });
    },
    async 'kbAdmin.reject'({ revisionId, reason }) {
      await mutate('kb.reject', { revisionId, reason });
    },
    async 'kbAdmin.urgentPublish'({ articleId, revisionId, content, reason }) {
      const ids = { articleId: articleId ?? uuidv7(), revisionId: revisionId ?? (await openRevisionId(articleId)) ?? uuidv7() };
      await mutate('kb.urgentPublish', { ...ids, content, reason });
      return ids;
    },
    async 'kbAdmin.confirmUrgent'({ revisionId, note }) {
      await mutate('kb.confirmUrgent', { revisionId, note });
    },
    async 'kbAdmin.discard'({ articleId, revisionId }) {
      await mutate('kb.discardDraft', { articleId, revisionId });
    },
    async 'kbAdmin.markReviewed'({ articleId, note }) {
      await mutate('kb.markReviewed', { articleId, note });
    },
    async 'kbAdmin.setSchedule'({ articleId, everyMonths, dueAt }) {
      await mutate('kb.setSchedule', { articleId, everyMonths, dueAt });
    },
    async 'kbAdmin.resolveFeedback'({ feedbackId, resolution, note }) {
      await mutate('kb.resolveFeedback', { feedbackId, resolution, note });
    },

    async 'kb.feedback'({ articleId, kind, comment }) {
      const id = uuidv7();
      await mutate('kb.feedback', { id, articleId, kind, comment });
      return { id };
    },
    async 'kb.myFeedback'({ articleId }) {
      const actor = await ctx.actor();
      return feedbackViews(db, await lookup(db), { articleId, reportedBy: actor.userId });
    },
  };
}
