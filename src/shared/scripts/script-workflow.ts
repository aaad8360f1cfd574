/**
 * The review workflow of scripts (SPEC §4: "versioned, reviewed and approved before use"), pure:
 * who may do what to a script version in which state. The mutators (src/shared/mutations/
 * script-mutations.ts) enforce it on the replica and, authoritatively, on the server; the
 * library screen asks the same functions which buttons to offer.
 *
 *   draft ──submit──▶ review ──approve──▶ published ──(a later version approved)──▶ kept as history
 *     ▲  ◀─withdraw──    │                    │
 *     └──edit── rejected ◀─reject (reason)    └──retire──▶ retired ──restore──▶ published
 *
 * Authors are supervisors and admins. Agents do not author: their replicas hold no drafts (scope)
 * and the library is a staff screen; they keep using what was approved. A reviewer is a
 * supervisor or admin other than the author: nobody approves their own words.
 */
import type { ScriptVersionStatus } from '../db/replica-schema';
import { SCRIPT_PLACEHOLDERS, type Role } from '../domain/enums';

export type ScriptAction = 'edit' | 'submit' | 'withdraw' | 'discard' | 'approve' | 'reject';

export const SCRIPT_TITLE_MAX = 100;
export const SCRIPT_BODY_MAX = 2000;
export const SCRIPT_KEYWORDS_MAX = 30;
export const SCRIPT_KEYWORD_MAX = 20;
export const SCRIPT_NOTE_MAX = 500;

/** Versions still being worked on: a script has at most one. */
export const OPEN_VERSION_STATUSES = ['draft', 'review', 'rejected'] as const satisfies readonly ScriptVersionStatus[];

const FROM: Record<ScriptAction, readonly ScriptVersionStatus[]> = {
  edit: ['draft', 'rejected'],
  submit: ['draft', 'rejected'],
  withdraw: ['review'],
  discard: ['draft', 'rejected'],
  approve: ['review'],
  reject: ['review'],
};

/** Where an action leaves the version; null: it is gone. */
export const SCRIPT_ACTION_RESULT: Record<ScriptAction, ScriptVersionStatus | null> = {
  edit: 'draft',
  submit: 'review',
  withdraw: 'draft',
  discard: null,
  approve: 'published',
  reject: 'rejected',
};

const WRONG_STATUS: Record<ScriptAction, string> = {
  edit: 'script-admin:error.not_editable',
  submit: 'script-admin:error.not_editable',
  withdraw: 'script-admin:error.not_in_review',
  discard: 'script-admin:error.not_editable',
  approve: 'script-admin:error.not_in_review',
  reject: 'script-admin:error.not_in_review',
};

export const isScriptStaff = (role: Role): boolean => role === 'supervisor' || role === 'admin';

export interface Actor {
  userId: string;
  role: Role;
}

/** Why `actor` may not do `action` to a version in `status` written by `authorId`; null when they may. */
export function scriptActionProblem(action: ScriptAction, version: { status: ScriptVersionStatus; authorId: string }, actor: Actor): string | null {
  if (!isScriptStaff(actor.role)) return 'script-admin:error.staff_only';
  const mine = version.authorId === actor.userId;
  if ((action === 'edit' || action === 'submit' || action === 'withdraw') && !mine) return 'script-admin:error.not_author';
  if (action === 'discard' && !mine && actor.role !== 'admin') return 'script-admin:error.not_author';
  if ((action === 'approve' || action === 'reject') && mine) return 'script-admin:error.own_version';
  if (!FROM[action].includes(version.status)) return WRONG_STATUS[action];
  return null;
}

export interface ScriptContent {
  title: string;
  body: string;
  keywords: readonly string[];
}

export interface ContentProblem {
  key: string;
  params?: Record<string, string | number>;
}

const PLACEHOLDER_OPEN = '{{';
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * What is wrong with a version's text, first problem only; null when it may be saved. A script
 * may only use the placeholders the console knows how to fill, written {{name}}.
 */
export function scriptContentProblem(content: ScriptContent): ContentProblem | null {
  if (content.title.trim() === '') return { key: 'script-admin:error.title_required' };
  if (content.title.length > SCRIPT_TITLE_MAX) return { key: 'script-admin:error.title_too_long', params: { max: SCRIPT_TITLE_MAX } };
  if (content.body.trim() === '') return { key: 'script-admin:error.body_required' };
  if (content.body.length > SCRIPT_BODY_MAX) return { key: 'script-admin:error.body_too_long', params: { max: SCRIPT_BODY_MAX } };
  const known = SCRIPT_PLACEHOLDERS as readonly string[];
  let rest = content.body;
  for (const match of content.body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!known.includes(name)) return { key: 'script-admin:error.unknown_placeholder', params: { name, known: known.join(', ') } };
    rest = rest.replace(match[0], '');
  }
  if (rest.includes(PLACEHOLDER_OPEN) || rest.includes('}}')) return { key: 'script-admin:error.broken_placeholder' };
  if (content.keywords.length > SCRIPT_KEYWORDS_MAX) return { key: 'script-admin:error.too_many_keywords', params: { max: SCRIPT_KEYWORDS_MAX } };
  const long = content.keywords.find((k) => k.length > SCRIPT_KEYWORD_MAX);
  if (long !== undefined) return { key: 'script-admin:error.keyword_too_long', params: { keyword: long, max: SCRIPT_KEYWORD_MAX } };
  return null;
}

/** Keywords as stored: trimmed, empty ones dropped, each once. */
export function normaliseKeywords(keywords: readonly string[]): string[] {
  return [...new Set(keywords.map((k) => k.trim()).filter((k) => k !== ''))];
}
