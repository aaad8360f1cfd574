import { describe, expect, it } from 'vitest';
import type { ScriptVersionStatus } from '../../src/shared/db/replica-schema';
import type { Role } from '../../src/shared/domain/enums';
import { SCRIPT_ACTION_RESULT, scriptActionProblem, scriptContentProblem, type ScriptAction } from '../../src/shared/scripts/script-workflow';

const STATUSES: ScriptVersionStatus[] = ['draft', 'review', 'rejected', 'published', 'retired'];
const ACTIONS: ScriptAction[] = ['edit', 'submit', 'withdraw', 'discard', 'approve', 'reject'];
const author = { userId: 'u-sup-1', role: 'supervisor' as Role };
const otherSupervisor = { userId: 'u-sup-2', role: 'supervisor' as Role };
const admin = { userId: 'u-admin-1', role: 'admin' as Role };

describe('script review workflow', () => {
  it('allows exactly these transitions to the author and to another reviewer', () => {
    const allowed = (actor: typeof author) =>
      ACTIONS.flatMap((action) => STATUSES.filter((status) => scriptActionProblem(action, { status, authorId: 'u-sup-1' }, actor) === null).map((status) => `${action}:${status}`));
    expect(allowed(author)).toEqual(['edit:draft', 'edit:rejected', 'submit:draft', 'submit:rejected', 'withdraw:review', 'discard:draft', 'discard:rejected']);
    expect(allowed(otherSupervisor)).toEqual(['approve:review', 'reject:review']);
    // An admin may also clear away a draft somebody left behind.
    expect(allowed(admin)).toEqual(['discard:draft', 'discard:rejected', 'approve:review', 'reject:review']);
  });

  it('lets no agent or trainee do anything, and nobody approve their own version', () => {
    for (const role of ['agent', 'trainee'] as const) {
      for (const action of ACTIONS) expect(scriptActionProblem(action, { status: 'review', authorId: 'u-agent-1' }, { userId: 'u-agent-1', role })).toBe('script-admin:error.staff_only');
    }
    expect(scriptActionProblem('approve', { status: 'review', authorId: 'u-admin-1' }, admin)).toBe('script-admin:error.own_version');
    expect(scriptActionProblem('reject', { status: 'review', authorId: 'u-sup-1' }, author)).toBe('script-admin:error.own_version');
    expect(scriptActionProblem('approve', { status: 'draft', authorId: 'u-sup-1' }, admin)).toBe('script-admin:error.not_in_review');
    expect(scriptActionProblem('edit', { status: 'review', authorId: 'u-sup-1' }, author)).toBe('script-admin:error.not_editable');
    expect(scriptActionProblem('edit', { status: 'published', authorId: 'u-sup-1' }, author)).toBe('script-admin:error.not_editable');
  });

  it('says where each action leaves the version', () => {
    expect(SCRIPT_ACTION_RESULT).toEqual({ edit: 'draft', submit: 'review', withdraw: 'draft', discard: null, approve: 'published', reject: 'rejected' });
  });

  it('refuses text the console could not use, naming the problem', () => {
    const ok = { title: '退款受理', body: '您好，我是{{agentName}}，订单{{ orderNo }}已受理', keywords: ['退款'] };
    expect(scriptContentProblem(ok)).toBeNull();
    expect(scriptContentProblem({ ...ok, title: '  ' })).toEqual({ key: 'script-admin:error.title_required' });
    expect(scriptContentProblem({ ...ok, body: '' })).toEqual({ key: 'script-admin:error.body_required' });
    expect(scriptContentProblem({ ...ok, body: '您好{{nickname}}' })).toEqual({ key: 'script-admin:error.unknown_placeholder', params: expect.objectContaining({ name: 'nickname' }) });
    expect(scriptContentProblem({ ...ok, body: '您好{{agentName}' })).toEqual({ key: 'script-admin:error.broken_placeholder' });
    expect(scriptContentProblem({ ...ok, keywords: ['退'.repeat(21)] })).toMatchObject({ key: 'script-admin:error.keyword_too_long' });
  });
});
