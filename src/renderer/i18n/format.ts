import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/contract/api-error';

export function formatDuration(t: TFunction, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('duration.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('duration.minutes', { count: minutes });
  return t('duration.hours', { count: Math.floor(minutes / 60) });
}

/** The user's-language text of an error from the API; never a raw stack or English-only message. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const first = error.data.issues?.[0];
    return first ? t(first.messageKey) : t(error.data.messageKey, error.data.messageParams ?? {});
  }
  return t('errors:api.internal');
}

export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
