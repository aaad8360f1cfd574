import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { ApiHandlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/contract';
import type { ScriptChannelName } from '../../../shared/contract/scripts';
import type {
  ReplyRuleGroupView,
  ReviewQueueItemView,
  ScriptLibraryItemView,
  ScriptState,
  ScriptUsageView,
  ScriptVersionView,
} from '../../../shared/contract/scripts';
import type { DomainTables, ScriptUsageTable, ScriptVersionsTable } from '../../../shared/db/replica-schema';
import { currentRuleGroups } from '../../../shared/mutations/script-mutations';
import { isScriptStaff, OPEN_VERSION_STATUSES } from '../../../shared/scripts/script-workflow';
import { checkReply } from '../../../shared/text/reply-check';
import type { ReplyRulesSource } from '../reply-rules-source';
import { localMutator, parseJsonArray, type HandlerContext } from './context';

type ScriptHandlers = Pick<ApiHandlers, ScriptChannelName>;

const NO_USAGE: ScriptUsageView = { uses: 0, chats: 0, ratedChats: 0, goodChats: 0 };

const usageOf = (rows: readonly ScriptUsageTable[]): ScriptUsageView =>
  rows.reduce((sum, r) => ({ uses: sum.uses + r.uses, chats: sum.chats + r.chats, ratedChats: sum.ratedChats + r.rated_chats, goodChats: sum.goodChats + r.good_chats }), NO_USAGE);

const isOpen = (status: string): status is (typeof OPEN_VERSION_STATUSES)[number] => (OPEN_VERSION_STATUSES as readonly string[]).includes(status);

/**
 * The script library for supervisors and admins (their replicas hold every version; an agent's
 * holds none, and is told the screen is not theirs), and the reply-rule editor.
 */
export function scriptHandlers(ctx: HandlerContext, rules: ReplyRulesSource): ScriptHandlers {
  const { db } = ctx;
  const mutate = localMutator(ctx);

  const requireStaff = async () => {
    const actor = await ctx.actor();
    if (!isScriptStaff(actor.role)) throw new ApiError({ code: 'rejected', messageKey: 'script-admin:error.staff_only' });
    return actor;
  };

  const names = async (): Promise<Map<string, string>> => new Map((await db.selectFrom('users').select(['id', 'display_name']).execute()).map((u) => [u.id, u.display_name]));

  /** Everything the library shows, read once: versions, what is in force, usage. */
  async function snapshot(scriptId?: string) {
    const versions = await db
      .selectFrom('script_versions')
      .selectAll()
      .$if(scriptId !== undefined, (qb) => qb.where('script_id', '=', scriptId ?? ''))
      .orderBy('script_id')
      .orderBy('version', 'desc')
      .execute();
    const inForce = await db
      .selectFrom('scripts')
      .select(['id', 'version', 'title', 'category', 'stage'])
      .where('status', '=', 'published')
      .$if(scriptId !== undefined, (qb) => qb.where('id', '=', scriptId ?? ''))
      .execute();
    const usage = await db
      .selectFrom('script_usage')
      .selectAll()
      .$if(scriptId !== undefined, (qb) => qb.where('script_id', '=', scriptId ?? ''))
      .execute();
    const byScript = new Map<string, ScriptVersionsTable[]>();
    for (const v of versions) byScript.set(v.script_id, [...(byScript.get(v.script_id) ?? []), v]);
    return { byScript, inForce: new Map(inForce.map((s) => [s.id, s])), usage, users: await names() };
  }

  const stateOf = (inForce: boolean, versions: readonly ScriptVersionsTable[]): ScriptState =>
    inForce ? 'in_force' : versions.some((v) => v.status === 'retired') ? 'retired' : 'unpublished';

  return {
    async 'scripts.library'() {
      await requireStaff();
      const { byScript, inForce, usage, users } = await snapshot();
      // A script in force that predates versioning on a replica that has not synced them yet still shows.
      for (const id of inForce.keys()) if (!byScript.has(id)) byScript.set(id, []);
      const items: ScriptLibraryItemView[] = [...byScript.entries()].map(([scriptId, versions]) => {
        const live = inForce.get(scriptId);
        const latest = versions[0];
        const open = versions.find((v) => isOpen(v.status));
        return {
          scriptId,
          title: live?.title ?? latest?.title ?? scriptId,
          category: live?.category ?? latest?.category ?? 'general',
          stage: live?.stage ?? latest?.stage ?? null,
          state: stateOf(live !== undefined, versions),
          versionInForce: live?.version ?? null,
          openVersion:
            open && isOpen(open.status)
              ? { versionId: open.id, version: open.version, status: open.status, authorId: open.author_id, authorName: users.get(open.author_id) ?? null, updatedAt: open.updated_at }
              : null,
          usage: usageOf(usage.filter((u) => u.script_id === scriptId)),
        };
      });
      return items.sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title, 'zh'));
    },

    async 'scripts.detail'({ scriptId }) {
      await requireStaff();
      const { byScript, inForce, usage, users } = await snapshot(scriptId);
      const versions = byScript.get(scriptId) ?? [];
      const live = inForce.get(scriptId);
      if (versions.length === 0 && !live) throw new ApiError({ code: 'not_found', messageKey: 'script-admin:error.not_found' });
      return {
        scriptId,
        state: stateOf(live !== undefined, versions),
        versionInForce: live?.version ?? null,
        versions: versions.map(
          (v): ScriptVersionView => ({
            versionId: v.id,
            version: v.version,
            title: v.title,
            body: v.body,
            category: v.category,
            stage: v.stage,
            keywords: parseJsonArray(v.keywords),
            changeNote: v.change_note,
            status: v.status,
            authorId: v.author_id,
            authorName: users.get(v.author_id) ?? null,
            createdAt: v.created_at,
            updatedAt: v.updated_at,
            submittedAt: v.submitted_at,
            reviewerName: v.reviewer_id === null ? null : (users.get(v.reviewer_id) ?? null),
            reviewedAt: v.reviewed_at,
            reviewNote: v.review_note,
            publishedAt: v.published_at,
            usage: usageOf(usage.filter((u) => u.version === v.version)),
          }),
        ),
      };
    },

    async 'scripts.reviewQueue'() {
      const actor = await requireStaff();
      const rows = await db.selectFrom('script_versions').selectAll().where('status', '=', 'review').orderBy('submitted_at').orderBy('id').execute();
      const inForce = new Map((await db.selectFrom('scripts').select(['id', 'version']).where('status', '=', 'published').execute()).map((s) => [s.id, s.version]));
      const users = await names();
      return rows.map(
        (v): ReviewQueueItemView => ({
          scriptId: v.script_id,
          versionId: v.id,
          version: v.version,
          title: v.title,
          authorId: v.author_id,
          authorName: users.get(v.author_id) ?? null,
          submittedAt: v.submitted_at ?? v.updated_at,
          versionInForce: inForce.get(v.script_id) ?? null,
          mine: v.author_id === actor.userId,
        }),
      );
    },

    async 'scripts.draft'({ scriptId, ...content }) {
      const ids = { scriptId: scriptId ?? uuidv7(), versionId: uuidv7() };
      await mutate('script.draft', { ...ids, ...content });
      return ids;
    },
    async 'scripts.edit'(args) {
      await mutate('script.edit', args);
    },
    async 'scripts.submit'(args) {
      await mutate('script.submit', args);
    },
    async 'scripts.withdraw'(args) {
      await mutate('script.withdraw', args);
    },
    async 'scripts.discard'(args) {
      await mutate('script.discard', args);
    },
    async 'scripts.approve'(args) {
      await mutate('script.approve', args);
    },
    async 'scripts.reject'(args) {
      await mutate('script.reject', args);
    },
    async 'scripts.retire'(args) {
      await mutate('script.retire', args);
    },
    async 'scripts.restore'(args) {
      await mutate('script.restore', args);
    },

    async 'replyRules.list'() {
      const groups = await currentRuleGroups(db as unknown as Kysely<DomainTables>);
      const users = await names();
      return groups.map(
        (g): ReplyRuleGroupView => ({
          family: g.family,
          groupId: g.groupId,
          terms: g.terms,
          except: g.except,
          suggestion: g.suggestion,
          enabled: g.enabled,
          builtIn: g.builtIn,
          edited: g.edited ? { version: g.edited.version, byName: users.get(g.edited.by) ?? null, at: g.edited.at } : null,
        }),
      );
    },
    async 'replyRules.check'({ text, customerEmotion }) {
      return { findings: checkReply(text, { customerEmotion }, await rules.current()) };
    },
    async 'replyRules.update'(args) {
      await mutate('replyRule.update', args);
    },
    async 'replyRules.add'(args) {
      await mutate('replyRule.add', args);
    },
    async 'replyRules.reset'(args) {
      await mutate('replyRule.reset', args);
    },
  };
}
