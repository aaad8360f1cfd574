import type { TFunction } from 'i18next';
import type { Phrase } from '../../shared/console/tickets';

/** A phrase of the console's hand-over logic in the user's language; keys are the handoff namespace's unless they name their own. */
export function handoffText(t: TFunction, phrase: Phrase): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(phrase.values ?? {})) values[name] = typeof value === 'object' ? handoffText(t, value) : value;
  return t(phrase.key.includes(':') ? phrase.key : `handoff:${phrase.key}`, values);
}
