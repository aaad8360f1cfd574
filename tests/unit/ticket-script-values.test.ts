import { describe, expect, it } from 'vitest';
import demo from '../../resources/demo/demo-data.json';
import { fillPlaceholders } from '../../src/shared/console/placeholders';
import { demoDataSchema } from '../../src/shared/domain/demo-data';
import { diagnosisSchema } from '../../src/shared/tickets/diagnosis';
import { ticketScriptValues } from '../../src/shared/tickets/script-values';

/** The stage templates as the demo seeds them (seed precise-service-diagnosis-and-templates.txt). */
const scripts = new Map(demoDataSchema.parse(demo).scripts.map((s) => [s.id, s.body]));
const template = (id: string) => {
  const body = scripts.get(id);
  if (!body) throw new Error(`no seeded script ${id}`);
  return body;
};

const diagnosis = diagnosisSchema.parse({
  classification: { account: '13800138000', problemType: '支付失败', errorText: '支付失败，错误码P1003', impact: 'single_user', urgency: 'high' },
  rootCause: 'external',
  solutions: [
    { description: '更换为支付宝或微信支付', timeNeeded: '5分钟', risk: 'low' },
    { description: '申请分期付款', timeNeeded: '1个工作日', risk: 'medium' },
  ],
  followUp: { owner: '李婷', eta: '今天18:00', nextContact: '今天17:00' },
});
const values = ticketScriptValues({ diagnosis, categoryPath: ['訂單服務', '下單問題', '無法支付'], orderNo: 'DD2026112037791526' });

describe('the stage templates filled from the chat’s ticket diagnosis', () => {
  it('fills the clarification template with the category and the customer’s exact error text', () => {
    const filled = fillPlaceholders(template('s-clar-01'), values);
    expect(filled.text).toBe('為了確保不誤解您的訴求,請允許我再次確認:您遇到的問題是關於無法支付,錯誤信息是“支付失败，错误码P1003”嗎?');
    expect(filled.firstUnfilled).toBeNull();
  });

  it('offers both solutions as 方案A/方案B and the follow-up plan’s ETA in the apology + solution template', () => {
    const filled = fillPlaceholders(template('s-apol-01'), values);
    expect(filled.text).toBe('對給您帶來的不便表示歉意。基於您提供的信息,我們可以採取以下方案:①更换为支付宝或微信支付；②申请分期付款,預計完成時間為今天18:00,請您選擇一個方案或告知是否需要繼續協商。');
    expect(filled.firstUnfilled).toBeNull();
  });

  it('lists what was done in the resolved-confirmation template, and the ticket’s order in the closing one', () => {
    const oneSolution = ticketScriptValues({ diagnosis: { ...diagnosis, solutions: [{ description: '已为您改用微信支付完成下单', timeNeeded: '', risk: 'low' }] }, categoryPath: [], orderNo: null });
    expect(fillPlaceholders(template('s-done-01'), oneSolution).text).toBe('問題已成功處理,以下是已執行的操作清單:已为您改用微信支付完成下单。如您發現仍有異常,請隨時反饋,我們將繼續跟進。');
    const closing = fillPlaceholders(template('s-close-02'), { ...values, customerName: '梁思远' });
    expect(closing.text).toBe('感謝您的耐心,梁思远。後續進展我會在今天18:00前主動聯繫您,您也可以隨時在訂單DD2026112037791526頁面查看處理記錄。祝您生活愉快,再見!');
  });

  it('leaves for the agent what the diagnosis does not say, and says nothing for an empty one', () => {
    const partial = ticketScriptValues({ diagnosis: diagnosisSchema.parse({ classification: { problemType: '登录失败' } }), categoryPath: [], orderNo: null });
    expect(partial).toEqual({ category: '登录失败' });
    const filled = fillPlaceholders(template('s-clar-01'), partial);
    expect(filled.text).toContain('關於登录失败,錯誤信息是“{{errorText}}”');
    expect(filled.firstUnfilled?.name).toBe('errorText');
    expect(ticketScriptValues({ diagnosis: diagnosisSchema.parse({}), categoryPath: [], orderNo: null })).toEqual({});
    // Without a follow-up ETA, the first solution's own time is the promise.
    const noEta = ticketScriptValues({ diagnosis: { ...diagnosis, followUp: { owner: '', eta: '', nextContact: '' } }, categoryPath: [], orderNo: null });
    expect(noEta.eta).toBe('5分钟');
  });
});
