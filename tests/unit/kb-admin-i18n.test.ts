import { describe, expect, it } from 'vitest';
import { KB_ADMIN_FILTERS } from '../../src/shared/contract/kb-admin';
import { FEEDBACK_KINDS, FEEDBACK_STATUSES, OPEN_REVISION_STATUSES } from '../../src/shared/kb/workflow';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));
const logical = (key: string) => key.replace(/_(one|other)$/, '');

describe('knowledge-base management strings', () => {
  const catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, new Set(keys(i18nResources[language]['kb-admin'] as Tree).map(logical))]));

  it('has the same keys in simplified Chinese, traditional Chinese and English', () => {
    const reference = [...(catalogues['zh-CN'] ?? [])].sort();
    for (const language of LANGUAGES) expect([...(catalogues[language] ?? [])].sort(), language).toEqual(reference);
  });

  it('names every state, filter and kind the screens show', () => {
    const needed = [
      ...KB_ADMIN_FILTERS.map((f) => `filter.${f}`),
      ...FEEDBACK_KINDS.map((k) => `feedbackKind.${k}`),
      ...FEEDBACK_STATUSES.map((s) => `feedbackStatus.${s}`),
      ...OPEN_REVISION_STATUSES.flatMap((s) => [`revisionStatus.${s}`, `open.${s}`]),
      ...['scheduled', 'soon', 'due', 'unscheduled'].map((s) => `review.${s}`),
      ...['publish', 'reject', 'discard'].flatMap((d) => [`action.confirm.${d}`, `done.${d}`]),
      ...['articles', 'queue', 'due', 'feedback'].map((tab) => `tabs.${tab}`),
      ...['title', 'category', 'body', 'notes', 'questions', 'links'].map((f) => `field.${f}`),
    ];
    for (const language of LANGUAGES) {
      for (const key of needed) expect(catalogues[language]?.has(key), `${language}: ${key}`).toBe(true);
    }
  });
});
