import type { Role } from '../domain/enums';
import { DEFAULT_AUTHORITY_FEN, type ApprovalKind } from './process';

/**
 * 權限邊界 (SPEC §6): how much a user may refund or give as a coupon without a supervisor. One
 * function decides it for the mutators (replica and server), the ticket view and the admin's
 * table of limits, so all three always say the same.
 */

/** No supervisor needed: supervisors and admins, unless an admin sets them a limit. */
export const UNLIMITED_FEN = Number.MAX_SAFE_INTEGER;
/** 1,000,000 yuan: above any limit a call centre gives one person, low enough to catch a typo. */
export const MAX_AUTHORITY_FEN = 100_000_000;
/** Roles an admin sets limits for; an admin's own authority is not limited. */
export const LIMITED_ROLES = ['supervisor', 'agent', 'trainee'] as const satisfies readonly Role[];
export type LimitedRole = (typeof LIMITED_ROLES)[number];

export interface AuthorityLimitRow {
  role: Role | null;
  user_id: string | null;
  kind: ApprovalKind;
  max_fen: number;
}

/** Where a user's limit comes from: their own row, their role's row, or the standard's default. */
export type AuthoritySource = 'user' | 'role' | 'default';

export interface EffectiveAuthority {
  fen: number;
  source: AuthoritySource;
}

/** The standard's default when no row says otherwise: agents 100 / 20 yuan, trainees nothing, leads unlimited. */
export function defaultAuthorityFen(role: Role, kind: ApprovalKind): number {
  if (role === 'trainee') return 0;
  if (role === 'supervisor' || role === 'admin') return UNLIMITED_FEN;
  return DEFAULT_AUTHORITY_FEN[kind];
}

/** The user's own row wins, then their role's, then the default. */
export function effectiveAuthority(rows: readonly AuthorityLimitRow[], user: { id: string; role: Role }, kind: ApprovalKind): EffectiveAuthority {
  const own = rows.find((r) => r.kind === kind && r.user_id === user.id);
  if (own) return { fen: own.max_fen, source: 'user' };
  const role = rows.find((r) => r.kind === kind && r.user_id === null && r.role === user.role);
  if (role) return { fen: role.max_fen, source: 'role' };
  return { fen: defaultAuthorityFen(user.role, kind), source: 'default' };
}

/** "200", "12.5", "0" → fen; null for anything that is not a non-negative amount with at most two decimals, or above the maximum. */
export function parseLimitYuan(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match?.[1]) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_AUTHORITY_FEN ? fen : null;
}
