import type { TFunction } from 'i18next';
import type { KbPerson } from '../../shared/contract/kb-admin';
import type { ReviewState } from '../../shared/kb/review-schedule';

/** A user named in the knowledge base's history; versions from before versioning have nobody. */
export function personName(t: TFunction, person: KbPerson | null): string {
  return person?.name ?? t('kb-admin:unknownPerson');
}

/** "Review due 22 Nov 2026" and the like, for an article's review date. */
export function reviewLabel(t: TFunction, review: ReviewState, dueAt: string | null, language: string): string {
  if (dueAt === null) return t('kb-admin:review.unscheduled');
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(dueAt));
  return t(`kb-admin:review.${review}`, { date });
}
