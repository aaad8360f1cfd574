import i18next, { type TFunction } from 'i18next';
import { DEFAULT_LANGUAGE, i18nResources, NAMESPACES, type Language } from '../../shared/i18n/resources';
import en from './locales/en/cli.json';
import zhCN from './locales/zh-CN/cli.json';
import zhTW from './locales/zh-TW/cli.json';

/**
 * The CLI's texts: its own 'cli' namespace (kept beside the CLI, the console never shows them) on
 * top of the product's shared namespaces, so findings read exactly as they do in the console.
 */
const cliResources = { 'zh-CN': zhCN, 'zh-TW': zhTW, en } satisfies Record<Language, unknown>;

export function createTranslator(language: Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(
      Object.entries(i18nResources).map(([lng, namespaces]) => [lng, { ...namespaces, cli: cliResources[lng as Language] }]),
    ),
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: [...NAMESPACES, 'cli'],
    defaultNS: 'cli',
    // A terminal is not HTML: "&" and "<" are printed as they are.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance.t;
}
