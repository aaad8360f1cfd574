import type { Role } from '../domain/enums';

/**
 * The review workflow of knowledge-base articles (SPEC §5, docs/knowledge-base.md):
 *
 *   draft ⇄ review → published          (a reviewer other than its writers publishes)
 *           review → rejected → draft   (rejected with a reason; editing makes it a draft again)
 *   urgent update: an admin publishes at once with a reason; another reviewer confirms afterwards
 *
 * A revision is one proposed version of an article. An article has at most one open revision
 * (draft, review or rejected) at a time; published revisions are its numbered versions, all kept.
 * Each rule returns the i18n key of the refusal, or null when the actor may go ahead. The
 * mutators enforce them (on the server authoritatively); the console uses them to say in advance
 * why a button does nothing.
 */

export const REVISION_STATUSES = ['draft', 'review', 'rejected', 'published'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];
export const OPEN_REVISION_STATUSES = ['draft', 'review', 'rejected'] as const satisfies readonly RevisionStatus[];
export type OpenRevisionStatus = (typeof OPEN_REVISION_STATUSES)[number];

/** The review columns of a `kb_revisions` row nobody has submitted, decided or post-reviewed yet. */
export const UNREVIEWED_REVISION = {
  submitted_at: null,
  submitted_by: null,
  decided_at: null,
  decided_by: null,
  decision_note: null,
  urgent: 0,
  post_reviewed_at: null,
  post_reviewed_by: null,
  post_review_note: null,
} as const;

export const FEEDBACK_KINDS = ['wrong', 'outdated', 'unclear', 'missing'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATUSES = ['open', 'fixed', 'dismissed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

/** Who writes and reviews the knowledge base: supervisors and admins. */
export const editsKnowledgeBase = (role: Role): boolean => role === 'supervisor' || role === 'admin';

export interface RevisionFacts {
  status: RevisionStatus;
  authorId: string;
  /** Everyone who wrote any of its text, the author included. */
  editorIds: readonly string[];
  urgent: boolean;
  postReviewedAt: string | null;
}

export interface WorkflowActor {
  userId: string;
  role: Role;
}

const key = (reason: string) => `kb-admin:rejected.${reason}`;
const isOpen = (status: RevisionStatus): status is OpenRevisionStatus => (OPEN_REVISION_STATUSES as readonly string[]).includes(status);

/** Editing a revision under review takes it back to draft: it must be submitted again. */
export function editRefusal(actor: WorkflowActor, revision: RevisionFacts | null): string | null {
  if (!editsKnowledgeBase(actor.role)) return key('editors_only');
  if (revision !== null && !isOpen(revision.status)) return key('not_open');
  return null;
}

export function submitRefusal(actor: WorkflowActor, revision: RevisionFacts): string | null {
  if (!editsKnowledgeBase(actor.role)) return key('editors_only');
  if (revision.status !== 'draft' && revision.status !== 'rejected') return key('not_draft');
  return null;
}

/** Publishing and rejecting: a supervisor or admin who wrote none of it (四眼原則). */
export function reviewRefusal(actor: WorkflowActor, revision: RevisionFacts): string | null {
  if (!editsKnowledgeBase(actor.role)) return key('reviewers_only');
  if (revision.status !== 'review') return key('not_in_review');
  if (revision.authorId === actor.userId || revision.editorIds.includes(actor.userId)) return key('own_revision');
  return null;
}

/** The urgent path skips the review queue, so only an admin may take it. */
export function urgentRefusal(actor: WorkflowActor, revision: RevisionFacts | null): string | null {
  if (actor.role !== 'admin') return key('urgent_admins_only');
  if (revision !== null && !isOpen(revision.status)) return key('not_open');
  return null;
}

/** The review after the fact of an urgent update, by someone other than its writers. */
export function confirmUrgentRefusal(actor: WorkflowActor, revision: RevisionFacts): string | null {
  if (!editsKnowledgeBase(actor.role)) return key('reviewers_only');
  if (revision.status !== 'published' || !revision.urgent) return key('not_urgent');
  if (revision.postReviewedAt !== null) return key('already_confirmed');
  if (revision.authorId === actor.userId || revision.editorIds.includes(actor.userId)) return key('own_revision');
  return null;
}

/** A draft may be thrown away by whoever started it, or by an admin. */
export function discardRefusal(actor: WorkflowActor, revision: RevisionFacts): string | null {
  if (!editsKnowledgeBase(actor.role)) return key('editors_only');
  if (!isOpen(revision.status)) return key('not_open');
  if (revision.authorId !== actor.userId && actor.role !== 'admin') return key('not_author');
  return null;
}

/** Agents tell the reviewers an answer is wrong; trainees work in the sandbox. */
export const mayGiveFeedback = (role: Role): boolean => role !== 'trainee';
