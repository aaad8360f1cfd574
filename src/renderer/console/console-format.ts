import type { TFunction } from 'i18next';
import { formatChordForDisplay } from '../../shared/console/key-chord';
import { PLATFORM } from './platform';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are slow to build; a long chat formats hundreds of times while scrolling. */
function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(language, options);
    formatters.set(key, found);
  }
  return found;
}

export function formatClockTime(iso: string, language: string): string {
  return formatter(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatDateTime(iso: string, language: string): string {
  return formatter(language, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The local calendar day of a timestamp, as a sortable key. */
export function localDayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", else the date (with the year only when it is not this year). */
export function formatDayLabel(iso: string, now: number, language: string, t: TFunction): string {
  const day = localDayKey(iso);
  if (day === localDayKey(new Date(now).toISOString())) return t('console:chat.today');
  if (day === localDayKey(new Date(now - 86_400_000).toISOString())) return t('console:chat.yesterday');
  const sameYear = new Date(iso).getFullYear() === new Date(now).getFullYear();
  return formatter(language, sameYear ? { month: 'long', day: 'numeric', weekday: 'short' } : { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(
    new Date(iso),
  );
}

/** m:ss for SLA clocks, which count seconds. */
export function formatStopwatch(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export function formatAmountFen(fen: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}

export function keyLabel(chord: string | null, t: TFunction): string {
  return chord === null ? t('console:keys.none') : formatChordForDisplay(chord, PLATFORM);
}
