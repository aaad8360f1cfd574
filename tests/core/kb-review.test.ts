import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { ApiError } from '../../src/shared/contract';
import type { KbAdminArticleDetail, KbAdminArticleRow, KbContent, KbReviewQueue } from '../../src/shared/contract/kb-admin';
import type { KbSearchHitView } from '../../src/shared/contract/knowledge';
import { fixedClock, silentLog } from '../support/replica';

const NOW = '2026-11-22T10:00:00.000Z';
const SUPERVISOR = 'u-sup-1';
const ADMIN = 'u-admin-1';
const AGENT = 'u-agent-1';

/**
 * The review workflow through the desktop core, on a replica working alone: the same mutators the
 * server runs, so the rules proved here are the server's (tests/server/kb-review.test.ts proves
 * the server refuses the same things and that agents never receive drafts).
 */
describe('knowledge-base review workflow', () => {
  let core: Core;
  beforeEach(async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock(NOW), log: silentLog });
  });
  afterEach(() => core.close());

  const as = async (userId: string) => {
    await core.replica.db.updateTable('sync_state').set({ value: userId }).where('key', '=', 'user_id').execute();
  };
  const call = <T>(channel: string, input: unknown) => core.invoke(channel, input) as Promise<T>;
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).data.messageKey;
  };
  const detail = (articleId: string) => call<KbAdminArticleDetail>('kbAdmin.article', { articleId });
  const search = (query: string) => call<KbSearchHitView[]>('kb.search', { query });
  const contentOf = async (articleId: string): Promise<KbContent> => {
    const { current } = await detail(articleId);
    if (!current) throw new Error(`${articleId} is not published`);
    return { categoryId: current.categoryId, title: current.title, body: current.body, notes: current.notes, links: current.links, questions: current.questions };
  };

  it('draft → review → published by another reviewer: a new version, the earlier one kept, search on the new text only', async () => {
    await as(SUPERVISOR);
    const before = await contentOf('kb-a29');
    expect(await search('积分当月清零')).toEqual([]);
    const { revisionId } = await call<{ revisionId: string }>('kbAdmin.saveDraft', {
      articleId: 'kb-a29',
      revisionId: null,
      content: { ...before, body: '购物每1元得1积分，积分当月清零。' },
      changeNote: '积分有效期调整',
    });
    let article = await detail('kb-a29');
    expect(article.open).toMatchObject({ id: revisionId, status: 'draft', baseVersion: 1, author: { id: SUPERVISOR, name: '孙志强' } });
    // Agents keep reading (and searching) the published version while the draft is written.
    expect(article.current?.body).toBe(before.body);
    expect(await search('积分当月清零')).toEqual([]);

    await call('kbAdmin.submit', { revisionId });
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.own_revision');
    const queue = await call<KbReviewQueue>('kbAdmin.queue', {});
    expect(queue.inReview.map((r) => r.id)).toContain('kb-a29');

    await as(ADMIN);
    await call('kbAdmin.publish', { revisionId, note: '已与运营确认' });
    article = await detail('kb-a29');
    expect(article).toMatchObject({ version: 2, open: null, reviewedBy: { id: ADMIN }, reviewedAt: NOW, reviewDueAt: '2026-12-22T10:00:00.000Z', review: 'scheduled' });
    expect(article.versions.map((v) => [v.version, v.body === before.body])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(article.versions[0]).toMatchObject({ changeNote: '积分有效期调整', decidedBy: { id: ADMIN }, decisionNote: '已与运营确认', author: { id: SUPERVISOR } });
    expect((await search('积分当月清零')).map((h) => h.id)).toEqual(['kb-a29']);
    expect((await search('积分获取')).map((h) => h.id)).toContain('kb-a29');
    const oldOnly = before.body.slice(0, 8);
    expect((await search(oldOnly)).map((h) => h.id)).not.toContain('kb-a29');
  });

  it('refuses illegal steps: agents edit nothing, a draft is not published before review, a rejection needs a reason', async () => {
    await as(AGENT);
    const content = await (async () => {
      await as(SUPERVISOR);
      const c = await contentOf('kb-a30');
      await as(AGENT);
      return c;
    })();
    expect(await refusal(call('kbAdmin.saveDraft', { articleId: 'kb-a30', revisionId: null, content: { ...content, body: '代理人改的' } }))).toBe('kb-admin:rejected.editors_only');
    expect(await refusal(call('kbAdmin.articles', {}))).toBe('kb-admin:rejected.editors_only');

    await as(SUPERVISOR);
    const { revisionId } = await call<{ revisionId: string }>('kbAdmin.saveDraft', { articleId: 'kb-a30', revisionId: null, content: { ...content, body: `${content.body}发货后不可修改。` } });
    await as(ADMIN);
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.not_in_review');
    await as(SUPERVISOR);
    await call('kbAdmin.submit', { revisionId });
    await as(AGENT);
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.reviewers_only');
    expect(await refusal(call('kbAdmin.urgentPublish', { articleId: 'kb-a30', revisionId, content, reason: '紧急' }))).toBe('kb-admin:rejected.urgent_admins_only');
    await as(ADMIN);
    const invalid = await call('kbAdmin.reject', { revisionId, reason: '  ' }).catch((e: unknown) => e);
    expect((invalid as ApiError).data.issues?.[0]?.messageKey).toBe('kb-admin:invalid.reason_required');
    await call('kbAdmin.reject', { revisionId, reason: '发货后能否修改需以物流状态为准' });
    expect((await detail('kb-a30')).open).toMatchObject({ status: 'rejected', decisionNote: '发货后能否修改需以物流状态为准', decidedBy: { id: ADMIN } });
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.not_in_review');

    // The author revises; editing makes it a draft again, to be submitted anew.
    await as(SUPERVISOR);
    await call('kbAdmin.saveDraft', { articleId: 'kb-a30', revisionId, content: { ...content, body: `${content.body}已发货订单请联系快递改址。` } });
    expect((await detail('kb-a30')).open?.status).toBe('draft');
    // A second open revision of the same article is refused, whoever starts it.
    await as(ADMIN);
    expect(await refusal(call('kbAdmin.saveDraft', { articleId: 'kb-a30', revisionId: 'another', content }))).toBe('kb-admin:rejected.other_open_revision');
    // Someone who edited it cannot approve it either.
    await call('kbAdmin.saveDraft', { articleId: 'kb-a30', revisionId, content: { ...content, body: `${content.body}已发货订单请联系快递改址（需收费）。` } });
    await call('kbAdmin.submit', { revisionId });
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.own_revision');
    await as(SUPERVISOR);
    expect(await refusal(call('kbAdmin.publish', { revisionId }))).toBe('kb-admin:rejected.own_revision');
  });

  it('refuses to publish a revision identical to the published version', async () => {
    await as(SUPERVISOR);
    const content = await contentOf('kb-a31');
    const { revisionId } = await call<{ revisionId: string }>('kbAdmin.saveDraft', { articleId: 'kb-a31', revisionId: null, content });
    expect(await refusal(call('kbAdmin.submit', { revisionId }))).toBe('kb-admin:rejected.nothing_changed');
    await call('kbAdmin.discard', { articleId: 'kb-a31', revisionId });
    expect((await detail('kb-a31')).open).toBeNull();
  });

  it('urgent update: an admin publishes at once with a reason; another reviewer confirms it afterwards', async () => {
    await as(SUPERVISOR);
    const content = await contentOf('kb-a39');
    await as(ADMIN);
    await call('kbAdmin.urgentPublish', { articleId: 'kb-a39', revisionId: null, content: { ...content, body: '短信通道故障中，请改用语音验证码登录。' }, reason: '短信供应商故障' });
    let article = await detail('kb-a39');
    expect(article.current).toMatchObject({ version: 2, urgent: true, decisionNote: '短信供应商故障', postReviewedAt: null });
    expect((await search('语音验证码')).map((h) => h.id)).toContain('kb-a39');
    const queue = await call<KbReviewQueue>('kbAdmin.queue', {});
    const flagged = queue.urgent.find((r) => r.id === 'kb-a39');
    expect(flagged).toMatchObject({ reason: '短信供应商故障', decidedBy: { id: ADMIN } });
    expect(await refusal(call('kbAdmin.confirmUrgent', { revisionId: flagged?.revisionId }))).toBe('kb-admin:rejected.own_revision');

    await as(SUPERVISOR);
    await call('kbAdmin.confirmUrgent', { revisionId: flagged?.revisionId, note: '内容无误' });
    article = await detail('kb-a39');
    expect(article.current).toMatchObject({ postReviewedBy: { id: SUPERVISOR }, postReviewNote: '内容无误' });
    expect((await call<KbReviewQueue>('kbAdmin.queue', {})).urgent.map((r) => r.id)).not.toContain('kb-a39');
    expect(await refusal(call('kbAdmin.confirmUrgent', { revisionId: flagged?.revisionId }))).toBe('kb-admin:rejected.already_confirmed');
  });

  it('a new article is a draft nobody but editors sees, and published becomes version 1 in search', async () => {
    await as(SUPERVISOR);
    const { articleId, revisionId } = await call<{ articleId: string; revisionId: string }>('kbAdmin.saveDraft', {
      articleId: null,
      revisionId: null,
      content: { categoryId: 'kb-trouble-app-crash', title: '折叠屏展开闪退', body: '折叠屏手机展开后闪退的，请升级APP至8.2版本。', questions: ['折叠屏手机闪退'] },
    });
    expect(await search('折叠屏')).toEqual([]);
    await as(AGENT);
    expect(await refusal(call('kb.get', { id: articleId }))).toBe('errors:kb.not_found');
    await as(SUPERVISOR);
    const rows = await call<KbAdminArticleRow[]>('kbAdmin.articles', { filter: 'drafts', categoryId: 'kb-trouble' });
    expect(rows.find((r) => r.id === articleId)).toMatchObject({ status: 'draft', version: 0, categoryPath: ['故障排查', 'APP故障', '閃退'], openRevision: { id: revisionId, status: 'draft' } });
    await call('kbAdmin.submit', { revisionId });
    await as(ADMIN);
    await call('kbAdmin.publish', { revisionId });
    expect((await search('折叠屏')).map((h) => h.id)).toEqual([articleId]);
    expect((await detail(articleId)).versions.map((v) => v.version)).toEqual([1]);
  });

  it('lists articles past their review date; confirming one moves its date on by its cycle', async () => {
    await as(SUPERVISOR);
    const due = await call<KbAdminArticleRow[]>('kbAdmin.articles', { filter: 'due' });
    expect(due.map((r) => r.id)).toEqual(['kb-a17']);
    expect((await call<KbReviewQueue>('kbAdmin.queue', {})).due.map((r) => r.id)).toEqual(['kb-a17']);
    await call('kbAdmin.markReviewed', { articleId: 'kb-a17', note: '规则未变' });
    expect(await detail('kb-a17')).toMatchObject({ review: 'scheduled', reviewedAt: NOW, reviewDueAt: '2026-12-22T10:00:00.000Z', version: 1 });
    await call('kbAdmin.setSchedule', { articleId: 'kb-a17', everyMonths: 3, dueAt: null });
    expect(await detail('kb-a17')).toMatchObject({ reviewEveryMonths: 3, reviewDueAt: '2027-02-22T10:00:00.000Z' });
    await call('kbAdmin.setSchedule', { articleId: 'kb-a17', everyMonths: 3, dueAt: '2026-11-01T00:00:00.000Z' });
    expect((await call<KbAdminArticleRow[]>('kbAdmin.articles', { filter: 'due' })).map((r) => r.id)).toEqual(['kb-a17']);
  });

  it('an agent reports a wrong answer; the reviewers see it and resolve it, and the agent sees how', async () => {
    await as(AGENT);
    const { id } = await call<{ id: string }>('kb.feedback', { articleId: 'kb-a09', kind: 'outdated', comment: '仓库已经改成24小时发货了' });
    await as(SUPERVISOR);
    const queue = await call<KbReviewQueue>('kbAdmin.queue', {});
    expect(queue.feedback.find((f) => f.id === id)).toMatchObject({ articleTitle: '发货时效说明', kind: 'outdated', reportedBy: { id: AGENT, name: '李婷' }, status: 'open', articleVersion: 1 });
    expect((await call<KbAdminArticleRow[]>('kbAdmin.articles', { filter: 'feedback' })).map((r) => r.id)).toEqual(['kb-a09']);
    expect(await refusal(call('kbAdmin.resolveFeedback', { feedbackId: id, resolution: 'dismissed' }))).toBe('kb-admin:rejected.reason_required');
    await call('kbAdmin.resolveFeedback', { feedbackId: id, resolution: 'fixed', note: '已在新版本中更新' });
    await as(AGENT);
    expect(await call('kb.myFeedback', { articleId: 'kb-a09' })).toEqual([
      expect.objectContaining({ id, status: 'fixed', resolutionNote: '已在新版本中更新', resolvedBy: { id: SUPERVISOR, name: '孙志强' }, pending: true }),
    ]);
  });
});
