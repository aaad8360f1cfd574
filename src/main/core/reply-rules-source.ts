import type { Kysely } from 'kysely';
import type { DomainTables, ReplicaDatabase } from '../../shared/db/replica-schema';
import { BUILT_IN_REPLY_RULES, currentRuleGroups } from '../../shared/mutations/script-mutations';
import { DEFAULT_REPLY_RULES, compileReplyRules, type CompiledReplyRules } from '../../shared/text/reply-check';
import { applyRuleGroups } from '../../shared/text/reply-rule-edits';

export interface ReplyRulesSource {
  /** The rules in force on this replica: the rules file with admins' synced edits applied. */
  current(): Promise<CompiledReplyRules>;
}

/** Compiling costs about a millisecond, so it is redone only when an edited group changed. */
export function createReplyRulesSource(db: Kysely<ReplicaDatabase>): ReplyRulesSource {
  let compiled: { fingerprint: string; rules: CompiledReplyRules } | null = null;
  return {
    async current() {
      const stamps = await db.selectFrom('reply_rule_groups').select(['id', 'version', 'updated_at']).orderBy('id').execute();
      if (stamps.length === 0) return DEFAULT_REPLY_RULES;
      const fingerprint = stamps.map((s) => `${s.id}\u0000${s.version}\u0000${s.updated_at}`).join('\u0001');
      if (compiled?.fingerprint !== fingerprint) {
        const groups = await currentRuleGroups(db as unknown as Kysely<DomainTables>);
        compiled = { fingerprint, rules: compileReplyRules(applyRuleGroups(BUILT_IN_REPLY_RULES, groups)) };
      }
      return compiled.rules;
    },
  };
}
