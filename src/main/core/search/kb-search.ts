/**
 * Chinese full-text search over the replica's published knowledge-base articles (docs/search.md).
 *
 * Index: migration 0003 creates two contentless FTS5 tables fed with the tokens of tokenize.ts —
 * kb_search_head (title, questions) and kb_search_all (title, questions, body, notes) — plus
 * kb_search_docs, which maps an FTS rowid to an article id. SQL triggers on kb_articles put the id
 * of every inserted, updated or deleted article into kb_search_dirty; refresh() re-tokenizes those
 * articles in JS and is called before every search, so any write path (handlers, the sync engine,
 * the CLI, another process) is picked up without JS running inside the write.
 *
 * Ranking: results whose every term occurs in the title or an alternative phrasing (the "head")
 * come first, then the others; inside each tier FTS5's bm25 with column weights orders them.
 * FTS5 scores every row that matches before sorting, so a query matching tens of thousands of
 * articles would cost tens of milliseconds; each tier therefore ranks at most RANK_WINDOW matches,
 * the most recently indexed ones. Below that size (nearly every query) the ranking is exact.
 */
import type Database from 'better-sqlite3';
import { foldForMatch } from '../../../shared/text/script-fold';
import { indexTokens, queryTerms, type QueryTerm } from '../../../shared/text/tokenize';

export interface KbSearchHit {
  id: string;
  title: string;
  /** A short passage of the body around the first matched term, in the article's own script. */
  snippet: string;
  /** Higher is better; ≥ 1 when every term occurs in the title or an alternative phrasing. */
  score: number;
  /** Category names from the root down. */
  categoryPath: string[];
}

export interface KbSearchOptions {
  limit?: number;
  /** 'all': every term must occur (default); 'any': at least one, more matched terms rank higher. */
  match?: 'all' | 'any';
}

export interface KbSearch {
  /** Brings the index up to date with kb_articles; returns how many articles were re-indexed. */
  refresh(): number;
  search(query: string, options?: KbSearchOptions): KbSearchHit[];
}

/** Matches ranked per tier at most; see the module comment. */
export const RANK_WINDOW = 1000;
const HEAD_WEIGHTS = '8.0, 5.0';
const ALL_WEIGHTS = '8.0, 5.0, 1.0, 0.5';
const SNIPPET_BEFORE = 12;
const SNIPPET_LENGTH = 80;
/** Articles re-indexed per transaction, so a huge backlog does not hold one write lock for seconds. */
const REFRESH_BATCH = 2000;
/**
 * A refresh that re-indexed this many articles (a first sync, `kb import`) merges the index into
 * one segment afterwards; see optimize below.
 */
const OPTIMIZE_AFTER = 1000;

interface ArticleRow {
  title: string;
  questions: string;
  body: string;
  notes: string;
  status: string;
}

interface RankedRow {
  doc: number;
  rank: number;
}

interface HitRow {
  doc: number;
  id: string;
  title: string;
  body: string;
  category_id: string;
}

function parseQuestions(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    // A malformed row must not stop the index; its questions are simply not searchable.
    return [];
  }
}

function phrase(term: QueryTerm): string {
  // Tokens are letters, digits and Han characters only, so quoting cannot be broken out of.
  return `"${term.tokens.join(' ')}"${term.prefixLast ? '*' : ''}`;
}

export function createKbSearch(sqlite: Database.Database): KbSearch {
  const nextDirty = sqlite.prepare<[number], string>('select article_id from kb_search_dirty limit ?').pluck();
  const anyDirty = sqlite.prepare('select 1 from kb_search_dirty limit 1').pluck();
  const getArticle = sqlite.prepare<[string], ArticleRow>('select title, questions, body, notes, status from kb_articles where id = ?');
  const getDoc = sqlite.prepare<[string], number>('select doc from kb_search_docs where article_id = ?').pluck();
  const deleteHead = sqlite.prepare('delete from kb_search_head where rowid = ?');
  const deleteAll = sqlite.prepare('delete from kb_search_all where rowid = ?');
  const deleteDoc = sqlite.prepare('delete from kb_search_docs where doc = ?');
  const insertDoc = sqlite.prepare('insert into kb_search_docs (article_id) values (?)');
  const insertHead = sqlite.prepare('insert into kb_search_head (rowid, title, questions) values (?, ?, ?)');
  const insertAll = sqlite.prepare('insert into kb_search_all (rowid, title, questions, body, notes) values (?, ?, ?, ?, ?)');
  const clearDirty = sqlite.prepare('delete from kb_search_dirty where article_id = ?');
  // FTS5 writes a new segment per transaction and merges them only in fours, so a bulk load
  // leaves a dozen segments, and every query then merges a dozen doclists per token. One segment
  // makes queries about a sixth faster; merging 50,000 articles takes about 1.5 s, once.
  const optimizeHead = sqlite.prepare(`insert into kb_search_head (kb_search_head) values ('optimize')`);
  const optimizeAll = sqlite.prepare(`insert into kb_search_all (kb_search_all) values ('optimize')`);
  const optimize = sqlite.transaction(() => {
    optimizeHead.run();
    optimizeAll.run();
  });

  // One pass per tier: FTS5 walks the matches newest first, scores the RANK_WINDOW newest with
  // bm25 and stops; only those are sorted. Equal scores go to the more recently indexed article.
  const tier = (table: 'kb_search_head' | 'kb_search_all', weights: string) =>
    sqlite.prepare<[string, number, number], RankedRow>(
      `select doc, rank from (
         select rowid as doc, bm25(${table}, ${weights}) as rank from ${table} where ${table} match ? order by rowid desc limit ?
       ) order by rank, doc desc limit ?`,
    );
  const headTier = tier('kb_search_head', HEAD_WEIGHTS);
  const allTier = tier('kb_search_all', ALL_WEIGHTS);
  const getHits = sqlite.prepare<[string], HitRow>(
    `select d.doc, a.id, a.title, a.body, a.category_id from kb_search_docs d
     join kb_articles a on a.id = d.article_id where d.doc in (select value from json_each(?))`,
  );
  const getCategory = sqlite.prepare<[string], { name: string; parent_id: string | null }>('select name, parent_id from kb_categories where id = ?');

  function reindex(articleId: string): void {
    const previous = getDoc.get(articleId);
    if (previous !== undefined) {
      deleteHead.run(previous);
      deleteAll.run(previous);
      deleteDoc.run(previous);
    }
    const article = getArticle.get(articleId);
    // Agents only ever search published articles, so drafts and reviews stay out of the index.
    if (article !== undefined && article.status === 'published') {
      // A fresh rowid on every change: the ranking window prefers recently updated articles.
      const doc = Number(insertDoc.run(articleId).lastInsertRowid);
      const title = indexTokens(article.title).join(' ');
      const questions = parseQuestions(article.questions)
        .map((q) => indexTokens(q).join(' '))
        .join(' ');
      insertHead.run(doc, title, questions);
      insertAll.run(doc, title, questions, indexTokens(article.body).join(' '), indexTokens(article.notes).join(' '));
    }
    clearDirty.run(articleId);
  }

  const refreshBatch = sqlite.transaction((ids: string[]) => ids.forEach(reindex));

  function refresh(): number {
    let total = 0;
    for (;;) {
      const ids = nextDirty.all(REFRESH_BATCH);
      if (ids.length === 0) {
        if (total >= OPTIMIZE_AFTER) optimize.immediate();
        return total;
      }
      // IMMEDIATE: another process (the CLI, a second window) may be draining the same queue.
      refreshBatch.immediate(ids);
      total += ids.length;
    }
  }

  function categoryPath(categoryId: string, cache: Map<string, string[]>): string[] {
    const cached = cache.get(categoryId);
    if (cached) return cached;
    const path: string[] = [];
    const seen = new Set<string>();
    // Categories have at most three levels; `seen` guards against a cycle in synced data.
    for (let id: string | null = categoryId; id !== null && !seen.has(id); ) {
      seen.add(id);
      const row = getCategory.get(id);
      if (!row) break;
      path.unshift(row.name);
      id = row.parent_id;
    }
    cache.set(categoryId, path);
    return path;
  }

  function search(query: string, options: KbSearchOptions = {}): KbSearchHit[] {
    const limit = options.limit ?? 10;
    const terms = queryTerms(query);
    if (terms.length === 0 || limit <= 0) return [];
    const expression = terms.map(phrase).join(options.match === 'any' ? ' OR ' : ' AND ');
    if (anyDirty.get() !== undefined) refresh();

    const ranked: { doc: number; score: number }[] = [];
    const seen = new Set<number>();
    // bm25 is negative, lower is better; squash it into [0, 1) and put the head tier above.
    const add = (rows: RankedRow[], base: number) => {
      for (const row of rows) {
        if (seen.has(row.doc) || ranked.length >= limit) continue;
        seen.add(row.doc);
        const relevance = -row.rank;
        ranked.push({ doc: row.doc, score: base + relevance / (relevance + 10) });
      }
    };
    add(headTier.all(expression, RANK_WINDOW, limit), 1);
    if (ranked.length < limit) add(allTier.all(expression, RANK_WINDOW, limit + ranked.length), 0);
    if (ranked.length === 0) return [];

    const rows = new Map(getHits.all(JSON.stringify(ranked.map((r) => r.doc))).map((row) => [row.doc, row]));
    const cache = new Map<string, string[]>();
    const needles = terms.flatMap((t) => t.runs);
    return ranked.flatMap(({ doc, score }) => {
      const row = rows.get(doc);
      // The index is refreshed in the same call, so a missing row means the article was deleted
      // by a write that happened after the drain on another connection; leave it out.
      if (!row) return [];
      return [{ id: row.id, title: row.title, snippet: snippet(row.body, needles), score, categoryPath: categoryPath(row.category_id, cache) }];
    });
  }

  return { refresh, search };
}

/** About SNIPPET_LENGTH characters of the body, starting a little before the first matched term. */
export function snippet(body: string, needles: readonly string[]): string {
  const folded = foldForMatch(body);
  let first = -1;
  for (const needle of needles) {
    const at = folded.indexOf(needle);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  const start = first <= SNIPPET_BEFORE ? 0 : first - SNIPPET_BEFORE;
  const end = Math.min(body.length, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${body.slice(start, end)}${end < body.length ? '…' : ''}`;
}
