import { describe, expect, it } from 'vitest';
import { COMMAND_IDS } from '../../src/shared/console/commands';
import { THEMES } from '../../src/shared/contract/settings';
import { ORDER_STATUSES, PRESENCES, SCRIPT_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES } from '../../src/shared/domain/enums';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));
}
// English plural forms (_one/_other) are one key to the code.
const logical = (key: string) => key.replace(/_(one|other)$/, '');

describe('console strings', () => {
  const catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, new Set(keys(i18nResources[language].console as Tree).map(logical))]));

  it('has the same keys in simplified Chinese, traditional Chinese and English', () => {
    const reference = [...(catalogues['zh-CN'] ?? [])].sort();
    for (const language of LANGUAGES) expect([...(catalogues[language] ?? [])].sort(), language).toEqual(reference);
  });

  it('names every command, theme and status the console shows', () => {
    const needed = [
      ...COMMAND_IDS.map((id) => `commands.${id}`),
      ...THEMES.map((theme) => `settings.themes.${theme}`),
      ...SCRIPT_CATEGORIES.map((c) => `scripts.category.${c}`),
      ...ORDER_STATUSES.map((s) => `orderStatus.${s}`),
      ...TICKET_STATUSES.map((s) => `ticketStatus.${s}`),
      ...TICKET_PRIORITIES.map((p) => `ticketPriority.${p}`),
      ...PRESENCES.map((p) => `presence.${p}`),
    ];
    for (const language of LANGUAGES) {
      for (const key of needed) expect(catalogues[language]?.has(key), `${language}: ${key}`).toBe(true);
    }
  });
});
