import { z } from 'zod';
import type { ScriptVersionStatus } from '../db/replica-schema';
import { SCRIPT_CATEGORIES, SCRIPT_STAGES, type ScriptCategory, type ScriptStage } from '../domain/enums';
import { SCRIPT_BODY_MAX, SCRIPT_KEYWORD_MAX, SCRIPT_KEYWORDS_MAX, SCRIPT_NOTE_MAX, SCRIPT_TITLE_MAX } from '../scripts/script-workflow';
import type { ReplyFinding } from '../text/reply-check';
import { EDITABLE_RULE_FAMILIES, RULE_GROUP_NAME_MAX, RULE_SUGGESTION_MAX, RULE_WORD_MAX, RULE_WORDS_MAX, type EditableRuleFamily } from '../text/reply-rule-edits';
import { command, query } from './channel';
import { CUSTOMER_EMOTIONS } from './knowledge';

/** The script library's review workflow and the reply-rule editor (SPEC §4, issue #6; docs/scripts.md). */

/** How a script version did, as counted by the server. */
export interface ScriptUsageView {
  /** Sent replies made from it. */
  uses: number;
  chats: number;
  /** Chats the customer rated, and of those rated 4–5 of 5. */
  ratedChats: number;
  goodChats: number;
}

/** in_force: agents use it; retired: withdrawn from use; unpublished: no version approved yet. */
export type ScriptState = 'in_force' | 'retired' | 'unpublished';

export interface ScriptLibraryItemView {
  scriptId: string;
  /** Of the version in force, else of the latest version. */
  title: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
  state: ScriptState;
  versionInForce: number | null;
  /** The version being worked on, if any (a script has at most one). */
  openVersion: { versionId: string; version: number; status: 'draft' | 'review' | 'rejected'; authorId: string; authorName: string | null; updatedAt: string } | null;
  /** Every version together. */
  usage: ScriptUsageView;
}

export interface ScriptVersionView {
  versionId: string;
  version: number;
  title: string;
  body: string;
  category: ScriptCategory;
  stage: ScriptStage | null;
  keywords: string[];
  changeNote: string;
  status: ScriptVersionStatus;
  authorId: string;
  authorName: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewerName: string | null;
  reviewedAt: string | null;
  /** The reviewer's reason for sending it back, or their note on approving. */
  reviewNote: string | null;
  publishedAt: string | null;
  usage: ScriptUsageView;
}

export interface ScriptDetailView {
  scriptId: string;
  state: ScriptState;
  versionInForce: number | null;
  /** Newest first. */
  versions: ScriptVersionView[];
}

export interface ReviewQueueItemView {
  scriptId: string;
  versionId: string;
  version: number;
  title: string;
  authorId: string;
  authorName: string | null;
  submittedAt: string;
  versionInForce: number | null;
  /** The signed-in user wrote it, so may not approve it. */
  mine: boolean;
}

export interface ReplyRuleGroupView {
  family: EditableRuleFamily;
  groupId: string;
  terms: string[];
  except: string[];
  suggestion: { hans: string; hant: string } | null;
  enabled: boolean;
  builtIn: boolean;
  edited: { version: number; byName: string | null; at: string } | null;
}

const id = z.string().min(1).max(100);
const ref = { scriptId: id, versionId: id };
const content = {
  title: z.string().max(SCRIPT_TITLE_MAX * 2),
  body: z.string().max(SCRIPT_BODY_MAX * 2),
  category: z.enum(SCRIPT_CATEGORIES),
  stage: z.enum(SCRIPT_STAGES).nullable(),
  keywords: z.array(z.string().max(SCRIPT_KEYWORD_MAX * 2)).max(SCRIPT_KEYWORDS_MAX * 2),
  changeNote: z.string().max(SCRIPT_NOTE_MAX).default(''),
};
const family = z.enum(EDITABLE_RULE_FAMILIES);
const groupId = z.string().min(1).max(RULE_GROUP_NAME_MAX * 2);
const words = z.array(z.string().max(RULE_WORD_MAX * 2)).max(RULE_WORDS_MAX);
const suggestion = z.object({ hans: z.string().max(RULE_SUGGESTION_MAX * 2), hant: z.string().max(RULE_SUGGESTION_MAX * 2) });
const libraryTables = ['script_versions', 'scripts', 'script_usage', 'users'] as const;

export const scriptChannels = {
  /** Supervisors and admins: every script with its state, the version being worked on and its usage. */
  'scripts.library': query<ScriptLibraryItemView[]>()(z.object({}).default({}), libraryTables),
  'scripts.detail': query<ScriptDetailView>()(z.object({ scriptId: id }), libraryTables),
  /** Versions waiting for a reviewer, oldest first. */
  'scripts.reviewQueue': query<ReviewQueueItemView[]>()(z.object({}).default({}), libraryTables),
  /** A new version of `scriptId`, or without it a new script. */
  'scripts.draft': command<{ scriptId: string; versionId: string }>()(z.object({ scriptId: id.optional(), ...content })),
  'scripts.edit': command<void>()(z.object({ ...ref, ...content })),
  'scripts.submit': command<void>()(z.object(ref)),
  'scripts.withdraw': command<void>()(z.object(ref)),
  'scripts.discard': command<void>()(z.object(ref)),
  'scripts.approve': command<void>()(z.object({ ...ref, note: z.string().max(SCRIPT_NOTE_MAX).default('') })),
  'scripts.reject': command<void>()(z.object({ ...ref, reason: z.string().max(SCRIPT_NOTE_MAX) })),
  'scripts.retire': command<void>()(z.object({ scriptId: id })),
  'scripts.restore': command<void>()(z.object({ scriptId: id })),

  /** The reply check's word groups in force on this workstation (the rules file with admins' edits). */
  'replyRules.list': query<ReplyRuleGroupView[]>()(z.object({}).default({}), ['reply_rule_groups', 'users']),
  /** Checks a sample reply with the rules in force, without a customer: for trying an edit out. */
  'replyRules.check': query<{ findings: ReplyFinding[] }>()(
    z.object({ text: z.string().max(5000), customerEmotion: z.enum(CUSTOMER_EMOTIONS).optional() }),
    ['reply_rule_groups'],
  ),
  'replyRules.update': command<void>()(
    z.object({
      family,
      groupId,
      addTerms: words.default([]),
      removeTerms: words.default([]),
      addExcept: words.default([]),
      removeExcept: words.default([]),
      suggestion: suggestion.optional(),
      enabled: z.boolean().optional(),
    }),
  ),
  'replyRules.add': command<void>()(z.object({ family, groupId, terms: words.min(1), suggestion: suggestion.nullable() })),
  'replyRules.reset': command<void>()(z.object({ family, groupId })),
};

export type ScriptChannelName = keyof typeof scriptChannels;
