import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { rememberTranslations } from './remembered-translations';
import { DEFAULT_LANGUAGE, i18nResources, isLanguage, NAMESPACES, type Language } from '../../shared/i18n/resources';

const STORAGE_KEY = 'workstation.language';

export function storedLanguage(): Language {
  const value = localStorage.getItem(STORAGE_KEY);
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = storedLanguage();
  document.documentElement.lang = lng;
  await i18next.use(initReactI18next).init({
    resources: i18nResources,
    lng,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    // React escapes text itself; escaping twice would show customers' "&" as "&amp;".
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  rememberTranslations(i18next);
  return i18next;
}
