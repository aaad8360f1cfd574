import enCommon from './locales/en/common.json';
import enConsole from './locales/en/console.json';
import enErrors from './locales/en/errors.json';
import enKbAdmin from './locales/en/kb-admin.json';
import enReplyCheck from './locales/en/reply-check.json';
import zhCNCommon from './locales/zh-CN/common.json';
import zhCNConsole from './locales/zh-CN/console.json';
import zhCNErrors from './locales/zh-CN/errors.json';
import zhCNKbAdmin from './locales/zh-CN/kb-admin.json';
import zhCNReplyCheck from './locales/zh-CN/reply-check.json';
import zhTWCommon from './locales/zh-TW/common.json';
import zhTWConsole from './locales/zh-TW/console.json';
import zhTWErrors from './locales/zh-TW/errors.json';
import zhTWKbAdmin from './locales/zh-TW/kb-admin.json';
import zhTWReplyCheck from './locales/zh-TW/reply-check.json';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const NAMESPACES = ['common', 'errors', 'reply-check', 'console', 'kb-admin'] as const;

/** Every UI string of the product, per language and namespace; shared by renderer and main. */
export const i18nResources = {
  'zh-CN': { common: zhCNCommon, errors: zhCNErrors, 'reply-check': zhCNReplyCheck, console: zhCNConsole, 'kb-admin': zhCNKbAdmin },
  'zh-TW': { common: zhTWCommon, errors: zhTWErrors, 'reply-check': zhTWReplyCheck, console: zhTWConsole, 'kb-admin': zhTWKbAdmin },
  en: { common: enCommon, errors: enErrors, 'reply-check': enReplyCheck, console: enConsole, 'kb-admin': enKbAdmin },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
