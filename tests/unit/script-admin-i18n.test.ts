import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRIPT_STAGES } from '../../src/shared/domain/enums';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';
import { BUILT_IN_REPLY_RULES } from '../../src/shared/mutations/script-mutations';
import { EDITABLE_RULE_FAMILIES } from '../../src/shared/text/reply-rule-edits';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));

const root = resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

describe('script-admin strings', () => {
  const catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, new Set(keys(i18nResources[language]['script-admin'] as Tree))]));

  it('has the same keys in simplified Chinese, traditional Chinese and English', () => {
    const reference = [...(catalogues['zh-CN'] ?? [])].sort();
    for (const language of LANGUAGES) expect([...(catalogues[language] ?? [])].sort(), language).toEqual(reference);
  });

  it('words every message the code refers to, every stage and every built-in word group', () => {
    const used = new Set(
      files(root)
        .filter((f) => /\.tsx?$/.test(f))
        .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'script-admin:([a-z_.A-Z]+)'/g)].map((m) => m[1] ?? '')),
    );
    const groups = EDITABLE_RULE_FAMILIES.flatMap((family) => BUILT_IN_REPLY_RULES[family].groups.map((g) => `rules.group.${g.id}`));
    const needed = [...used, ...SCRIPT_STAGES.map((s) => `stage.${s}`), ...groups];
    expect(used.size).toBeGreaterThan(50);
    for (const language of LANGUAGES) {
      for (const key of needed) expect(catalogues[language]?.has(key), `${language}: ${key}`).toBe(true);
    }
  });
});
