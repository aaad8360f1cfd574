import { describe, expect, it } from 'vitest';
import { addMonths, nextReviewAt, reviewStatus } from '../../src/shared/kb/review-schedule';
import { confirmUrgentRefusal, discardRefusal, editRefusal, reviewRefusal, submitRefusal, urgentRefusal, type RevisionFacts } from '../../src/shared/kb/workflow';

describe('review schedule', () => {
  it('adds calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths('2026-01-31T09:30:00.000Z', 1)).toBe('2026-02-28T09:30:00.000Z');
    expect(addMonths('2028-01-31T09:30:00.000Z', 1)).toBe('2028-02-29T09:30:00.000Z');
    expect(addMonths('2026-11-22T10:00:00.000Z', 1)).toBe('2026-12-22T10:00:00.000Z');
    expect(addMonths('2026-11-30T23:59:59.000Z', 3)).toBe('2027-02-28T23:59:59.000Z');
    expect(addMonths('2026-05-15T00:00:00.000Z', 12)).toBe('2027-05-15T00:00:00.000Z');
    expect(() => addMonths('not a date', 1)).toThrow(RangeError);
  });

  it('is due from the review moment on, soon within a week, counting whole days', () => {
    const due = nextReviewAt('2026-10-22T10:00:00.000Z', 1);
    expect(due).toBe('2026-11-22T10:00:00.000Z');
    expect(reviewStatus(due, new Date('2026-11-22T10:00:00.000Z'))).toEqual({ state: 'due', days: 0 });
    expect(reviewStatus(due, new Date('2026-11-25T11:00:00.000Z'))).toEqual({ state: 'due', days: -3 });
    expect(reviewStatus(due, new Date('2026-11-22T09:59:59.000Z'))).toEqual({ state: 'soon', days: 0 });
    expect(reviewStatus(due, new Date('2026-11-15T10:00:00.000Z'))).toEqual({ state: 'scheduled', days: 7 });
    expect(reviewStatus(due, new Date('2026-11-15T10:00:01.000Z'))).toEqual({ state: 'soon', days: 6 });
    expect(reviewStatus(null, new Date())).toEqual({ state: 'unscheduled', days: null });
  });
});

describe('review workflow rules', () => {
  const supervisor = { userId: 'u-sup', role: 'supervisor' as const };
  const admin = { userId: 'u-admin', role: 'admin' as const };
  const agent = { userId: 'u-agent', role: 'agent' as const };
  const revision = (over: Partial<RevisionFacts> = {}): RevisionFacts => ({ status: 'draft', authorId: 'u-sup', editorIds: ['u-sup'], urgent: false, postReviewedAt: null, ...over });
  const key = (reason: string) => `kb-admin:rejected.${reason}`;

  it('lets editors write drafts and submit them; agents and trainees neither', () => {
    expect(editRefusal(supervisor, null)).toBeNull();
    expect(editRefusal(admin, revision({ status: 'review' }))).toBeNull();
    expect(editRefusal(agent, null)).toBe(key('editors_only'));
    expect(editRefusal({ userId: 't', role: 'trainee' }, null)).toBe(key('editors_only'));
    expect(editRefusal(supervisor, revision({ status: 'published' }))).toBe(key('not_open'));
    expect(submitRefusal(supervisor, revision())).toBeNull();
    expect(submitRefusal(supervisor, revision({ status: 'rejected' }))).toBeNull();
    expect(submitRefusal(supervisor, revision({ status: 'review' }))).toBe(key('not_draft'));
    expect(submitRefusal(agent, revision())).toBe(key('editors_only'));
  });

  it('publishes and rejects only revisions in review, by a reviewer who wrote none of it', () => {
    const inReview = revision({ status: 'review', editorIds: ['u-sup', 'u-sup-2'] });
    expect(reviewRefusal(admin, inReview)).toBeNull();
    expect(reviewRefusal(supervisor, inReview)).toBe(key('own_revision'));
    expect(reviewRefusal({ userId: 'u-sup-2', role: 'supervisor' }, inReview)).toBe(key('own_revision'));
    expect(reviewRefusal({ userId: 'u-sup-3', role: 'supervisor' }, inReview)).toBeNull();
    expect(reviewRefusal(agent, inReview)).toBe(key('reviewers_only'));
    expect(reviewRefusal(admin, revision())).toBe(key('not_in_review'));
    expect(reviewRefusal(admin, revision({ status: 'published' }))).toBe(key('not_in_review'));
  });

  it('keeps the urgent path for admins, and its review after the fact for someone else', () => {
    expect(urgentRefusal(admin, null)).toBeNull();
    expect(urgentRefusal(admin, revision({ status: 'review' }))).toBeNull();
    expect(urgentRefusal(supervisor, null)).toBe(key('urgent_admins_only'));
    const urgent = revision({ status: 'published', urgent: true, authorId: 'u-admin', editorIds: ['u-admin'] });
    expect(confirmUrgentRefusal(supervisor, urgent)).toBeNull();
    expect(confirmUrgentRefusal(admin, urgent)).toBe(key('own_revision'));
    expect(confirmUrgentRefusal(supervisor, { ...urgent, postReviewedAt: '2026-11-22T10:00:00.000Z' })).toBe(key('already_confirmed'));
    expect(confirmUrgentRefusal(supervisor, { ...urgent, urgent: false })).toBe(key('not_urgent'));
    expect(confirmUrgentRefusal(agent, urgent)).toBe(key('reviewers_only'));
  });

  it('lets the author or an admin discard an open revision', () => {
    expect(discardRefusal(supervisor, revision())).toBeNull();
    expect(discardRefusal(admin, revision())).toBeNull();
    expect(discardRefusal({ userId: 'u-sup-2', role: 'supervisor' }, revision())).toBe(key('not_author'));
    expect(discardRefusal(supervisor, revision({ status: 'published' }))).toBe(key('not_open'));
  });
});
