import { z } from 'zod';
import type { ContentStatus } from '../domain/enums';
import { REVIEW_EVERY_MONTHS_MAX, type ReviewState } from '../kb/review-schedule';
import { FEEDBACK_KINDS, type FeedbackKind, type FeedbackStatus, type RevisionStatus } from '../kb/workflow';
import { command, query } from './channel';
import { KB_ADMIN_FILTERS, KB_BODY_MAX, KB_LINK_URL, KB_LIST_MAX, KB_NOTE_MAX, KB_NOTES_MAX, KB_TITLE_MAX } from './values';
import type { TicketCategoryNode } from './tickets';

/**
 * Managing the knowledge base (SPEC §5, docs/knowledge-base.md): drafts, the review queue,
 * versions, the review schedule and agents' feedback. Queries read the replica, commands are
 * mutations (src/shared/mutations/kb-mutations.ts) the server enforces by role.
 */

export { KB_ADMIN_FILTERS, KB_ADMIN_LIST_LIMIT, KB_BODY_MAX, KB_LINK_URL, KB_LIST_MAX, KB_NOTE_MAX, KB_NOTES_MAX, KB_TITLE_MAX, type KbAdminFilter } from './values';

const id = z.string().min(1).max(100);

const line = (max: number) => z.string().trim().min(1).max(max);
export const kbLink = z.object({ title: line(KB_TITLE_MAX), url: line(2_000).regex(KB_LINK_URL, 'kb-admin:invalid.link_url') });

/** What an editor writes: everything of an article but its identity. */
export const kbContent = z.object({
  categoryId: id,
  title: line(KB_TITLE_MAX),
  body: line(KB_BODY_MAX),
  notes: z.string().trim().max(KB_NOTES_MAX).default(''),
  links: z.array(kbLink).max(KB_LIST_MAX).default([]),
  questions: z.array(line(KB_TITLE_MAX)).max(KB_LIST_MAX).default([]),
});
export type KbContent = z.output<typeof kbContent>;

const note = z.string().trim().max(KB_NOTE_MAX);
const reason = z.string().trim().min(1, 'kb-admin:invalid.reason_required').max(KB_NOTE_MAX);

export interface KbPerson {
  id: string;
  name: string | null;
}

export interface KbOpenRevisionSummary {
  id: string;
  status: Exclude<RevisionStatus, 'published'>;
  author: KbPerson | null;
  updatedAt: string;
}

/** One line of the management list. */
export interface KbAdminArticleRow {
  id: string;
  title: string;
  categoryId: string;
  categoryPath: string[];
  /** 'published' once any version is: what agents read. */
  status: ContentStatus;
  /** The published version; 0 while never published. */
  version: number;
  reviewDueAt: string | null;
  review: ReviewState;
  openRevision: KbOpenRevisionSummary | null;
  /** The current version was an urgent update nobody has reviewed yet. */
  urgentUnconfirmed: boolean;
  openFeedback: number;
  /** Local changes not yet acknowledged by the server. */
  pending: boolean;
}

export interface KbRevisionView extends KbContent {
  id: string;
  articleId: string;
  baseVersion: number;
  version: number | null;
  status: RevisionStatus;
  categoryPath: string[];
  changeNote: string;
  author: KbPerson | null;
  editors: KbPerson[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  submittedBy: KbPerson | null;
  decidedAt: string | null;
  decidedBy: KbPerson | null;
  decisionNote: string | null;
  urgent: boolean;
  postReviewedAt: string | null;
  postReviewedBy: KbPerson | null;
  postReviewNote: string | null;
}

export interface KbFeedbackView {
  id: string;
  articleId: string;
  articleTitle: string;
  articleVersion: number;
  kind: FeedbackKind;
  comment: string;
  reportedBy: KbPerson;
  reportedAt: string;
  status: FeedbackStatus;
  resolvedBy: KbPerson | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  pending: boolean;
}

export interface KbAdminArticleDetail {
  id: string;
  status: ContentStatus;
  version: number;
  /** What agents read now; null while never published. */
  current: KbRevisionView | null;
  /** The one draft, revision in review or rejected revision, if any. */
  open: KbRevisionView | null;
  /** Every published version, newest first. */
  versions: KbRevisionView[];
  reviewEveryMonths: number;
  reviewDueAt: string | null;
  review: ReviewState;
  reviewedAt: string | null;
  reviewedBy: KbPerson | null;
  feedback: KbFeedbackView[];
  pending: boolean;
}

export interface KbReviewQueue {
  /** Submitted revisions, oldest first. */
  inReview: (KbAdminArticleRow & { revisionId: string; submittedAt: string | null; submittedBy: KbPerson | null })[];
  /** Urgent updates published without review, waiting for someone to confirm them. */
  urgent: (KbAdminArticleRow & { revisionId: string; decidedAt: string | null; decidedBy: KbPerson | null; reason: string | null })[];
  /** Published articles past their review date, most overdue first. */
  due: KbAdminArticleRow[];
  feedback: KbFeedbackView[];
}

const kbTables = ['kb_articles', 'kb_revisions', 'kb_categories', 'kb_feedback', 'users', 'outbox'] as const;

export const kbAdminChannels = {
  'kbAdmin.categories': query<TicketCategoryNode[]>()(z.object({}).default({}), ['kb_categories']),
  /** Supervisors and admins: articles by category (its whole subtree), filter and title text. */
  'kbAdmin.articles': query<KbAdminArticleRow[]>()(
    z
      .object({
        filter: z.enum(KB_ADMIN_FILTERS).default('all'),
        categoryId: id.nullable().default(null),
        text: z.string().trim().max(100).default(''),
      })
      .default({ filter: 'all', categoryId: null, text: '' }),
    kbTables,
  ),
  'kbAdmin.article': query<KbAdminArticleDetail>()(z.object({ articleId: id }), kbTables),
  'kbAdmin.queue': query<KbReviewQueue>()(z.object({}).default({}), kbTables),

  /** Starts or continues the article's open revision; a new article when articleId is null. */
  'kbAdmin.saveDraft': command<{ articleId: string; revisionId: string }>()(
    z.object({ articleId: id.nullable(), revisionId: id.nullable(), content: kbContent, changeNote: note.default('') }),
  ),
  'kbAdmin.submit': command<void>()(z.object({ revisionId: id })),
  'kbAdmin.publish': command<void>()(z.object({ revisionId: id, note: note.default('') })),
  'kbAdmin.reject': command<void>()(z.object({ revisionId: id, reason })),
  /** Admins: publish at once, skipping the queue; reviewed after the fact. */
  'kbAdmin.urgentPublish': command<{ articleId: string; revisionId: string }>()(
    z.object({ articleId: id.nullable(), revisionId: id.nullable(), content: kbContent, reason }),
  ),
  'kbAdmin.confirmUrgent': command<void>()(z.object({ revisionId: id, note: note.default('') })),
  'kbAdmin.discard': command<void>()(z.object({ articleId: id, revisionId: id })),
  /** The scheduled review found the article still right: the next review date moves on. */
  'kbAdmin.markReviewed': command<void>()(z.object({ articleId: id, note: note.default('') })),
  'kbAdmin.setSchedule': command<void>()(
    z.object({ articleId: id, everyMonths: z.number().int().min(1).max(REVIEW_EVERY_MONTHS_MAX), dueAt: z.iso.datetime().nullable().default(null) }),
  ),
  'kbAdmin.resolveFeedback': command<void>()(z.object({ feedbackId: id, resolution: z.enum(['fixed', 'dismissed']), note: note.default('') })),

  /** Any agent, from the KB panel: "this answer is wrong / outdated". */
  'kb.feedback': command<{ id: string }>()(z.object({ articleId: id, kind: z.enum(FEEDBACK_KINDS), comment: line(KB_NOTE_MAX) })),
  /** What the signed-in user has reported about an article, newest first. */
  'kb.myFeedback': query<KbFeedbackView[]>()(z.object({ articleId: id }), ['kb_feedback', 'kb_articles', 'users', 'outbox']),
};
