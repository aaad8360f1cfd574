import i18next from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { rememberTranslations } from '../../src/renderer/i18n/remembered-translations';

async function instance() {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: 'zh-CN',
    fallbackLng: 'zh-CN',
    ns: ['common'],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    resources: {
      'zh-CN': { common: { waiting: '已等待 {{duration}}', unread_other: '{{count}} 条未读', neutral: '情绪平稳' } },
      en: { common: { waiting: 'Waiting {{duration}}', unread_one: '{{count}} unread', unread_other: '{{count}} unread', neutral: 'Calm' } },
    },
  });
  rememberTranslations(i18n);
  return i18n;
}

describe('remembered translations', () => {
  it('give the same texts as i18next, with their values, and ask i18next once per distinct call', async () => {
    const i18n = await instance();
    const t = i18n.getFixedT('zh-CN', 'common');
    const asked = vi.spyOn(i18n, 't');
    for (let i = 0; i < 50; i++) {
      expect(t('neutral')).toBe('情绪平稳');
      expect(t('waiting', { duration: '2 分钟' })).toBe('已等待 2 分钟');
      expect(t('unread', { count: 3 })).toBe('3 条未读');
    }
    expect(t('waiting', { duration: '3 分钟' })).toBe('已等待 3 分钟');
    expect(asked).toHaveBeenCalledTimes(4);
  });

  it('follow a change of language and texts added later', async () => {
    const i18n = await instance();
    expect(i18n.getFixedT(null, 'common')('neutral')).toBe('情绪平稳');
    await i18n.changeLanguage('en');
    expect(i18n.getFixedT(null, 'common')('neutral')).toBe('Calm');
    expect(i18n.getFixedT('en', 'common')('unread', { count: 1 })).toBe('1 unread');
    i18n.addResource('en', 'common', 'neutral', 'Neutral');
    expect(i18n.getFixedT('en', 'common')('neutral')).toBe('Neutral');
  });

  it('leave calls with anything but plain values to i18next every time', async () => {
    const i18n = await instance();
    const t = i18n.getFixedT('zh-CN', 'common');
    const asked = vi.spyOn(i18n, 't');
    const values = { duration: { toString: () => '5 秒' } };
    expect(t('waiting', values as never)).toBe('已等待 5 秒');
    expect(t('waiting', values as never)).toBe('已等待 5 秒');
    expect(asked).toHaveBeenCalledTimes(2);
  });
});
