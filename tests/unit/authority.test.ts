import { describe, expect, it } from 'vitest';
import { effectiveAuthority, MAX_AUTHORITY_FEN, parseLimitYuan, UNLIMITED_FEN, type AuthorityLimitRow } from '../../src/shared/tickets/authority';

describe('authority limits (權限邊界)', () => {
  const rows: AuthorityLimitRow[] = [
    { role: 'agent', user_id: null, kind: 'refund', max_fen: 20000 },
    { role: null, user_id: 'u-agent-1', kind: 'refund', max_fen: 50000 },
    { role: 'supervisor', user_id: null, kind: 'coupon', max_fen: 100000 },
  ];

  it('takes the user’s own limit, else the role’s, else the standard’s default', () => {
    expect(effectiveAuthority(rows, { id: 'u-agent-1', role: 'agent' }, 'refund')).toEqual({ fen: 50000, source: 'user' });
    expect(effectiveAuthority(rows, { id: 'u-agent-2', role: 'agent' }, 'refund')).toEqual({ fen: 20000, source: 'role' });
    expect(effectiveAuthority(rows, { id: 'u-agent-2', role: 'agent' }, 'coupon')).toEqual({ fen: 2000, source: 'default' });
    expect(effectiveAuthority(rows, { id: 'u-trainee-1', role: 'trainee' }, 'refund')).toEqual({ fen: 0, source: 'default' });
    expect(effectiveAuthority(rows, { id: 'u-sup-1', role: 'supervisor' }, 'refund')).toEqual({ fen: UNLIMITED_FEN, source: 'default' });
    expect(effectiveAuthority(rows, { id: 'u-sup-1', role: 'supervisor' }, 'coupon')).toEqual({ fen: 100000, source: 'role' });
  });

  it('reads a limit typed in yuan: zero allowed, at most two decimals, nothing above the maximum', () => {
    expect(parseLimitYuan('200')).toBe(20000);
    expect(parseLimitYuan(' 12.5 ')).toBe(1250);
    expect(parseLimitYuan('0')).toBe(0);
    expect(parseLimitYuan(String(MAX_AUTHORITY_FEN / 100))).toBe(MAX_AUTHORITY_FEN);
    for (const text of ['-1', '1.234', 'abc', '', '1000001']) expect({ text, fen: parseLimitYuan(text) }).toEqual({ text, fen: null });
  });
});
