import enCommon from './locales/en/common.json';
import enConsole from './locales/en/console.json';
import enConsoleExtra from './locales/en/console-extra.json';
import enErrors from './locales/en/errors.json';
import enKbAdmin from './locales/en/kb-admin.json';
import enReplyCheck from './locales/en/reply-check.json';
import enTicketAdmin from './locales/en/ticket-admin.json';
import enHandoff from './locales/en/handoff.json';
import enHandoffErrors from './locales/en/handoff-errors.json';
import enScriptAdmin from './locales/en/script-admin.json';
import zhCNCommon from './locales/zh-CN/common.json';
import zhCNConsole from './locales/zh-CN/console.json';
import zhCNConsoleExtra from './locales/zh-CN/console-extra.json';
import zhCNErrors from './locales/zh-CN/errors.json';
import zhCNKbAdmin from './locales/zh-CN/kb-admin.json';
import zhCNReplyCheck from './locales/zh-CN/reply-check.json';
import zhCNTicketAdmin from './locales/zh-CN/ticket-admin.json';
import zhCNHandoff from './locales/zh-CN/handoff.json';
import zhCNHandoffErrors from './locales/zh-CN/handoff-errors.json';
import zhCNScriptAdmin from './locales/zh-CN/script-admin.json';
import zhTWCommon from './locales/zh-TW/common.json';
import zhTWConsole from './locales/zh-TW/console.json';
import zhTWConsoleExtra from './locales/zh-TW/console-extra.json';
import zhTWErrors from './locales/zh-TW/errors.json';
import zhTWKbAdmin from './locales/zh-TW/kb-admin.json';
import zhTWReplyCheck from './locales/zh-TW/reply-check.json';
import zhTWTicketAdmin from './locales/zh-TW/ticket-admin.json';
import zhTWHandoff from './locales/zh-TW/handoff.json';
import zhTWHandoffErrors from './locales/zh-TW/handoff-errors.json';
import zhTWScriptAdmin from './locales/zh-TW/script-admin.json';

export const LANGUAGES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const NAMESPACES = ['common', 'errors', 'reply-check', 'console', 'console-extra', 'ticket-admin', 'handoff', 'script-admin', 'kb-admin'] as const;

/**
 * Every UI string of the product, per language and namespace; shared by renderer and main. The
 * refusals of handing chats over (handoff-errors.json) are `errors:` keys like every refusal a
 * mutator names, kept in a file of their own beside the handoff namespace.
 */
export const i18nResources = {
  'zh-CN': {
    common: zhCNCommon,
    errors: { ...zhCNErrors, ...zhCNHandoffErrors },
    'reply-check': zhCNReplyCheck,
    console: zhCNConsole,
    'console-extra': zhCNConsoleExtra,
    'ticket-admin': zhCNTicketAdmin,
    handoff: zhCNHandoff,
    'script-admin': zhCNScriptAdmin,
    'kb-admin': zhCNKbAdmin,
  },
  'zh-TW': {
    common: zhTWCommon,
    errors: { ...zhTWErrors, ...zhTWHandoffErrors },
    'reply-check': zhTWReplyCheck,
    console: zhTWConsole,
    'console-extra': zhTWConsoleExtra,
    'ticket-admin': zhTWTicketAdmin,
    handoff: zhTWHandoff,
    'script-admin': zhTWScriptAdmin,
    'kb-admin': zhTWKbAdmin,
  },
  en: {
    common: enCommon,
    errors: { ...enErrors, ...enHandoffErrors },
    'reply-check': enReplyCheck,
    console: enConsole,
    'console-extra': enConsoleExtra,
    'ticket-admin': enTicketAdmin,
    handoff: enHandoff,
    'script-admin': enScriptAdmin,
    'kb-admin': enKbAdmin,
  },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
