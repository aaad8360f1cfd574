import { describe, expect, it } from 'vitest';
import { parseSurveyReply } from '../../src/shared/tickets/survey-reply';

describe('a customer’s plain-text answer to the closing survey', () => {
  it('reads solved or not, with or without the scores, in either Chinese script and in English', () => {
    expect(parseSurveyReply('已解决')).toEqual({ resolved: true });
    expect(parseSurveyReply('已解決，4，10')).toEqual({ resolved: true, csat: 4, nps: 10 });
    expect(parseSurveyReply('已解决 5分 9分')).toEqual({ resolved: true, csat: 5, nps: 9 });
    expect(parseSurveyReply('没有解决 1')).toEqual({ resolved: false, csat: 1 });
    expect(parseSurveyReply('未解決。')).toEqual({ resolved: false });
    expect(parseSurveyReply('Not solved')).toEqual({ resolved: false });
    expect(parseSurveyReply('solved 5 8')).toEqual({ resolved: true, csat: 5, nps: 8 });
  });

  it('reads bare scores as satisfaction, then recommendation; full-width digits too', () => {
    expect(parseSurveyReply('5')).toEqual({ csat: 5 });
    expect(parseSurveyReply('４ ７')).toEqual({ csat: 4, nps: 7 });
    expect(parseSurveyReply('3/0')).toEqual({ csat: 3, nps: 0 });
  });

  it('is strict: anything that is not wholly an answer is an ordinary message', () => {
    for (const text of ['已解决了吗？', '退款还没到', '6', '10', '59', '5 11', '0', '是', '好的', '', '   ', '已解决，但是快递员态度很差']) expect({ text, reply: parseSurveyReply(text) }).toEqual({ text, reply: null });
  });
});
