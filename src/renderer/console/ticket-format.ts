import type { TFunction } from 'i18next';
import { countdownParts, type Phrase } from '../../shared/console/tickets';

/** A phrase of the console's ticket logic in the user's language, nested phrases first. */
export function phraseText(t: TFunction, phrase: Phrase): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(phrase.values ?? {})) values[name] = typeof value === 'object' ? phraseText(t, value) : value;
  return t(phrase.key.includes(':') ? phrase.key : `console:${phrase.key}`, values);
}

/** "1:59:30 left" / "overdue 0:05:12", with days once a clock runs that long (48 h solutions). */
export function countdownText(t: TFunction, remainingMs: number): { overdue: boolean; text: string } {
  const parts = countdownParts(remainingMs);
  const time = parts.days > 0 ? t('console:ticket.clock.days', { count: parts.days, time: parts.time }) : parts.time;
  return { overdue: parts.overdue, text: parts.overdue ? t('console:ticket.clock.overdue', { time }) : t('console:ticket.clock.left', { time }) };
}
