import type Database from 'better-sqlite3';
import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { KbArticleView, ScriptView } from '../../../shared/contract/knowledge';
import { createKbSearch } from '../search/kb-search';
import { createScriptLibrary } from '../search/script-library';
import { parseJsonArray, type HandlerContext } from './context';

type KnowledgeHandlers = Pick<ApiHandlers, 'kb.search' | 'kb.get' | 'scripts.list' | 'scripts.recommend'>;

/** Customer messages a recommendation looks at; the recommender weighs the latest most. */
const RECENT_CUSTOMER_MESSAGES = 5;

function parseLinks(json: string): { title: string; url: string }[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((link: unknown) => {
    if (typeof link !== 'object' || link === null) return [];
    const { title, url } = link as { title?: unknown; url?: unknown };
    return typeof title === 'string' && typeof url === 'string' ? [{ title, url }] : [];
  });
}

/**
 * `sqlite` is the replica's own connection: the search index is read and refreshed with prepared
 * better-sqlite3 statements, which keeps a search within a few milliseconds (docs/search.md).
 */
export function knowledgeHandlers(ctx: HandlerContext, sqlite: Database.Database): KnowledgeHandlers {
  const { db } = ctx;
  const search = createKbSearch(sqlite);
  const library = createScriptLibrary(db);

  const mayReadUnpublished = async () => {
    const { role } = await ctx.actor();
    return role === 'admin' || role === 'supervisor';
  };

  async function categoryPath(categoryId: string): Promise<string[]> {
    const path: string[] = [];
    const seen = new Set<string>();
    for (let id: string | null = categoryId; id !== null && !seen.has(id); ) {
      seen.add(id);
      const row = await db.selectFrom('kb_categories').select(['name', 'parent_id']).where('id', '=', id).executeTakeFirst();
      if (!row) break;
      path.unshift(row.name);
      id = row.parent_id;
    }
    return path;
  }

  return {
    async 'kb.search'({ query, limit, match }) {
      return search.search(query, { limit, match });
    },

    async 'kb.get'({ id }) {
      const row = await db.selectFrom('kb_articles').selectAll().where('id', '=', id).executeTakeFirst();
      // A draft is as invisible to an agent as an article that does not exist.
      if (!row || (row.status !== 'published' && !(await mayReadUnpublished()))) {
        throw new ApiError({ code: 'not_found', messageKey: 'errors:kb.not_found' });
      }
      const article: KbArticleView = {
        id: row.id,
        title: row.title,
        body: row.body,
        notes: row.notes,
        links: parseLinks(row.links),
        questions: parseJsonArray(row.questions),
        categoryId: row.category_id,
        categoryPath: await categoryPath(row.category_id),
        status: row.status,
        version: row.version,
        updatedAt: row.updated_at,
      };
      return article;
    },

    async 'scripts.list'({ category, statuses }) {
      const wanted = statuses !== undefined && (await mayReadUnpublished()) ? statuses : (['published'] as const);
      const rows = await db
        .selectFrom('scripts')
        .selectAll()
        .where('status', 'in', wanted)
        .$if(category !== undefined, (qb) => qb.where('category', '=', category ?? 'general'))
        .orderBy('category')
        .orderBy('id')
        .execute();
      return rows.map(
        (r): ScriptView => ({
          id: r.id,
          title: r.title,
          body: r.body,
          category: r.category,
          stage: r.stage,
          keywords: parseJsonArray(r.keywords),
          status: r.status,
          version: r.version,
          usageCount: r.usage_count,
        }),
      );
    },

    async 'scripts.recommend'({ conversationId, emotion, limit }) {
      const conversation = await db
        .selectFrom('conversations as c')
        .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
        .select(['cu.tags'])
        .where('c.id', '=', conversationId)
        .executeTakeFirst();
      if (!conversation) throw new ApiError({ code: 'not_found', messageKey: 'errors:conversation.not_found' });
      const recent = await db
        .selectFrom('messages')
        .select('body')
        .where('conversation_id', '=', conversationId)
        .where('sender_kind', '=', 'customer')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(RECENT_CUSTOMER_MESSAGES)
        .execute();
      const ranked = await library.recommend({
        messages: recent.map((m) => m.body).reverse(),
        tags: parseJsonArray(conversation.tags),
        emotion,
        limit,
      });
      return ranked.map(({ script, score }) => ({ id: script.id, version: script.version, title: script.title, score, body: script.body, category: script.category, stage: script.stage }));
    },
  };
}
