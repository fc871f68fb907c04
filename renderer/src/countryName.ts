import type { Lang } from './i18n';

/**
 * A trusted list's territory (ISO 3166-1 alpha-2 as TS 119 612 §5.3.10 uses it: `EL` for Greece, `UK` for the
 * United Kingdom, `EU` for the List Of Trusted Lists) as a country name in the app's language.
 */
export function countryName(code: string, lang: Lang): string {
  const region = code.toUpperCase() === 'EL' ? 'GR' : code.toUpperCase() === 'UK' ? 'GB' : code.toUpperCase();
  try {
    return new Intl.DisplayNames([lang === 'en' ? 'en-GB' : 'it-IT'], { type: 'region', fallback: 'code' }).of(region) ?? code;
  } catch {
    return code;
  }
}
