/**
 * Scheduled review of knowledge-base articles (SPEC §5: "scheduled review (monthly)"). An article
 * is reviewed every N calendar months after it was last published or confirmed; supervisors and
 * admins may also set the next date by hand. Pure, so the mutators (replica and server) and the
 * console compute the same dates.
 */

export const DEFAULT_REVIEW_EVERY_MONTHS = 1;
export const REVIEW_EVERY_MONTHS_MAX = 24;
/** "Due soon" in the management screen: within this many days of the review date. */
export const REVIEW_SOON_DAYS = 7;

const DAY_MS = 86_400_000;

/**
 * The same moment `months` calendar months later, in UTC, clamped to the last day of a shorter
 * month: 31 January + 1 month is 28 (or 29) February, not 3 March.
 */
export function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${iso}`);
  const day = date.getUTCDate();
  const target = new Date(date.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

/** When an article reviewed (published or confirmed) at `reviewedAt` is next due. */
export function nextReviewAt(reviewedAt: string, everyMonths: number): string {
  return addMonths(reviewedAt, everyMonths);
}

export type ReviewState = 'unscheduled' | 'scheduled' | 'soon' | 'due';

export interface ReviewStatus {
  state: ReviewState;
  /** Whole days until the review date (negative: days overdue); null when unscheduled. */
  days: number | null;
}

/** Where an article stands against its review date at `now`. Due from the review date's moment on. */
export function reviewStatus(dueAt: string | null, now: Date): ReviewStatus {
  if (dueAt === null) return { state: 'unscheduled', days: null };
  const left = Date.parse(dueAt) - now.getTime();
  // + 0: a review due less than a day ago is 0 days overdue, not -0.
  if (left <= 0) return { state: 'due', days: Math.ceil(left / DAY_MS) + 0 };
  const days = Math.floor(left / DAY_MS);
  return { state: days < REVIEW_SOON_DAYS ? 'soon' : 'scheduled', days };
}

export const isReviewDue = (dueAt: string | null, now: Date): boolean => reviewStatus(dueAt, now).state === 'due';
