/**
 * What `sigla demo` (`npm run demo`) prints, in Italian and English: where it writes, what it made, and the verdict
 * of each check of each output (Sigla's own, `openssl cms -verify`, `pdfsig`, `qpdf --check`). `{name}` placeholders
 * take the values given to {@link demoText}.
 */
import type { Lang } from './locale.js';

export const DEMO_TEXTS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    heading: 'Dimostrazione di Sigla: firma e verifica senza dispositivo né rete.',
    folder: 'Scrive nella cartella dei dati dell\'utente, la stessa che Sigla usa per impostazioni ed elenchi di fiducia:\n  {folder}\n(per usarne un\'altra: SIGLA_DATA_DIR=CARTELLA npm run demo)',
    identityCreated: 'Creata l\'identità demo (PKCS#12, password «{password}»): {file}',
    identityReused: 'Riusata l\'identità demo (PKCS#12, password «{password}»): {file}',
    tokenAbsent: 'SoftHSM2 non è installato: la parte con un dispositivo PKCS#11 è saltata.',
    tokenUsed: 'Firmato anche con il dispositivo PKCS#11 SoftHSM2 «{token}» (PIN {pin}), nella cartella {folder}.',
    outputs: 'File firmati e controlli:',
    padesNote: 'Il PDF firmato (PAdES, con la firma visibile in basso a destra della pagina 1) è il formato che gli uffici inviano più spesso.',
    fileOk: '  OK  {file}',
    fileFailed: '  KO  {file}',
    fileError: '  KO  {file}: {error}',
    'sigla.ok': 'Sigla: firma integra',
    'sigla.failed': 'Sigla: firma NON integra',
    'openssl.ok': 'openssl cms -verify: firma valida',
    'openssl.failed': 'openssl cms -verify: FALLITA',
    'openssl.absent': 'openssl non installato: controllo saltato',
    'pdfsig.ok': 'pdfsig: firma valida, documento firmato per intero',
    'pdfsig.failed': 'pdfsig: FALLITA',
    'pdfsig.absent': 'pdfsig (poppler-utils) non installato: controllo saltato',
    'qpdf.ok': 'qpdf --check: nessun errore di struttura',
    'qpdf.failed': 'qpdf --check: ERRORI nella struttura del PDF',
    'qpdf.absent': 'qpdf non installato: controllo saltato',
    allOk: 'Tutte le firme sono integre e tutti i controlli eseguiti sono superati.',
    someFailed: 'Alcuni controlli sono falliti.',
    root: 'Certificato radice demo, per verificare i file altrove (ad esempio con sigla verify FILE --trust CERTIFICATO): {file}',
    reason: 'Dimostrazione di Sigla',
  },
  en: {
    heading: 'Sigla demo: signing and verifying with no device and no network.',
    folder: 'It writes in the user\'s data folder, the one Sigla uses for its settings and trusted lists:\n  {folder}\n(to use another one: SIGLA_DATA_DIR=FOLDER npm run demo)',
    identityCreated: 'Created the demo identity (PKCS#12, password "{password}"): {file}',
    identityReused: 'Reused the demo identity (PKCS#12, password "{password}"): {file}',
    tokenAbsent: 'SoftHSM2 is not installed: the part with a PKCS#11 device was skipped.',
    tokenUsed: 'Also signed with the SoftHSM2 PKCS#11 device "{token}" (PIN {pin}), in folder {folder}.',
    outputs: 'Signed files and checks:',
    padesNote: 'The signed PDF (PAdES, with the signature visible at the bottom right of page 1) is the format offices send most.',
    fileOk: '  OK  {file}',
    fileFailed: '  KO  {file}',
    fileError: '  KO  {file}: {error}',
    'sigla.ok': 'Sigla: signature intact',
    'sigla.failed': 'Sigla: signature NOT intact',
    'openssl.ok': 'openssl cms -verify: signature valid',
    'openssl.failed': 'openssl cms -verify: FAILED',
    'openssl.absent': 'openssl not installed: check skipped',
    'pdfsig.ok': 'pdfsig: signature valid, whole document signed',
    'pdfsig.failed': 'pdfsig: FAILED',
    'pdfsig.absent': 'pdfsig (poppler-utils) not installed: check skipped',
    'qpdf.ok': 'qpdf --check: no structural error',
    'qpdf.failed': 'qpdf --check: ERRORS in the PDF structure',
    'qpdf.absent': 'qpdf not installed: check skipped',
    allOk: 'Every signature is intact and every check run passed.',
    someFailed: 'Some checks failed.',
    root: 'Demo root certificate, to verify the files elsewhere (e.g. with sigla verify FILE --trust CERTIFICATE): {file}',
    reason: 'Sigla demo',
  },
};

/** A DEMO_TEXTS entry with its placeholders filled. */
export function demoText(key: string, lang: Lang, params: Readonly<Record<string, string | number>> = {}): string {
  const text = DEMO_TEXTS[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return v === undefined ? '?' : String(v);
  });
}
