import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/contract';
import type { ReplyCheckView } from '../../src/shared/contract/reply';
import { createCore, type Core } from '../../src/main/core/create-core';
import { fixedClock, silentLog } from '../support/replica';

/** c-001 is 张伟 (cu-01): phone 13812345671, order DD2026111889889886. 王芳 (cu-02) has 13961238842 and DD2026111504801350. */
describe('reply.check in the core', () => {
  let core: Core;
  beforeAll(async () => {
    core = await createCore({ dataDir: ':memory:', demo: true, clock: fixedClock('2026-11-22T10:00:00.000Z'), log: silentLog });
  });
  afterAll(() => core.close());

  const check = async (text: string, extra: Record<string, unknown> = {}) => (await core.invoke('reply.check', { conversationId: 'c-001', text, ...extra })) as ReplyCheckView;
  const rules = async (text: string, extra?: Record<string, unknown>) => (await check(text, extra)).findings.map((f) => f.rule);

  it('finds risky wording with its span, reason key and suggestion', async () => {
    const text = '我保证明天一定到，我们是全网最低价';
    const { findings } = await check(text);
    expect(findings.map((f) => [f.rule, text.slice(f.start, f.end), f.messageKey])).toEqual([
      ['over_authority', '保证明天一定到', 'over_authority.promise'],
      ['absolute_claim', '全网最低价', 'absolute_claim.reason'],
    ]);
    expect(findings.every((f) => f.suggestion.length > 0)).toBe(true);
    expect(await rules('好的，已为您登记，今天18:00前给您回电。')).toEqual([]);
  });

  it('knows this customer’s own phone and orders, which the renderer never sees unmasked', async () => {
    expect(await rules('已记下您的手机 13812345671，订单 DD2026111889889886 正在处理')).toEqual([]);
    const other = await check('请联系 13961238842，订单号 DD2026111504801350');
    expect(other.findings.map((f) => f.messageKey)).toEqual(['privacy.phone', 'privacy.order_no']);
    // The suggestion for a number is the number masked, never anything of the real customer's.
    expect(other.findings[0]?.suggestion).toBe('139****8842');
  });

  it('holds every agent to the default refund limit of 100 yuan', async () => {
    expect(await rules('给您退款80元')).toEqual([]);
    const { findings } = await check('给您退款500元');
    expect(findings).toEqual([expect.objectContaining({ rule: 'over_authority', messageKey: 'over_authority.amount', messageParams: { amount: 500, limit: 100 } })]);
  });

  it('adds the phrases forbidden with an upset customer only when the emotion says so', async () => {
    expect(await rules('请您理解，这是规定')).not.toContain('forbidden_when_upset');
    expect(await rules('请您理解，这是规定', { customerEmotion: 'angry' })).toContain('forbidden_when_upset');
  });

  it('refuses an unknown conversation and an unknown emotion', async () => {
    await expect(core.invoke('reply.check', { conversationId: 'nope', text: '您好' })).rejects.toMatchObject({ data: { code: 'not_found', messageKey: 'errors:conversation.not_found' } });
    await expect(core.invoke('reply.check', { conversationId: 'c-001', text: '您好', customerEmotion: 'furious' })).rejects.toBeInstanceOf(ApiError);
  });
});
