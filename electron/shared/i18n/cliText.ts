/**
 * The lines the `sigla` command prints when things go as asked (errors are messages.ts, usage errors usage.ts, the
 * help help.ts), in Italian and English. `{name}` placeholders; `{n|uno|molti}` picks the singular or the plural by
 * the count (template.ts). Times and dates are filled in Italian local time by the caller (formatTime, formatDate).
 */
import type { Lang } from './locale.js';
import { fillTemplate, type TemplateParams } from './template.js';

const IT = {
  signed: 'Firmato: {file} → {output}',
  notSigned: 'Non firmato: {file}: {reason}',
  signStopped: 'Firma interrotta: {reason}\n  Firmati e completi: {done}\n  Non firmati: {left}',
  none: 'nessuno',
  extracted: 'Estratto: {file} → {output} ({layers})',
  documentTimestamp: 'Marca temporale del documento del {time}: {file} → {output}',
  timestamp: 'Marca temporale del {time}: {file} → {output}',
  pdfaConverted: 'Convertito in PDF/A-{level}: {file} → {output}\n  Controllo: PDF/A-{part}{conformance} dichiarato, {fonts} {fonts|carattere|caratteri}, tutti incorporati',
  pdfaAlready: 'Nota: {file} dichiarava già PDF/A-{part}{conformance}; è stato convertito comunque, come richiesto.',
  extended: 'Firme estese al livello {level}: {file} → {output}',
  notExtended: 'Non esteso: {file}: {reason}',
  noTokens: 'Nessun dispositivo di firma presente: collega il dispositivo (o inserisci la smart card nel lettore) e riprova. Sigla ha cercato con i moduli PKCS#11 elencati da «sigla modules».',
  tokenPinpad: 'PIN sul lettore (pinpad)',
  noCertificates: 'Nessun certificato sul dispositivo: non c\'è nulla da mostrare.',
  certificate: '[{token}] id={id} {name} ({use}) scade il {expiry} ({days})',
  daysLeft: 'tra {n} {n|giorno|giorni}',
  daysAgo: 'scaduto da {n} {n|giorno|giorni}',
  useSignature: 'firma',
  useAuthentication: 'autenticazione',
  useCa: 'CA',
  qualified: 'qualificato',
  noModules: 'Nessun modulo PKCS#11 trovato: installa il programma (middleware) del dispositivo o indica il modulo con --module.',
  pinCheck: 'PIN corretto ("{token}"). PIN: {pin}, PUK/SO: {so}',
  pinChange: 'PIN cambiato ("{token}"). PIN: {pin}, PUK/SO: {so}',
  pinUnblock: 'PIN sbloccato e impostato ("{token}"). PIN: {pin}, PUK/SO: {so}',
  watchPresent: 'presente',
  watchInserted: 'inserito',
  watchRemoved: 'rimosso',
  watchChanged: 'cambiato',
  watchLine: '{time}  {event}: {label} ({module})  PIN: {pin}',
  noReminders: 'Nessun certificato di firma scade entro {n} {n|giorno|giorni}.',
  pecHeader: 'Controllo PEC con il profilo «{profile}»: {files} file, {total} in tutto (limite {limit}).',
  pecFile: '{role}: {file} ({type}{signed})',
  pecMain: 'Documento principale',
  pecAttachment: 'Allegato',
  pecSigned: ', firmato',
  pecBlock: 'BLOCCA',
  pecWarn: 'AVVISO',
  pecFix: 'Come risolvere: {fix}',
  pecNothing: 'nessun problema',
  pecUnreadable: 'file non leggibile: {reason}',
  pecOk: 'Esito: nessun problema blocca l\'invio{warnings}.',
  pecWarnings: ' ({n} {n|avviso|avvisi} da valutare)',
  pecBlocked: 'Esito: l\'invio sarebbe rifiutato ({n} {n|problema bloccante|problemi bloccanti}). Risolvi i problemi segnati BLOCCA e ripeti il controllo.',
  pecNotChecked: 'Esito: controllo incompleto, un file non è leggibile.',
} as const;

export type CliTextKey = keyof typeof IT;

const EN: Readonly<Record<CliTextKey, string>> = {
  signed: 'Signed: {file} → {output}',
  notSigned: 'Not signed: {file}: {reason}',
  signStopped: 'Signing stopped: {reason}\n  Signed and complete: {done}\n  Not signed: {left}',
  none: 'none',
  extracted: 'Extracted: {file} → {output} ({layers})',
  documentTimestamp: 'Document time-stamp of {time}: {file} → {output}',
  timestamp: 'Time-stamp of {time}: {file} → {output}',
  pdfaConverted: 'Converted to PDF/A-{level}: {file} → {output}\n  Check: PDF/A-{part}{conformance} declared, {fonts} {fonts|font|fonts}, all embedded',
  pdfaAlready: 'Note: {file} already declared PDF/A-{part}{conformance}; it was converted all the same, as asked.',
  extended: 'Signatures extended to level {level}: {file} → {output}',
  notExtended: 'Not extended: {file}: {reason}',
  noTokens: 'No signing token present: connect the token (or insert the smart card in the reader) and try again. Sigla looked with the PKCS#11 modules "sigla modules" lists.',
  tokenPinpad: 'PIN on the reader (pinpad)',
  noCertificates: 'No certificate on the token: there is nothing to show.',
  certificate: '[{token}] id={id} {name} ({use}) expires on {expiry} ({days})',
  daysLeft: 'in {n} {n|day|days}',
  daysAgo: 'expired {n} {n|day|days} ago',
  useSignature: 'signature',
  useAuthentication: 'authentication',
  useCa: 'CA',
  qualified: 'qualified',
  noModules: 'No PKCS#11 module found: install the token software (middleware) or name the module with --module.',
  pinCheck: 'PIN correct ("{token}"). PIN: {pin}, PUK/SO: {so}',
  pinChange: 'PIN changed ("{token}"). PIN: {pin}, PUK/SO: {so}',
  pinUnblock: 'PIN unblocked and set ("{token}"). PIN: {pin}, PUK/SO: {so}',
  watchPresent: 'present',
  watchInserted: 'inserted',
  watchRemoved: 'removed',
  watchChanged: 'changed',
  watchLine: '{time}  {event}: {label} ({module})  PIN: {pin}',
  noReminders: 'No signing certificate expires within {n} {n|day|days}.',
  pecHeader: 'PEC check with profile "{profile}": {files} {files|file|files}, {total} in all (limit {limit}).',
  pecFile: '{role}: {file} ({type}{signed})',
  pecMain: 'Main document',
  pecAttachment: 'Attachment',
  pecSigned: ', signed',
  pecBlock: 'BLOCKS',
  pecWarn: 'WARNING',
  pecFix: 'How to fix it: {fix}',
  pecNothing: 'no problem',
  pecUnreadable: 'file cannot be read: {reason}',
  pecOk: 'Result: nothing blocks sending{warnings}.',
  pecWarnings: ' ({n} {n|warning|warnings} to consider)',
  pecBlocked: 'Result: sending would be refused ({n} {n|blocking problem|blocking problems}). Fix the problems marked BLOCKS and check again.',
  pecNotChecked: 'Result: check incomplete, a file cannot be read.',
};

/** Every CLI line, by language (the catalog test reads them all). */
export const CLI_TEXTS: Readonly<Record<Lang, Readonly<Record<CliTextKey, string>>>> = { it: IT, en: EN };

export function cliText(key: CliTextKey, lang: Lang, params: TemplateParams = {}): string {
  return fillTemplate(CLI_TEXTS[lang][key], params);
}
