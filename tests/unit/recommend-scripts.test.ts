import { describe, expect, it } from 'vitest';
import demo from '../../resources/demo/demo-data.json';
import {
  createScriptRecommender,
  DEFAULT_RECOMMEND_LEXICON,
  recommendScripts,
  type RecommendableScript,
  type RecommendInput,
} from '../../src/shared/text/recommend-scripts';

const library: RecommendableScript[] = demo.scripts.filter((s) => s.status === 'published');
const recommender = createScriptRecommender(library);
const top = (input: RecommendInput) => recommender.recommend(input).map((r) => r.id);
const category = (id: string | undefined) => library.find((s) => s.id === id)?.category;

describe('script recommendation', () => {
  it.each([
    ['我要退款', 's-clar-04'],
    ['東西不想要了，能退錢嗎', 's-clar-04'],
    ['你哋係咪賣假貨?', 's-comp-04'],
    ['收到的是假货吧', 's-comp-04'],
    ['物流三天沒動了', 's-after-06'],
    ['怎么开发票', 's-after-09'],
    ['公司要開專票', 's-after-10'],
    ['APP一打開就閃退', 's-tech-01'],
    ['登入一直收不到驗證碼', 's-tech-02'],
    ['賬號被盜了', 's-tech-04'],
    ['帐号被盗了', 's-tech-04'],
  ])('puts the script for the intent of "%s" in the top three', (message, expected) => {
    expect(top({ messages: [message] }).slice(0, 3)).toContain(expected);
  });

  it('recommends nothing for a message without any intent or keyword', () => {
    expect(top({ messages: ['今天天气不错'] })).toEqual([]);
    expect(top({ messages: [] })).toEqual([]);
  });

  it('finds a script through an intent even when the customer uses a word the script does not list', () => {
    const scripts: RecommendableScript[] = [
      { id: 'refund', title: '退款受理', body: '已为您提交退款。', category: 'after_sales', stage: null, keywords: ['退款'] },
      { id: 'invoice', title: '发票', body: '发票会发到邮箱。', category: 'after_sales', stage: null, keywords: ['发票'] },
    ];
    // 退錢 is not a keyword of the script; the lexicon's refund intent links them.
    expect(createScriptRecommender(scripts).recommend({ messages: ['什麼時候退錢'] }).map((r) => r.id)).toEqual(['refund']);
    const withoutIntents = createScriptRecommender(scripts, { ...DEFAULT_RECOMMEND_LEXICON, intents: [] });
    expect(withoutIntents.recommend({ messages: ['什麼時候退錢'] })).toEqual([]);
  });

  it('pins the soothing pack on top for an angry customer, then the scripts for what they want', () => {
    const input: RecommendInput = { messages: ['退款都半个月了还没到账,气死我了'], limit: 6 };
    const calm = top(input);
    expect(calm.some((id) => category(id) === 'soothing')).toBe(false);

    const angry = recommender.recommend({ ...input, emotion: 'angry' });
    const slots = DEFAULT_RECOMMEND_LEXICON.soothingSlots;
    expect(angry.slice(0, slots).map((r) => category(r.id))).toEqual(Array(slots).fill('soothing'));
    expect(angry[0]?.id).toBe('s-sooth-01');
    // The rest of the list still answers the refund question.
    expect(angry.slice(slots).some((r) => calm.includes(r.id))).toBe(true);
    expect(angry.every((r, i) => i === 0 || (angry[i - 1]?.score ?? 0) >= r.score)).toBe(true);
  });

  it.each(['dissatisfied', 'disappointed', 'anxious'] as const)('treats a %s customer as upset too', (emotion) => {
    expect(category(top({ messages: ['物流怎么还没到'], emotion })[0])).toBe('soothing');
  });

  it('picks the soothing script that fits the emotion: an anxious customer gets the one for anxiety', () => {
    expect(top({ messages: ['什么时候能到'], emotion: 'anxious' })[0]).toBe('s-sooth-07');
    expect(top({ messages: ['什么时候能到'], emotion: 'angry' })[0]).not.toBe('s-sooth-07');
  });

  it('does not pin soothing scripts for a positive or neutral customer', () => {
    for (const emotion of ['positive', 'neutral'] as const) {
      expect(top({ messages: ['物流到哪了'], emotion }).some((id) => category(id) === 'soothing')).toBe(false);
    }
    expect(top({ messages: ['好的,谢谢'], emotion: 'positive' })[0]).toMatch(/^s-(done|close)-/);
  });

  it('weighs the latest message most', () => {
    const latestInvoice = top({ messages: ['物流到哪了', '另外发票怎么开'] });
    expect(latestInvoice[0]).toBe('s-after-09');
    const latestLogistics = top({ messages: ['发票怎么开', '另外物流到哪了'] });
    expect(latestLogistics[0]).not.toBe('s-after-09');
    expect(['s-after-05', 's-after-06']).toContain(latestLogistics[0]);
  });

  it('lets customer tags lift the scripts made for them', () => {
    const input: RecommendInput = { messages: ['能便宜点吗'] };
    const plain = recommender.recommend(input).find((r) => r.id === 's-cons-08');
    const sensitive = recommender.recommend({ ...input, tags: ['價格敏感'] }).find((r) => r.id === 's-cons-08');
    expect(plain).toBeDefined();
    expect(sensitive?.score ?? 0).toBeGreaterThan(plain?.score ?? Infinity);
    // A high-complaint-risk customer brings soothing scripts into view even for a greeting.
    expect(top({ messages: ['你好'] }).some((id) => category(id) === 'soothing')).toBe(false);
    expect(top({ messages: ['你好'], tags: ['高投訴風險'], limit: 10 }).some((id) => category(id) === 'soothing')).toBe(true);
    // A tag the lexicon does not know changes nothing.
    expect(recommender.recommend({ ...input, tags: ['火星用户'] })).toEqual(recommender.recommend(input));
  });

  it('returns at most `limit` results, best first, the same every time', () => {
    const input: RecommendInput = { messages: ['退款', '物流', '发票'], limit: 4 };
    const first = recommender.recommend(input);
    expect(first).toHaveLength(4);
    expect(first.every((r, i) => i === 0 || (first[i - 1]?.score ?? 0) >= r.score)).toBe(true);
    expect(recommender.recommend(input)).toEqual(first);
    expect(recommendScripts(library, input)).toEqual(first);
  });
});
