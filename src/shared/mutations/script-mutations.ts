import type { Kysely } from 'kysely';
import { z } from 'zod';
import rulesJson from '../../../resources/lexicons/reply-rules.json';
import type { DomainTables, ReplyRuleGroupsTable, ScriptVersionsTable } from '../db/replica-schema';
import { SCRIPT_CATEGORIES, SCRIPT_STAGES } from '../domain/enums';
import {
  normaliseKeywords,
  OPEN_VERSION_STATUSES,
  SCRIPT_BODY_MAX,
  SCRIPT_KEYWORD_MAX,
  SCRIPT_KEYWORDS_MAX,
  SCRIPT_NOTE_MAX,
  SCRIPT_TITLE_MAX,
  isScriptStaff,
  scriptActionProblem,
  scriptContentProblem,
  type ScriptAction,
} from '../scripts/script-workflow';
import {
  editRuleGroup,
  EDITABLE_RULE_FAMILIES,
  effectiveRuleGroups,
  RULE_GROUP_NAME_MAX,
  RULE_SUGGESTION_MAX,
  RULE_WORD_MAX,
  RULE_WORDS_MAX,
  ruleGroupRowId,
  type EffectiveRuleGroup,
  type GroupEdit,
  type RuleGroupOverride,
} from '../text/reply-rule-edits';
import type { ReplyRulesData } from '../text/reply-rules';
import { defineMutator, MutationRejected, type MutationActor, type MutationContext } from './define';

/**
 * The script library's review workflow (src/shared/scripts/script-workflow.ts) and admins'
 * edits of the reply check's word lists (src/shared/text/reply-rule-edits.ts).
 */

const id = z.string().min(1).max(100);
const content = {
  title: z.string().max(SCRIPT_TITLE_MAX * 2),
  body: z.string().max(SCRIPT_BODY_MAX * 2),
  category: z.enum(SCRIPT_CATEGORIES),
  stage: z.enum(SCRIPT_STAGES).nullable(),
  keywords: z.array(z.string().max(SCRIPT_KEYWORD_MAX * 2)).max(SCRIPT_KEYWORDS_MAX * 2),
  changeNote: z.string().max(SCRIPT_NOTE_MAX),
};
const versionRef = { scriptId: id, versionId: id };

export const BUILT_IN_REPLY_RULES: ReplyRulesData = rulesJson satisfies ReplyRulesData;

type Db = Kysely<DomainTables>;

function checkedContent(args: { title: string; body: string; keywords: string[] }) {
  const title = args.title.trim();
  const keywords = normaliseKeywords(args.keywords);
  const problem = scriptContentProblem({ title, body: args.body, keywords });
  if (problem) throw new MutationRejected(problem.key, undefined, problem.params);
  return { title, body: args.body, keywords: JSON.stringify(keywords) };
}

async function versionFor(db: Db, scriptId: string, versionId: string): Promise<ScriptVersionsTable> {
  const row = await db.selectFrom('script_versions').selectAll().where('id', '=', versionId).executeTakeFirst();
  if (!row || row.script_id !== scriptId) throw new MutationRejected('script-admin:error.not_found');
  return row;
}

async function allowed(db: Db, action: ScriptAction, actor: MutationActor, scriptId: string, versionId: string): Promise<ScriptVersionsTable> {
  if (!isScriptStaff(actor.role)) throw new MutationRejected('script-admin:error.staff_only');
  const version = await versionFor(db, scriptId, versionId);
  const problem = scriptActionProblem(action, { status: version.status, authorId: version.author_id }, actor);
  if (problem) throw new MutationRejected(problem);
  return version;
}

function requireStaff(actor: MutationActor): void {
  if (!isScriptStaff(actor.role)) throw new MutationRejected('script-admin:error.staff_only');
}

/** Puts a published version in force: agents' replicas get `scripts` rows only. */
async function putInForce(db: Db, version: ScriptVersionsTable, now: string): Promise<void> {
  const row = {
    title: version.title,
    body: version.body,
    category: version.category,
    stage: version.stage,
    keywords: version.keywords,
    status: 'published' as const,
    version: version.version,
    updated_at: now,
  };
  await db
    .insertInto('scripts')
    .values({ id: version.script_id, ...row, usage_count: 0 })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

export const scriptMutators = {
  /**
   * Starts a new version of a script, or a new script (version 1): a draft only its author
   * edits. A script has one version in the works at a time.
   */
  'script.draft': defineMutator({
    args: z.object({ ...versionRef, ...content }),
    writes: ['script_versions'],
    async apply({ db, actor, now }, args) {
      requireStaff(actor);
      const checked = checkedContent(args);
      const open = await db
        .selectFrom('script_versions')
        .select('id')
        .where('script_id', '=', args.scriptId)
        .where('status', 'in', OPEN_VERSION_STATUSES)
        .executeTakeFirst();
      if (open) throw new MutationRejected('script-admin:error.open_draft');
      const last = await db.selectFrom('script_versions').select((eb) => eb.fn.max('version').as('max')).where('script_id', '=', args.scriptId).executeTakeFirst();
      const inForce = await db.selectFrom('scripts').select('version').where('id', '=', args.scriptId).executeTakeFirst();
      const version = Math.max(Number(last?.max ?? 0), inForce?.version ?? 0) + 1;
      await db
        .insertInto('script_versions')
        .values({
          id: args.versionId,
          script_id: args.scriptId,
          version,
          ...checked,
          category: args.category,
          stage: args.stage,
          change_note: args.changeNote.trim(),
          status: 'draft',
          author_id: actor.userId,
          created_at: now,
          updated_at: now,
          submitted_at: null,
          reviewer_id: null,
          reviewed_at: null,
          review_note: null,
          published_at: null,
        })
        .execute();
    },
  }),

  /** The author changes their draft; a version sent back becomes a draft again, its reason kept until resubmitted. */
  'script.edit': defineMutator({
    args: z.object({ ...versionRef, ...content }),
    writes: ['script_versions'],
    async apply({ db, actor, now }, args) {
      await allowed(db, 'edit', actor, args.scriptId, args.versionId);
      const checked = checkedContent(args);
      await db
        .updateTable('script_versions')
        .set({ ...checked, category: args.category, stage: args.stage, change_note: args.changeNote.trim(), status: 'draft', updated_at: now })
        .where('id', '=', args.versionId)
        .execute();
    },
  }),

  'script.submit': defineMutator({
    args: z.object(versionRef),
    writes: ['script_versions'],
    async apply({ db, actor, now }, args) {
      await allowed(db, 'submit', actor, args.scriptId, args.versionId);
      await db.updateTable('script_versions').set({ status: 'review', submitted_at: now, updated_at: now }).where('id', '=', args.versionId).execute();
    },
  }),

  /** The author takes their version back from review to change it. */
  'script.withdraw': defineMutator({
    args: z.object(versionRef),
    writes: ['script_versions'],
    async apply({ db, actor, now }, args) {
      await allowed(db, 'withdraw', actor, args.scriptId, args.versionId);
      await db.updateTable('script_versions').set({ status: 'draft', submitted_at: null, updated_at: now }).where('id', '=', args.versionId).execute();
    },
  }),

  /** A draft nobody will finish: gone, by its author or an admin. Published versions are never deleted. */
  'script.discard': defineMutator({
    args: z.object(versionRef),
    writes: ['script_versions'],
    async apply({ db, actor }, args) {
      await allowed(db, 'discard', actor, args.scriptId, args.versionId);
      await db.deleteFrom('script_versions').where('id', '=', args.versionId).execute();
    },
  }),

  /** A reviewer other than the author puts the version in force; earlier versions stay readable. */
  'script.approve': defineMutator({
    args: z.object({ ...versionRef, note: z.string().max(SCRIPT_NOTE_MAX).default('') }),
    writes: ['script_versions', 'scripts'],
    async apply({ db, actor, now }, args) {
      const version = await allowed(db, 'approve', actor, args.scriptId, args.versionId);
      const note = args.note.trim();
      await db
        .updateTable('script_versions')
        .set({ status: 'published', reviewer_id: actor.userId, reviewed_at: now, review_note: note === '' ? null : note, published_at: now, updated_at: now })
        .where('id', '=', args.versionId)
        .execute();
      await putInForce(db, version, now);
    },
  }),

  /** Sent back to its author with the reason; the version in force stays as it is. */
  'script.reject': defineMutator({
    args: z.object({ ...versionRef, reason: z.string().max(SCRIPT_NOTE_MAX) }),
    writes: ['script_versions'],
    async apply({ db, actor, now }, args) {
      await allowed(db, 'reject', actor, args.scriptId, args.versionId);
      const reason = args.reason.trim();
      if (reason === '') throw new MutationRejected('script-admin:error.reason_required');
      await db
        .updateTable('script_versions')
        .set({ status: 'rejected', reviewer_id: actor.userId, reviewed_at: now, review_note: reason, updated_at: now })
        .where('id', '=', args.versionId)
        .execute();
    },
  }),

  /** Withdrawn from use: agents' replicas lose it; its versions stay. */
  'script.retire': defineMutator({
    args: z.object({ scriptId: id }),
    writes: ['script_versions', 'scripts'],
    async apply({ db, actor, now }, args) {
      requireStaff(actor);
      const inForce = await db.selectFrom('scripts').select(['version', 'status']).where('id', '=', args.scriptId).executeTakeFirst();
      if (!inForce || inForce.status !== 'published') throw new MutationRejected('script-admin:error.not_in_force');
      await db
        .updateTable('script_versions')
        .set({ status: 'retired', updated_at: now })
        .where('script_id', '=', args.scriptId)
        .where('version', '=', inForce.version)
        .where('status', '=', 'published')
        .execute();
      await db.deleteFrom('scripts').where('id', '=', args.scriptId).execute();
    },
  }),

  /** Back in use as it was when retired: it had been approved, so it needs no new review. */
  'script.restore': defineMutator({
    args: z.object({ scriptId: id }),
    writes: ['script_versions', 'scripts'],
    async apply({ db, actor, now }, args) {
      requireStaff(actor);
      if (await db.selectFrom('scripts').select('id').where('id', '=', args.scriptId).executeTakeFirst()) throw new MutationRejected('script-admin:error.in_force');
      const retired = await db
        .selectFrom('script_versions')
        .selectAll()
        .where('script_id', '=', args.scriptId)
        .where('status', '=', 'retired')
        .orderBy('version', 'desc')
        .executeTakeFirst();
      if (!retired) throw new MutationRejected('script-admin:error.nothing_to_restore');
      await db.updateTable('script_versions').set({ status: 'published', updated_at: now }).where('id', '=', retired.id).execute();
      await putInForce(db, retired, now);
    },
  }),
};

// ---------------------------------------------------------------------------------------------
// Reply rules

const parseWords = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

export function ruleOverrideOf(row: ReplyRuleGroupsTable): RuleGroupOverride {
  return {
    family: row.family,
    groupId: row.group_id,
    terms: parseWords(row.terms),
    except: parseWords(row.except_words),
    suggestion: row.suggestion_hans !== null && row.suggestion_hant !== null ? { hans: row.suggestion_hans, hant: row.suggestion_hant } : null,
    enabled: row.enabled !== 0,
    builtIn: row.built_in !== 0,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The reply check's groups as this database holds them: the rules file with admins' edits applied. */
export async function currentRuleGroups(db: Kysely<DomainTables>): Promise<EffectiveRuleGroup[]> {
  const rows = await db.selectFrom('reply_rule_groups').selectAll().orderBy('id').execute();
  return effectiveRuleGroups(BUILT_IN_REPLY_RULES, rows.map(ruleOverrideOf));
}

const family = z.enum(EDITABLE_RULE_FAMILIES);
const word = z.string().max(RULE_WORD_MAX * 2);
const words = z.array(word).max(RULE_WORDS_MAX);
const suggestion = z.object({ hans: z.string().max(RULE_SUGGESTION_MAX * 2), hant: z.string().max(RULE_SUGGESTION_MAX * 2) });
const groupId = z.string().min(1).max(RULE_GROUP_NAME_MAX * 2);

function requireAdmin(actor: MutationActor): void {
  if (actor.role !== 'admin') throw new MutationRejected('script-admin:rules.error.admin_only');
}

async function storeGroup({ db, actor, now }: MutationContext, group: EffectiveRuleGroup): Promise<void> {
  const row = {
    family: group.family,
    group_id: group.groupId,
    terms: JSON.stringify(group.terms),
    except_words: JSON.stringify(group.except),
    suggestion_hans: group.suggestion?.hans ?? null,
    suggestion_hant: group.suggestion?.hant ?? null,
    enabled: group.enabled ? 1 : 0,
    built_in: group.builtIn ? 1 : 0,
    updated_by: actor.userId,
    updated_at: now,
  };
  const rowId = ruleGroupRowId(group.family, group.groupId);
  const stored = await db.selectFrom('reply_rule_groups').select('version').where('id', '=', rowId).executeTakeFirst();
  if (stored) await db.updateTable('reply_rule_groups').set({ ...row, version: stored.version + 1 }).where('id', '=', rowId).execute();
  else await db.insertInto('reply_rule_groups').values({ id: rowId, ...row, version: 1 }).execute();
}

async function edited(ctx: MutationContext, target: Parameters<typeof editRuleGroup>[2], edit: GroupEdit): Promise<EffectiveRuleGroup> {
  requireAdmin(ctx.actor);
  const result = editRuleGroup(BUILT_IN_REPLY_RULES, await currentRuleGroups(ctx.db), target, edit);
  if ('problem' in result) throw new MutationRejected(result.problem.key, undefined, result.problem.params);
  return result.group;
}

export const replyRuleMutators = {
  /**
   * Words added to or removed from one group, its alternative, switched on or off. Edits are
   * changes, not a replaced list: two admins' edits of one group, made offline, both apply.
   */
  'replyRule.update': defineMutator({
    args: z.object({
      family,
      groupId,
      addTerms: words.default([]),
      removeTerms: words.default([]),
      addExcept: words.default([]),
      removeExcept: words.default([]),
      suggestion: suggestion.optional(),
      enabled: z.boolean().optional(),
    }),
    writes: ['reply_rule_groups'],
    async apply(ctx, { family: f, groupId: g, ...edit }) {
      await storeGroup(ctx, await edited(ctx, { family: f, groupId: g }, edit));
    },
  }),

  /** A group of the admin's own: its words and the alternative offered for them. */
  'replyRule.add': defineMutator({
    args: z.object({ family, groupId, terms: words.min(1), suggestion: suggestion.nullable() }),
    writes: ['reply_rule_groups'],
    async apply(ctx, args) {
      await storeGroup(ctx, await edited(ctx, { family: args.family, groupId: args.groupId.trim(), create: { terms: args.terms, suggestion: args.suggestion } }, {}));
    },
  }),

  /** Back to the rules file's group; a group an admin added is removed. */
  'replyRule.reset': defineMutator({
    args: z.object({ family, groupId }),
    writes: ['reply_rule_groups'],
    async apply({ db, actor }, args) {
      requireAdmin(actor);
      const result = await db.deleteFrom('reply_rule_groups').where('id', '=', ruleGroupRowId(args.family, args.groupId)).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new MutationRejected('script-admin:rules.error.not_edited');
    },
  }),
};
