import { describe, expect, it } from 'vitest';
import rulesJson from '../../resources/lexicons/reply-rules.json';
import en from '../../src/shared/i18n/locales/en/reply-check.json';
import zhCN from '../../src/shared/i18n/locales/zh-CN/reply-check.json';
import zhTW from '../../src/shared/i18n/locales/zh-TW/reply-check.json';
import {
  checkReply,
  compileReplyRules,
  REPLY_RULES,
  type ReplyCheckContext,
  type ReplyFinding,
  type ReplyRule,
} from '../../src/shared/text/reply-check';
import { detectScript, foldScript } from '../../src/shared/text/script-fold';

/** [rule, flagged text, start, end] for each finding: spans are asserted exactly. */
function spans(text: string, context?: ReplyCheckContext): [ReplyRule, string, number, number][] {
  return checkReply(text, context).map((f) => [f.rule, text.slice(f.start, f.end), f.start, f.end]);
}

function only(text: string, rule: ReplyRule, context?: ReplyCheckContext): ReplyFinding[] {
  return checkReply(text, context).filter((f) => f.rule === rule);
}

/** An 18-digit ID number with a valid GB 11643 check digit. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

const ANGRY: ReplyCheckContext = { customerEmotion: 'angry' };

describe('absolute_claim', () => {
  it.each([
    ['我们保证质量，请放心', '保证质量', 2],
    ['我們保證質量，請放心', '保證質量', 2],
    ['这已经是全網最低價了', '全網最低價', 4],
    ['我们的耳机是行业顶级水平', '顶级', 8],
    ['本店商品１００％正品', '１００％', 4],
    ['這個問題絕對不會再出現', '絕對', 4],
    ['我们是 No.1 的品牌', 'No.1', 4],
    ['这是我们最佳的方案', '最佳', 4],
    ['這個價格已經是最低了', '最低了', 7],
  ])('flags %s', (text, flagged, start) => {
    expect(spans(text)).toEqual([['absolute_claim', flagged, start, start + flagged.length]]);
  });

  it.each([
    '请缴纳保证金后即可开通店铺',
    '為了保證您的帳號安全，請修改密碼',
    '在质量保证期内可以免费维修',
    '下载到100%时应用就闪退了吗？',
    '我们会第一时间为您处理',
    '这是我们第一次遇到这个问题',
    '我们的产品是行业内较好的选择',
  ])('does not flag %s', (text) => {
    expect(only(text, 'absolute_claim')).toEqual([]);
  });

  it('answers in the script of the reply', () => {
    const [traditional] = checkReply('我們保證質量');
    const [simplified] = checkReply('我们保证质量');
    expect(detectScript(traditional?.suggestion ?? '')).toBe('hant');
    expect(detectScript(simplified?.suggestion ?? '')).toBe('hans');
    expect(traditional?.messageKey).toBe('absolute_claim.reason');
    expect(traditional?.messageParams).toEqual({ term: '保證質量' });
  });
});

describe('vague', () => {
  it.each([
    ['退款大概3天到账', '大概', 2],
    ['我們會盡快處理', '盡快', 3],
    ['您的包裹應該明天就到', '應該', 4],
    ['退款可能需要3个工作日', '可能', 2],
    ['物流也許會延遲', '也許', 2],
    ['我们会尽量给您回复', '尽量', 3],
  ])('flags %s', (text, flagged, start) => {
    expect(spans(text)).toEqual([['vague', flagged, start, start + flagged.length]]);
  });

  it('flags every vague word of a commitment', () => {
    expect(spans('发货可能要等一段时间')).toEqual([
      ['vague', '可能', 2, 4],
      ['vague', '一段时间', 6, 10],
    ]);
  });

  it.each([
    '您可能需要先登录再操作',
    '您可能需要先登錄',
    '可能的原因有三个：网络、缓存、版本',
    '可能的原因有三個',
    '请您尽快确认收货',
    '請您盡快確認收貨',
    '如果信息不全，可能会导致退款失败',
    '这是我们应该做的',
    '这款耳机大概有三种颜色',
    '您可能是网络不稳定，建议切换网络后重试',
    '我们将在24小时内给您回复',
    '这个操作很快捷',
  ])('does not flag %s', (text) => {
    expect(only(text, 'vague')).toEqual([]);
  });

  it('suggests a concrete time form matching the commitment, in the input script', () => {
    expect(checkReply('退款大概3天到账')[0]?.suggestion).toBe('我们将在X个工作日内完成退款审核，到账后会通知您');
    expect(checkReply('我們會盡快處理')[0]?.suggestion).toBe('我們將在X小時內為您處理完畢，並同步處理結果');
    expect(checkReply('大概明天发货')[0]?.suggestion).toContain('X小时内为您发货');
  });
});

describe('cold', () => {
  it.each([
    ['我不知道', '不知道', 1],
    ['這個我也沒辦法', '沒辦法', 4],
    ['这个不归我管', '不归我管', 2],
    ['你自己看订单页面', '你自己看', 0],
    ['这是规定，不能退', '这是规定', 0],
    ['我不清楚这个情况', '不清楚', 1],
    ['這是公司規定', '這是公司規定', 0],
  ])('flags %s', (text, flagged, start) => {
    expect(spans(text)).toEqual([['cold', flagged, start, start + flagged.length]]);
  });

  it.each([
    '不知道您方便提供一下订单号吗？',
    '图片看不清楚，麻烦您重新拍一张',
    '如有不清楚的地方请随时联系我',
    '您现在没办法登录是吗？',
    '您現在沒辦法登錄是嗎？',
    '如果您不知道订单号，可以在“我的订单”里查看',
    '感谢您的理解',
  ])('does not flag %s', (text) => {
    expect(only(text, 'cold')).toEqual([]);
  });

  it('offers the warm wording of the seeds', () => {
    expect(checkReply('我不知道')[0]?.suggestion).toBe('这个问题我马上为您核实，请您稍等');
    expect(checkReply('我不知道')[0]?.messageKey).toBe('cold.reason');
    expect(checkReply('這個我也沒辦法')[0]?.suggestion).toBe('我理解您的需求，目前可以為您提供以下方案：');
  });
});

describe('forbidden_when_upset', () => {
  it.each([
    ['請您理解，我們也是按流程處理', '請您理解', 0],
    ['请您理解，我们也是按流程处理', '请您理解', 0],
    ['您别激动，我来看看', '您别激动', 0],
    ['这不是我们的问题', '这不是我们的问题', 0],
    ['希望您理解我们的难处', '希望您理解', 0],
  ])('flags %s when the customer is angry', (text, flagged, start) => {
    expect(spans(text, ANGRY)).toEqual([['forbidden_when_upset', flagged, start, start + flagged.length]]);
  });

  it('merges overlapping findings of the same rule', () => {
    expect(spans('请冷静一下再说', ANGRY)).toEqual([['forbidden_when_upset', '请冷静一下', 0, 5]]);
    expect(checkReply('请冷静一下再说', ANGRY)[0]?.messageParams).toEqual({ term: '请冷静一下' });
  });

  it.each(['dissatisfied', 'angry', 'disappointed', 'anxious'] as const)('gates on emotion: %s is upset', (emotion) => {
    expect(only('请您理解', 'forbidden_when_upset', { customerEmotion: emotion })).toHaveLength(1);
  });

  it.each([{ customerEmotion: 'neutral' }, { customerEmotion: 'positive' }, {}] as ReplyCheckContext[])(
    'does not flag with %j',
    (context) => {
      expect(checkReply('請您理解，請冷靜，您別激動，這不是我們的問題', context)).toEqual([]);
    },
  );

  it.each(['感谢您的理解', '您别着急，我一定会帮您解决问题', '我非常理解您现在的心情'])(
    'does not flag the soothing wording %s even when angry',
    (text) => {
      expect(checkReply(text, ANGRY)).toEqual([]);
    },
  );
});

describe('over_authority', () => {
  it.each([
    ['给您退款200元', '退款200元', 2, 200],
    ['給您退款200元', '退款200元', 2, 200],
    ['賠償您300塊', '賠償您300塊', 0, 300],
    ['退您 150 元', '退您 150 元', 0, 150],
    ['给您退两百元吧', '退两百元', 2, 200],
    ['補償您三百五十塊錢', '補償您三百五十塊錢', 0, 350],
    ['我们赔您1.5万元', '赔您1.5万元', 2, 15000],
    ['给您200元补偿', '200元补偿', 2, 200],
  ])('flags %s above the default limit of 100', (text, flagged, start, amount) => {
    const findings = checkReply(text);
    expect(spans(text)).toEqual([['over_authority', flagged, start, start + flagged.length]]);
    expect(findings[0]?.messageKey).toBe('over_authority.amount');
    expect(findings[0]?.messageParams).toEqual({ amount, limit: 100 });
  });

  it('gates on the agent limit: under or equal is fine', () => {
    expect(checkReply('给您退款200元', { refundLimitYuan: 300 })).toEqual([]);
    expect(checkReply('给您退款200元', { refundLimitYuan: 200 })).toEqual([]);
    expect(only('给您退款200元', 'over_authority', { refundLimitYuan: 199 })).toHaveLength(1);
    expect(checkReply('退款100元')).toEqual([]);
    expect(checkReply('给您退款80元')).toEqual([]);
    expect(only('给您退款80元', 'over_authority', { refundLimitYuan: 50 })[0]?.messageParams).toEqual({ amount: 80, limit: 50 });
  });

  it.each([
    '为您申请退款200元，审批通过后原路退回',
    '退款200元以内的订单可以直接处理',
    '退货需要您承担运费150元',
    '订单金额200元，满200元减20元',
    '您的订单已经退款200元',
    '我们一定会帮您解决',
    '新商品会在48小时内发出',
    '单笔退款不能超过200元',
    '您一定要在今天到店办理',
  ])('does not flag %s', (text) => {
    expect(only(text, 'over_authority')).toEqual([]);
  });

  it('flags guarantees nobody can give, instead of the absolute claim inside them', () => {
    expect(spans('我保證明天一定到')).toEqual([['over_authority', '保證明天一定到', 1, 8]]);
    expect(spans('今天肯定给您发货')).toEqual([['over_authority', '今天肯定给您发货', 0, 8]]);
    expect(checkReply('我保證明天一定到')[0]?.messageKey).toBe('over_authority.promise');
  });

  it('flags compensation promises', () => {
    expect(spans('我們全額賠償')).toEqual([['over_authority', '全額賠償', 2, 6]]);
    expect(spans('假一赔十')).toEqual([['over_authority', '假一赔十', 0, 4]]);
  });

  it('suggests submitting for approval, in the input script', () => {
    expect(checkReply('給您退款200元')[0]?.suggestion).toBe('我先為您提交200元的申請，主管審批後X個工作日內給您答覆');
    expect(checkReply('给您退款200元')[0]?.suggestion).toBe('我先为您提交200元的申请，主管审批后X个工作日内给您答复');
  });
});

describe('privacy', () => {
  const own = { phone: '13812345678', idNumber: idNumber('11010519491231002'), address: '上海市浦东新区张江路88号3号楼502室', orderNos: ['202401011234'] };

  it("flags another person's phone and suggests the masked form", () => {
    const text = '您的手机号13812345678已登记，另一位是13900001111';
    expect(spans(text, { customer: own })).toEqual([['privacy', '13900001111', 24, 35]]);
    const [finding] = checkReply(text, { customer: own });
    expect(finding?.messageKey).toBe('privacy.phone');
    expect(finding?.suggestion).toBe('139****1111');
  });

  it('flags a full phone it cannot attribute, with separators too', () => {
    const text = '请联系 139-0000-1111';
    expect(spans(text)).toEqual([['privacy', '139-0000-1111', 4, 17]]);
    expect(checkReply(text)[0]?.messageKey).toBe('privacy.phone_unverified');
  });

  it.each(['您的手机号138****1234已验证', '客服热线400-800-1234', '您的手机号+86 138 1234 5678已验证'])(
    'does not flag %s',
    (text) => {
      expect(only(text, 'privacy', { customer: own })).toEqual([]);
    },
  );

  it("flags another person's ID number, not this customer's or a non-ID", () => {
    const other = idNumber('44030419900101123');
    const text = `身份证号${other}`;
    expect(spans(text, { customer: own })).toEqual([['privacy', other, 4, 22]]);
    expect(checkReply(text, { customer: own })[0]?.suggestion).toBe(`440***********${other.slice(-4)}`);
    expect(only(`身份证号${own.idNumber}`, 'privacy', { customer: own })).toEqual([]);
    const badCheckDigit = other.slice(0, 17) + (other.endsWith('0') ? '1' : '0');
    expect(only(`编号${badCheckDigit}`, 'privacy')).toEqual([]);
  });

  it("flags another customer's order number", () => {
    const text = '订单号202401011234已发货，订单202401019999是别人的';
    expect(spans(text, { customer: own })).toEqual([['privacy', '202401019999', 21, 33]]);
    expect(checkReply(text, { customer: own })[0]?.suggestion).toBe('出于隐私保护，无法告知您其他用户的订单信息');
    expect(checkReply('訂單號：202401019999', { customer: own })[0]?.suggestion).toBe('出於隱私保護，無法告知您其他用戶的訂單信息');
  });

  it('recognises a bare number shaped like the customer orders', () => {
    expect(spans('202401019999 这一单不是您的', { customer: own })).toEqual([['privacy', '202401019999', 0, 12]]);
  });

  it('does not flag order numbers without knowing the customer orders, nor the own one that looks like an ID', () => {
    expect(only('订单号202401019999', 'privacy')).toEqual([]);
    const idLikeOrder = idNumber('11010519900101123');
    expect(only(`您的订单${idLikeOrder}已签收`, 'privacy', { customer: { orderNos: [idLikeOrder] } })).toEqual([]);
    expect(only(`订单号13900001111`, 'privacy')).toEqual([]);
  });

  it("flags another person's home address, not the customer's own nor a return address", () => {
    const text = '收货地址是北京市朝阳区建国路100号5栋2单元301室';
    expect(spans(text, { customer: own })).toEqual([['privacy', '北京市朝阳区建国路100号5栋2单元301室', 5, 27]]);
    expect(only('我们会寄到上海市浦东新区张江路88号3号楼502室', 'privacy', { customer: own })).toEqual([]);
    expect(only('请寄回：浙江省杭州市余杭区文一西路969号3号楼售后仓', 'privacy')).toEqual([]);
  });
});

describe('checkReply', () => {
  it('returns findings of several rules sorted by start, offsets valid on the original', () => {
    const text = '我們保證質量，退款大概3天到賬，這個我也沒辦法，給您退款200元';
    const findings = checkReply(text);
    expect(findings.map((f) => [f.rule, text.slice(f.start, f.end)])).toEqual([
      ['absolute_claim', '保證質量'],
      ['vague', '大概'],
      ['cold', '沒辦法'],
      ['over_authority', '退款200元'],
    ]);
    const starts = findings.map((f) => f.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const finding of findings) expect(detectScript(finding.suggestion)).toBe('hant');
  });

  it('passes a compliant reply written from the seed templates', () => {
    const reply =
      '您好，关于您的退款问题，我们已经核实。退款将在1-3个工作日内原路退回，请您留意账户变动。' +
      '您反馈的商品瑕疵问题我们已记录，现在为您申请优先换货服务，新商品会在48小时内发出，物流单号将同步到您的订单页。' +
      '如有其他疑问，欢迎随时联系我们，我们会第一时间为您处理。感谢您的理解与支持！';
    expect(checkReply(reply, { customerEmotion: 'angry' })).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(checkReply('')).toEqual([]);
    expect(checkReply('   ')).toEqual([]);
  });

  it('reads its rules from data: an edited rule set takes effect', () => {
    const edited = compileReplyRules({
      ...rulesJson,
      cold: { groups: [{ id: 'custom', terms: ['自己想辦法'], suggestion: { hans: '我来帮您处理', hant: '我來幫您處理' } }] },
    });
    expect(checkReply('你自己想办法吧', {}, edited).map((f) => [f.rule, f.start, f.end, f.suggestion])).toEqual([
      ['cold', 1, 6, '我来帮您处理'],
    ]);
    expect(checkReply('我不知道', {}, edited)).toEqual([]);
  });

  it('checks a 200-character reply in well under 1 ms', () => {
    const reply = ('您好，关于您的退款问题我们已经核实，退款大概3天到账，给您退款200元，订单号202401019999。').repeat(5).slice(0, 200);
    const context: ReplyCheckContext = { customerEmotion: 'angry', customer: { phone: '13812345678', orderNos: ['202401011234'] } };
    for (let i = 0; i < 50; i++) checkReply(reply, context);
    const runs = 500;
    const started = performance.now();
    for (let i = 0; i < runs; i++) checkReply(reply, context);
    expect((performance.now() - started) / runs).toBeLessThan(1);
  });
});

describe('rule data and messages', () => {
  const suggestionPairs = (value: unknown): { hans: string; hant: string }[] => {
    if (Array.isArray(value)) return value.flatMap(suggestionPairs);
    if (value === null || typeof value !== 'object') return [];
    const record = value as Record<string, unknown>;
    if (typeof record.hans === 'string' && typeof record.hant === 'string') return [{ hans: record.hans, hant: record.hant }];
    return Object.values(record).flatMap(suggestionPairs);
  };

  it('writes every suggestion in both scripts, saying the same thing', () => {
    const pairs = suggestionPairs(rulesJson);
    expect(pairs.length).toBeGreaterThan(20);
    // 回覆/答覆 are phrase-level spellings that a character fold cannot see.
    const phraseLevel = (s: string): string => s.replace(/回覆|答覆/g, (w) => (w === '回覆' ? '回复' : '答复'));
    for (const { hans, hant } of pairs) {
      expect(phraseLevel(foldScript(hant))).toBe(hans);
      expect(detectScript(hant)).toBe('hant');
      expect(detectScript(hans)).toBe('hans');
    }
  });

  it('has every message key in all three locales', () => {
    const keys = [
      'absolute_claim.reason',
      'vague.reason',
      'cold.reason',
      'forbidden_when_upset.reason',
      'over_authority.amount',
      'over_authority.promise',
      'privacy.phone',
      'privacy.phone_unverified',
      'privacy.id_number',
      'privacy.id_number_unverified',
      'privacy.order_no',
      'privacy.address',
      ...REPLY_RULES.map((rule) => `rule.${rule}`),
    ];
    const lookup = (locale: unknown, key: string): unknown =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], locale);
    for (const locale of [zhCN, zhTW, en]) {
      for (const key of keys) expect(typeof lookup(locale, key), key).toBe('string');
    }
  });
});
