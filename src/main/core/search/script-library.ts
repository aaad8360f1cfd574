import type { Kysely } from 'kysely';
import type { ReplicaDatabase, ScriptsTable } from '../../../shared/db/replica-schema';
import {
  createScriptRecommender,
  type RecommendableScript,
  type RecommendInput,
  type ScriptRecommender,
} from '../../../shared/text/recommend-scripts';

export interface LibraryScript extends RecommendableScript {
  version: number;
  category: ScriptsTable['category'];
  stage: ScriptsTable['stage'];
}

export interface RankedScript {
  script: LibraryScript;
  score: number;
}

export interface ScriptLibrary {
  /** Published scripts ranked by the pure recommender (src/shared/text/recommend-scripts.ts). */
  recommend(input: RecommendInput): Promise<RankedScript[]>;
}

function keywordsOf(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    // A malformed keywords column only costs that script its keyword matches.
    return [];
  }
}

/**
 * The published script library of a replica with a recommender prepared for it. Preparing costs
 * about a millisecond per hundred scripts, so it is redone only when a script changes.
 */
export function createScriptLibrary(db: Kysely<ReplicaDatabase>): ScriptLibrary {
  let prepared: { fingerprint: string; byId: Map<string, LibraryScript>; recommender: ScriptRecommender } | null = null;

  async function current() {
    const rows = await db
      .selectFrom('scripts')
      .select(['id', 'title', 'body', 'category', 'stage', 'keywords', 'version', 'updated_at'])
      .where('status', '=', 'published')
      .orderBy('id')
      .execute();
    const fingerprint = rows.map((r) => `${r.id}\u0000${r.version}\u0000${r.updated_at}`).join('\u0001');
    if (prepared?.fingerprint !== fingerprint) {
      const scripts = rows.map((r): LibraryScript => ({ id: r.id, version: r.version, title: r.title, body: r.body, category: r.category, stage: r.stage, keywords: keywordsOf(r.keywords) }));
      prepared = { fingerprint, byId: new Map(scripts.map((s) => [s.id, s])), recommender: createScriptRecommender(scripts) };
    }
    return prepared;
  }

  return {
    async recommend(input) {
      const { byId, recommender } = await current();
      return recommender.recommend(input).flatMap(({ id, score }) => {
        const script = byId.get(id);
        return script ? [{ script, score }] : [];
      });
    },
  };
}
