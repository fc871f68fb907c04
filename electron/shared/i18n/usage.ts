/**
 * What a usage error (exit 2) says, in Italian and English: the command line was not one Sigla can run. A usage
 * error carries the key of its text (`params.usage`) and the values of its placeholders; the text is chosen here,
 * in the user's language (describeError in messages.ts), never from the English `message` kept for logs.
 */
import { SiglaError } from '../errors.js';
import type { Lang } from './locale.js';
import { fillTemplate, type TemplateParams } from './template.js';

const IT = {
  unknownCommand: 'Comando sconosciuto: «{command}». L\'elenco dei comandi è in «sigla --help».',
  unknownHelpTopic: 'Non c\'è una guida per «{command}». L\'elenco dei comandi è in «sigla --help».',
  optionNoValue: 'L\'opzione {option} non vuole un valore: scrivila da sola (ad esempio {option}).',
  badArguments: 'Argomenti non validi. La guida è in «sigla --help».',
  secretOption: 'PIN e password non si scrivono mai sulla riga di comando, dove restano nella cronologia della shell: Sigla li chiede in modo nascosto, oppure li legge dallo standard input con --pin-stdin.',
  noFileToSign: 'Nessun file da firmare: indica uno o più file (ad esempio «sigla sign delibera.pdf»).',
  signFormat: 'Formato di firma sconosciuto: «{format}». I formati sono cades (.p7m/.p7s) e pades (firma nel PDF).',
  digest: 'Algoritmo di hash sconosciuto: «{digest}». Gli algoritmi sono sha256, sha384 e sha512.',
  mode: 'Modalità sconosciuta: «{mode}». Le modalità sono parallel, nested e countersign.',
  modeIsCades: '--mode vale solo per la firma CAdES (.p7m): un PDF firmato di nuovo riceve una nuova revisione.',
  detachedIsCades: '--detached vale solo per la firma CAdES: la firma PAdES è sempre dentro il PDF.',
  countersignIndex: '--countersign-index vuole i numeri delle firme da controfirmare, a partire da 1 (ad esempio 1,3).',
  page: '--page vuole un numero di pagina a partire da 1.',
  rect: '--rect vuole x,y,larghezza,altezza in punti (ad esempio 36,36,200,60).',
  position: '--position vuole una di queste posizioni: bottom-right, bottom-left, top-right, top-left.',
  outOne: '--out dà il nome di un solo file firmato: per più file usa --out-dir CARTELLA.',
  outAndOutDir: '--out e --out-dir si escludono: usane uno solo.',
  notCms: '{file} non è una firma .p7m/.p7s: --mode {mode} si applica solo a un file già firmato.',
  sameOutput: 'Due file di questa firma verrebbero scritti entrambi come {file}: firmali in cartelle diverse o uno alla volta.',
  verifyNoFile: 'Nessun file da verificare: indica uno o più file (ad esempio «sigla verify delibera.pdf.p7m»).',
  atTime: '--at vuole una data e ora ISO 8601 (ad esempio 2013-09-08T12:00:00Z).',
  reportPdfOne: '--report-pdf scrive il rapporto di un solo file: indica un file da verificare.',
  extractOne: 'Indica un solo file da cui estrarre il documento (ad esempio «sigla extract delibera.pdf.p7m»).',
  pecOp: 'Indica che cosa fare: «sigla pec check FILE…».',
  pecNoFile: 'Nessun file da controllare: indica il documento principale e gli allegati (ad esempio «sigla pec check delibera.pdf.p7m allegato.pdf»).',
  pinOp: 'Indica che cosa fare con il PIN: «sigla pin check», «sigla pin change» o «sigla pin unblock».',
  trustOp: 'Indica che cosa fare con gli elenchi di fiducia: «sigla trust update», «sigla trust import FILE…» o «sigla trust status».',
  trustNoArgs: '«sigla trust {op}» non vuole nomi di file.',
  trustImportNoFile: 'Nessun elenco da importare: indica uno o più file (ad esempio «sigla trust import IT.xml --signers firmatari.pem»).',
  signersEmpty: '{option} non contiene certificati: indica un file PEM/DER o una cartella di certificati.',
  timestampOne: 'Indica un solo file da marcare (ad esempio «sigla timestamp delibera.pdf --tsa URL»).',
  tsaRequired: 'Manca il servizio di marca temporale: indicane l\'indirizzo con --tsa URL (o il nome di un servizio configurato).',
  timestampFormat: 'Formato di marca sconosciuto: «{format}». I formati sono tsr, tsd, m7m e pdf.',
  m7mNeedsP7m: '--format m7m unisce un file firmato .p7m e la sua marca: indica un file .p7m.',
  days: '--days vuole un numero di giorni (ad esempio 90).',
  interval: '--interval vuole un intervallo in millisecondi, almeno 100.',
  noTerminal: 'Non c\'è un terminale su cui chiedere il PIN: usa --pin-stdin e scrivilo sulla prima riga dello standard input.',
  noPinOnStdin: 'Lo standard input è finito e manca {what}: con --pin-stdin (o --stdin) ogni richiesta legge una riga.',
  noContextPinOnStdin: 'Lo standard input è finito prima del PIN di questa firma: la chiave chiede il PIN a ogni firma, quindi serve una riga per firma.',
  pinsDiffer: 'I due nuovi PIN non coincidono: nessuna modifica è stata fatta.',
  detachedNeedsContent: 'Per aggiungere una firma a una firma separata (.p7s) serve il documento firmato: indicalo con --detached-content FILE.',
  noSignatureNumber: 'Non c\'è la firma numero {index}: il file ha {count} {count|firma|firme}.',
  pageMissing: '--page {page}: il documento ha {count} {count|pagina|pagine}.',
  rectOutside: '--rect {rect}: il riquadro esce dalla pagina ({width}×{height} punti).',
  unknownDocument: 'Documento sconosciuto: aprilo di nuovo.',
  pdfOnly: 'Questa operazione vale solo per i PDF.',
  invalidFiles: 'File non validi.',
  openUnavailable: 'Qui non è possibile aprire i file con il programma del sistema.',
  saveUnavailable: 'Qui non è possibile salvare il documento.',
  notSiglaOutput: 'Si possono aprire solo i file scritti da Sigla in questa sessione.',
  pdfaOne: 'Indica un solo file da convertire in PDF/A (ad esempio «sigla pdfa relazione.docx»).',
  pdfaLevel: 'Livello PDF/A sconosciuto: «{level}». I livelli sono 1b, 2b (predefinito) e 3b.',
  level: 'Livello sconosciuto: «{level}». I livelli sono B-B, B-T, B-LT e B-LTA.',
  levelNeedsTsa: 'Il livello {level} richiede una marca temporale: indica il servizio con --tsa URL.',
  levelBbWithTsa: 'Il livello B-B è la firma senza marca temporale: togli --tsa, oppure chiedi il livello B-T.',
  extendLevel: '--level vuole il livello a cui estendere le firme: B-T, B-LT o B-LTA.',
  extendNoFile: 'Nessun file da estendere: indica uno o più file firmati (ad esempio «sigla extend delibera.pdf --level B-LTA --tsa URL»).',
  extendNeedsTsaAccount: 'Per il livello B-LTA serve un servizio di marca temporale: configuralo in Impostazioni.',
} as const;

export type UsageKey = keyof typeof IT;

const EN: Readonly<Record<UsageKey, string>> = {
  unknownCommand: 'Unknown command: "{command}". The commands are listed by "sigla --help".',
  unknownHelpTopic: 'There is no help for "{command}". The commands are listed by "sigla --help".',
  optionNoValue: 'Option {option} takes no value: write it alone (for example {option}).',
  badArguments: 'Invalid arguments. Help is in "sigla --help".',
  secretOption: 'PINs and passwords are never written on the command line, where the shell history keeps them: Sigla asks for them hidden, or reads them from standard input with --pin-stdin.',
  noFileToSign: 'No file to sign: name one or more files (for example "sigla sign report.pdf").',
  signFormat: 'Unknown signature format: "{format}". The formats are cades (.p7m/.p7s) and pades (signature inside the PDF).',
  digest: 'Unknown digest algorithm: "{digest}". The algorithms are sha256, sha384 and sha512.',
  mode: 'Unknown mode: "{mode}". The modes are parallel, nested and countersign.',
  modeIsCades: '--mode applies to CAdES (.p7m) only: a PDF signed again gets a new revision.',
  detachedIsCades: '--detached applies to CAdES only: a PAdES signature is always inside the PDF.',
  countersignIndex: '--countersign-index takes the numbers of the signatures to countersign, from 1 (for example 1,3).',
  page: '--page takes a page number from 1.',
  rect: '--rect takes x,y,width,height in points (for example 36,36,200,60).',
  position: '--position takes one of: bottom-right, bottom-left, top-right, top-left.',
  outOne: '--out names one signed file: for several files use --out-dir FOLDER.',
  outAndOutDir: '--out and --out-dir exclude each other: use one of them.',
  notCms: '{file} is not a .p7m/.p7s signature: --mode {mode} applies to a file already signed.',
  sameOutput: 'Two files of this batch would both be written as {file}: sign them in different folders or one at a time.',
  verifyNoFile: 'No file to verify: name one or more files (for example "sigla verify report.pdf.p7m").',
  atTime: '--at takes an ISO 8601 date and time (for example 2013-09-08T12:00:00Z).',
  reportPdfOne: '--report-pdf writes the report of one file: name one file to verify.',
  extractOne: 'Name one file to extract the document from (for example "sigla extract report.pdf.p7m").',
  pecOp: 'Say what to do: "sigla pec check FILE…".',
  pecNoFile: 'No file to check: name the main document and the attachments (for example "sigla pec check decision.pdf.p7m annex.pdf").',
  pinOp: 'Say what to do with the PIN: "sigla pin check", "sigla pin change" or "sigla pin unblock".',
  trustOp: 'Say what to do with the trusted lists: "sigla trust update", "sigla trust import FILE…" or "sigla trust status".',
  trustNoArgs: '"sigla trust {op}" takes no file names.',
  trustImportNoFile: 'No list to import: name one or more files (for example "sigla trust import IT.xml --signers signers.pem").',
  signersEmpty: '{option} holds no certificate: name a PEM/DER file or a folder of certificates.',
  timestampOne: 'Name one file to time-stamp (for example "sigla timestamp report.pdf --tsa URL").',
  tsaRequired: 'No time-stamping service: give its address with --tsa URL (or the name of a configured service).',
  timestampFormat: 'Unknown time-stamp format: "{format}". The formats are tsr, tsd, m7m and pdf.',
  m7mNeedsP7m: '--format m7m bundles a signed .p7m with its time-stamp: name a .p7m file.',
  days: '--days takes a number of days (for example 90).',
  interval: '--interval takes milliseconds, at least 100.',
  noTerminal: 'There is no terminal to ask for the PIN on: use --pin-stdin and write it on the first line of standard input.',
  noPinOnStdin: 'Standard input ended and {what} is missing: with --pin-stdin (or --stdin) each request reads one line.',
  noContextPinOnStdin: 'There is no PIN on standard input for this signature: the key asks for the PIN at each signature, so one line per signature is needed.',
  pinsDiffer: 'The two new PINs differ: nothing was changed.',
  detachedNeedsContent: 'Adding a signature to a detached signature (.p7s) needs the signed document: give it with --detached-content FILE.',
  noSignatureNumber: 'There is no signature number {index}: the file has {count} {count|signature|signatures}.',
  pageMissing: '--page {page}: the document has {count} {count|page|pages}.',
  rectOutside: '--rect {rect}: the box goes beyond the page ({width}×{height} points).',
  unknownDocument: 'Unknown document: open it again.',
  pdfOnly: 'This applies to PDF files only.',
  invalidFiles: 'Invalid files.',
  openUnavailable: 'Files cannot be opened with the system\'s application here.',
  saveUnavailable: 'The document cannot be saved here.',
  notSiglaOutput: 'Only files Sigla wrote in this session can be opened.',
  pdfaOne: 'Name one file to convert to PDF/A (for example "sigla pdfa report.docx").',
  pdfaLevel: 'Unknown PDF/A level: "{level}". The levels are 1b, 2b (default) and 3b.',
  level: 'Unknown level: "{level}". The levels are B-B, B-T, B-LT and B-LTA.',
  levelNeedsTsa: 'Level {level} needs a time-stamp: name the service with --tsa URL.',
  levelBbWithTsa: 'Level B-B is the signature without a time-stamp: drop --tsa, or ask for level B-T.',
  extendLevel: '--level takes the level to extend the signatures to: B-T, B-LT or B-LTA.',
  extendNoFile: 'No file to extend: name one or more signed files (for example "sigla extend report.pdf --level B-LTA --tsa URL").',
  extendNeedsTsaAccount: 'Level B-LTA needs a time-stamp service: set one up in Settings.',
};

/** Every usage text, by language (the catalog test reads them all). */
export const USAGE_TEXTS: Readonly<Record<Lang, Readonly<Record<UsageKey, string>>>> = { it: IT, en: EN };

export function isUsageKey(key: unknown): key is UsageKey {
  return typeof key === 'string' && Object.hasOwn(IT, key);
}

/** Words some params stand for (`what` is missing from standard input). */
const WORDS: Readonly<Record<Lang, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  it: { what: { pin: 'il PIN', puk: 'il PUK', p12: 'la password del file PKCS#12' } },
  en: { what: { pin: 'the PIN', puk: 'the PUK', p12: 'the PKCS#12 file password' } },
};

/** The text of a usage error in `lang`, placeholders filled (words for coded params, plural forms by count). */
export function usageText(key: UsageKey, lang: Lang, params: TemplateParams = {}): string {
  const filled: Record<string, string | number> = { ...params };
  for (const [name, words] of Object.entries(WORDS[lang])) {
    const v = filled[name];
    if (typeof v === 'string' && words[v] !== undefined) filled[name] = words[v];
  }
  return fillTemplate(USAGE_TEXTS[lang][key], filled);
}

/** A usage error (exit 2) whose text is `key`'s; its `message` (for logs) is the English text. */
export function usageError(key: UsageKey, params: TemplateParams = {}, cause?: unknown): SiglaError {
  return new SiglaError('USAGE', usageText(key, 'en', params), { params: { ...params, usage: key }, ...(cause !== undefined ? { cause } : {}) });
}
