/**
 * Italian by default, English when chosen in Impostazioni; the choice is kept in localStorage and mirrored on
 * <html lang>. Resources are bundled (no loading over the network).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import it from './locales/it.json';
import en from './locales/en.json';

export type Lang = 'it' | 'en';
export const LANGS: readonly Lang[] = ['it', 'en'];
const STORAGE_KEY = 'sigla.lang';

function storedLang(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'it' ? v : 'it';
  } catch {
    return 'it';
  }
}

export function currentLang(): Lang {
  return i18next.resolvedLanguage === 'en' ? 'en' : 'it';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
  await i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  const lng = storedLang();
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l === 'en' ? 'en' : 'it';
  });
  void i18next.use(initReactI18next).init({
    resources: { it: { translation: it }, en: { translation: en } },
    lng,
    fallbackLng: 'it',
    supportedLngs: ['it', 'en'],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
