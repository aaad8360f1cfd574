import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { CONTENT_STATUSES } from '../../../shared/domain/enums';
import { foldForMatch } from '../../../shared/text/script-fold';

/**
 * `kb import`: knowledge-base articles from a JSONL file, one article per line. The whole file is
 * validated first and written in one transaction, so a bad line leaves the replica untouched.
 * Importing the same id again updates that article (and bumps its version only if it changed).
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
  links: z.array(z.object({ title: text(200), url: text(2_000) })).max(50).default([]),
  /** An admin's batch import publishes unless the line says otherwise. */
  status: z.enum(CONTENT_STATUSES).default('published'),
});

export type ImportLine = z.output<typeof importLineSchema>;

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
          reasonKey: `errors:validation.${issue?.code ?? 'invalid_type'}`,
        });
        return;
      }
      const first = firstLineOf.get(parsed.data.id);
      if (first !== undefined) {
        problems.push({ key: 'import.duplicate_id', params: { line, id: parsed.data.id, first } });
        return;
      }
      firstLineOf.set(parsed.data.id, line);
      articles.push(parsed.data);
    });
  return { articles, problems };
}

interface CategoryRow {
  id: string;
  parent_id: string | null;
  name: string;
  sort: number;
}

interface ArticleRow {
  category_id: string;
  title: string;
  body: string;
  notes: string;
  links: string;
  questions: string;
  status: string;
  version: number;
}

/**
 * A category created by import gets an id derived from its path, so importing the same file on
 * two replicas creates the same category rather than two that sync as duplicates.
 */
function categoryId(path: readonly string[]): string {
  return `kbc-${createHash('sha256').update(path.map(foldForMatch).join('\u001f')).digest('hex').slice(0, 16)}`;
}

export function importArticles(sqlite: Database.Database, articles: readonly ImportLine[], now: string): ImportSummary {
  const selectCategories = sqlite.prepare<[], CategoryRow>('select id, parent_id, name, sort from kb_categories');
  const insertCategory = sqlite.prepare('insert into kb_categories (id, parent_id, name, level, sort) values (?, ?, ?, ?, ?)');
  const selectArticle = sqlite.prepare<[string], ArticleRow>(
    'select category_id, title, body, notes, links, questions, status, version from kb_articles where id = ?',
  );
  const insertArticle = sqlite.prepare(
    `insert into kb_articles (id, category_id, title, body, notes, links, questions, status, version, updated_at)
     values (@id, @category_id, @title, @body, @notes, @links, @questions, @status, 1, @now)`,
  );
  const updateArticle = sqlite.prepare(
    `update kb_articles set category_id = @category_id, title = @title, body = @body, notes = @notes, links = @links,
     questions = @questions, status = @status, version = version + 1, updated_at = @now where id = @id`,
  );

  const run = sqlite.transaction((): ImportSummary => {
    // Categories match by name within their parent, in either script: 服务政策 finds 服務政策.
    const key = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${foldForMatch(name)}`;
    const categories = new Map<string, string>();
    const nextSort = new Map<string | null, number>();
    for (const row of selectCategories.all()) {
      categories.set(key(row.parent_id, row.name), row.id);
      nextSort.set(row.parent_id, Math.max(nextSort.get(row.parent_id) ?? 0, row.sort + 1));
    }
    const summary: ImportSummary = { total: articles.length, created: 0, updated: 0, unchanged: 0, categoriesCreated: 0 };

    const resolveCategory = (path: readonly string[]): string => {
      let parentId: string | null = null;
      for (const [depth, name] of path.entries()) {
        const existing = categories.get(key(parentId, name));
        if (existing !== undefined) {
          parentId = existing;
          continue;
        }
        const id = categoryId(path.slice(0, depth + 1));
        const sort = nextSort.get(parentId) ?? 0;
        insertCategory.run(id, parentId, name, depth + 1, sort);
        nextSort.set(parentId, sort + 1);
        categories.set(key(parentId, name), id);
        summary.categoriesCreated++;
        parentId = id;
      }
      // The schema requires 1–3 names, so the loop ran at least once.
      return parentId ?? '';
    };

    for (const article of articles) {
      const row = {
        id: article.id,
        category_id: resolveCategory(article.category),
        title: article.title,
        body: article.body,
        notes: article.notes,
        links: JSON.stringify(article.links),
        questions: JSON.stringify(article.questions),
        status: article.status,
        now,
      };
      const existing = selectArticle.get(article.id);
      if (!existing) {
        insertArticle.run(row);
        summary.created++;
      } else if (
        existing.category_id === row.category_id &&
        existing.title === row.title &&
        existing.body === row.body &&
        existing.notes === row.notes &&
        existing.links === row.links &&
        existing.questions === row.questions &&
        existing.status === row.status
      ) {
        summary.unchanged++;
      } else {
        updateArticle.run(row);
        summary.updated++;
      }
    }
    return summary;
  });
  return run.immediate();
}
