/**
 * `sigla browsers`' lines (issue 17), in Italian and English: the browsers' names, a database's state, what
 * register / unregister did, and which certificate serves web authentication.
 */
import type { Lang } from './locale.js';
import { fillTemplate, type TemplateParams } from './template.js';

const IT = {
  'browser.firefox': 'Firefox',
  'browser.firefox-snap': 'Firefox (snap)',
  'browser.firefox-flatpak': 'Firefox (Flatpak)',
  'browser.chrome-shared': 'Chrome/Chromium/Edge (archivio condiviso)',
  'browser.chromium-snap': 'Chromium (snap)',
  'browser.windows-store': 'Edge/Chrome (archivio certificati di Windows)',
  'state.registered-by-sigla': 'registrato da Sigla',
  'state.registered': 'registrato (con un altro nome: «{entry}»)',
  'state.via-p11-kit': 'raggiungibile tramite p11-kit',
  'state.not-registered': 'non registrato',
  'state.locked': 'in uso: Firefox è aperto con questo profilo',
  'state.unsupported': 'non supportato',
  'reason.legacy-dbm': 'archivio in formato vecchio (cert8.db): aprilo una volta con un Firefox recente',
  'reason.no-database': 'archivio non ancora creato: avvia una volta il browser con questo profilo',
  'reason.no-provider': 'manca il programma del produttore della carta (bit4id, CIE): installalo dal sito del produttore',
  'action.added': 'aggiunto',
  'action.removed': 'rimosso',
  'action.unchanged': 'invariato',
  module: 'Modulo: {module}',
  database: '{browser}  profilo «{profile}»: {state}\n  {path}',
  change: '{browser}  profilo «{profile}»: {action} ({state})\n  {path}',
  noDatabases: 'Nessun archivio dei certificati di browser trovato (profili di Firefox, ~/.pki/nssdb): avvia una volta il browser e riprova.',
  certAuthentication: 'Per l\'accesso ai siti (CNS, autenticazione): {name} [{label}]',
  certSignature: 'Solo per firmare, non per i siti: {name} [{label}]',
} as const;

export type BrowserTextKey = keyof typeof IT;

const EN: Readonly<Record<BrowserTextKey, string>> = {
  'browser.firefox': 'Firefox',
  'browser.firefox-snap': 'Firefox (snap)',
  'browser.firefox-flatpak': 'Firefox (Flatpak)',
  'browser.chrome-shared': 'Chrome/Chromium/Edge (shared store)',
  'browser.chromium-snap': 'Chromium (snap)',
  'browser.windows-store': 'Edge/Chrome (Windows certificate store)',
  'state.registered-by-sigla': 'registered by Sigla',
  'state.registered': 'registered (under another name: "{entry}")',
  'state.via-p11-kit': 'reachable through p11-kit',
  'state.not-registered': 'not registered',
  'state.locked': 'in use: Firefox is running with this profile',
  'state.unsupported': 'not supported',
  'reason.legacy-dbm': 'old-format store (cert8.db): open it once with a recent Firefox',
  'reason.no-database': 'store not created yet: start the browser once with this profile',
  'reason.no-provider': 'the card maker\'s software (bit4id, CIE) is missing: install it from the maker\'s site',
  'action.added': 'added',
  'action.removed': 'removed',
  'action.unchanged': 'unchanged',
  module: 'Module: {module}',
  database: '{browser}  profile "{profile}": {state}\n  {path}',
  change: '{browser}  profile "{profile}": {action} ({state})\n  {path}',
  noDatabases: 'No browser certificate store found (Firefox profiles, ~/.pki/nssdb): start the browser once and try again.',
  certAuthentication: 'For signing in to sites (CNS, authentication): {name} [{label}]',
  certSignature: 'For signing only, not for sites: {name} [{label}]',
};

export const BROWSER_TEXTS: Readonly<Record<Lang, Readonly<Record<BrowserTextKey, string>>>> = { it: IT, en: EN };

export function browserText(key: BrowserTextKey, lang: Lang, params: TemplateParams = {}): string {
  return fillTemplate(BROWSER_TEXTS[lang][key], params);
}

/** A database's state in words, with the entry's name or the reason when there is one. */
export function browserStateText(s: { state: string; entry?: string; reason?: string }, lang: Lang): string {
  const state = browserText(`state.${s.state}` as BrowserTextKey, lang, { entry: s.entry ?? '' });
  return s.reason !== undefined ? `${state}: ${browserText(`reason.${s.reason}` as BrowserTextKey, lang)}` : state;
}
