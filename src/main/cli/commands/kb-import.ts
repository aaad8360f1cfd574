import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { kbLink } from '../../../shared/contract/kb-admin';
import { CONTENT_STATUSES, type ContentStatus } from '../../../shared/domain/enums';
import type { MutatorArgs } from '../../../shared/mutations';
import { foldForMatch } from '../../../shared/text/script-fold';
import type { BatchItemOutcome } from '../../core/mutate';

/**
 * `kb import`: knowledge-base articles from a JSONL file, one article per line, each a `kb.import`
 * mutation (src/shared/mutations/kb-mutations.ts) so it syncs like any editor's change. The whole
 * file is checked first — its syntax, then every line against the replica by the mutations
 * themselves, in one transaction — so a bad line leaves the replica and its outbox untouched.
 * Importing the same id again updates that article (a new version only if it changed).
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const importLineSchema = z.object({
  id: text(100),
  title: text(200),
  body: text(20_000),
  /** Category names from the root down; missing categories are created. */
  category: z.array(text(50)).min(1).max(3),
  questions: z.array(text(200)).max(50).default([]),
  notes: z.string().max(5_000).default(''),
  links: z.array(kbLink).max(50).default([]),
  /** An admin's batch import publishes unless the line (or --status) says otherwise. */
  status: z.enum(CONTENT_STATUSES).default('published'),
});

export type ImportLine = z.output<typeof importLineSchema> & {
  /** Where in the file it was, for every message about it. */
  line: number;
};

/** A reason a line was refused: an i18n key of the 'cli' namespace and its parameters. */
export interface LineProblem {
  key: string;
  params: Record<string, string | number>;
  /** For a field problem: why, as a key of the shared 'errors' namespace. */
  reasonKey?: string;
}

export interface ImportSummary {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  categoriesCreated: number;
}

export function parseImportFile(content: string): { articles: ImportLine[]; problems: LineProblem[] } {
  const articles: ImportLine[] = [];
  const problems: LineProblem[] = [];
  const firstLineOf = new Map<string, number>();
  content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        problems.push({ key: 'import.bad_json', params: { line } });
        return;
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        problems.push({ key: 'import.not_object', params: { line } });
        return;
      }
      const parsed = importLineSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        problems.push({
          key: 'import.bad_field',
          params: { line, field: issue?.path.map(String).join('.') ?? '' },
          reasonKey: issue !== undefined && /^[a-z-]+:[a-z_]+(\.[a-z_]+)+$/.test(issue.message) ? issue.message : `errors:validation.${issue?.code ?? 'invalid_type'}`,
        });
        return;
      }
      const first = firstLineOf.get(parsed.data.id);
      if (first !== undefined) {
        problems.push({ key: 'import.duplicate_id', params: { line, id: parsed.data.id, first } });
        return;
      }
      firstLineOf.set(parsed.data.id, line);
      articles.push({ ...parsed.data, line });
    });
  return { articles, problems };
}

/**
 * A category created by import gets an id derived from its path, so importing the same file on
 * two replicas creates the same category rather than two that sync as duplicates.
 */
function categoryId(path: readonly string[]): string {
  return `kbc-${createHash('sha256').update(path.map(foldForMatch).join('\u001f')).digest('hex').slice(0, 16)}`;
}

/** One `kb.import` mutation per line; `status` (the --status option) overrides every line's own. */
export function importMutations(articles: readonly ImportLine[], status: ContentStatus | undefined): { name: 'kb.import'; args: MutatorArgs<'kb.import'> }[] {
  return articles.map((article) => ({
    name: 'kb.import',
    args: {
      articleId: article.id,
      revisionId: uuidv7(),
      category: article.category.map((name, depth) => ({ id: categoryId(article.category.slice(0, depth + 1)), name })),
      content: { title: article.title, body: article.body, notes: article.notes, links: article.links, questions: article.questions },
      status: status ?? article.status,
    },
  }));
}

/** What the import did to the replica, from what each line's mutation wrote. */
export function importSummary(outcomes: readonly BatchItemOutcome[]): ImportSummary {
  const summary: ImportSummary = { total: outcomes.length, created: 0, updated: 0, unchanged: 0, categoriesCreated: 0 };
  for (const outcome of outcomes) {
    if (outcome.kind === 'unchanged') summary.unchanged++;
    if (outcome.kind !== 'applied') continue;
    if (outcome.inserted.includes('kb_articles')) summary.created++;
    else summary.updated++;
    summary.categoriesCreated += outcome.inserted.filter((t) => t === 'kb_categories').length;
  }
  return summary;
}
