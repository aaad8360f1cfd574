import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { i18nResources, LANGUAGES } from '../../src/shared/i18n/resources';
import { APPROVAL_KINDS } from '../../src/shared/tickets/process';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));
const logical = (key: string) => key.replace(/_(one|other)$/, '');

const root = resolve(import.meta.dirname, '../../src');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });

describe('ticket administration strings (ticket-admin namespace)', () => {
  const catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, new Set(keys(i18nResources[language]['ticket-admin'] as Tree).map(logical))]));

  it('has the same keys in simplified Chinese, traditional Chinese and English', () => {
    const reference = [...(catalogues['zh-CN'] ?? [])].sort();
    for (const language of LANGUAGES) expect([...(catalogues[language] ?? [])].sort(), language).toEqual(reference);
  });

  it('has every key the code names, the refusals of the mutators and the server included', () => {
    const used = new Set<string>();
    for (const file of sources(root)) {
      // A key ending in "." is completed in code (`authority.kind.${kind}`); those are listed below.
      for (const match of readFileSync(file, 'utf8').matchAll(/ticket-admin:([a-zA-Z_.]+)/g)) if (!match[1]?.endsWith('.')) used.add(match[1] ?? '');
    }
    for (const source of ['user', 'role', 'default']) used.add(`authority.effective.${source}`);
    for (const kind of APPROVAL_KINDS) used.add(`authority.kind.${kind}`);
    expect(used.size).toBeGreaterThan(40);
    for (const language of LANGUAGES) for (const key of used) expect(catalogues[language]?.has(key), `${language}: ${key}`).toBe(true);
  });
});
