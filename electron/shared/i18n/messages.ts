/**
 * Every text a user reads about an error, in Italian and English, in one place. `{name}` placeholders take values
 * from the error's params; PINs and PUKs are never among them.
 */
import type { ErrorCode, SiglaError } from '../errors.js';
import type { Lang } from './locale.js';
import { isUsageKey, usageText } from './usage.js';

type Texts = Readonly<Record<ErrorCode, string>>;

const IT: Texts = {
  INTERNAL: 'Errore interno di Sigla: è un difetto del programma, non del file né di chi lo usa. Segnalalo agli sviluppatori indicando il comando usato (con SIGLA_DEBUG=1 Sigla stampa anche i dettagli tecnici).',
  USAGE: 'Uso non valido: {detail}',
  USAGE_UNKNOWN_OPTION: 'Opzione sconosciuta: {option}. Le opzioni di ogni comando sono in «sigla --help».',
  USAGE_OPTION_VALUE: 'L\'opzione {option} vuole un valore (ad esempio {option} VALORE).',
  PIN_INCORRECT: 'PIN errato. Stato del PIN ora: {state}.',
  PIN_LOCKED: 'Il PIN del dispositivo "{token}" è bloccato: non è stato fatto alcun tentativo. Sbloccalo con il PUK (sigla pin unblock).',
  PIN_FINAL_TRY_REFUSED: 'Resta un solo tentativo per il {what} di "{token}": non è stato usato. Ripeti con --allow-final-try (o rispondi sì alla domanda) solo se sei sicuro del {what}.',
  PIN_FORMAT: 'Il PIN non ha il formato accettato dal dispositivo ({expected}): nessun tentativo è stato usato.',
  PUK_INCORRECT: 'PUK errato. Stato del PUK ora: {state}.',
  PUK_LOCKED: 'Il PUK del dispositivo "{token}" è bloccato: non è stato fatto alcun tentativo. Rivolgiti a chi ha emesso il dispositivo.',
  CANCELLED: 'Operazione annullata.',
  TOKEN_REMOVED: 'Il dispositivo è stato rimosso.',
  TOKEN_NOT_FOUND: 'Nessun dispositivo di firma trovato{token}. Presenti: {candidates}',
  TOKEN_AMBIGUOUS: 'Sono presenti più dispositivi: scegline uno con --token. Presenti: {candidates}',
  CERT_NOT_FOUND: 'Nessun certificato di firma utilizzabile. Candidati: {candidates}',
  CERT_AMBIGUOUS: 'Ci sono più certificati di firma: scegline uno con --cert-id. Candidati: {candidates}',
  KEY_NOT_FOUND: 'La chiave privata del certificato non è presente.',
  KEY_NOT_USABLE: 'La chiave privata non può essere usata per firmare.',
  DEVICE_ERROR: 'Errore del dispositivo di firma.',
  MECHANISM_UNSUPPORTED: 'Il dispositivo non supporta l\'algoritmo richiesto ({mechanism}).',
  MODULE_LOAD_FAILED: 'Impossibile caricare il modulo PKCS#11 {module}: installa il middleware del dispositivo o indica --module.',
  TOKEN_GENERAL: 'Errore del dispositivo di firma.',
  P12_PASSWORD: 'Password del file PKCS#12 errata.',
  INPUT_UNREADABLE: 'Impossibile leggere il file {file}.',
  INPUT_NOT_FOUND: 'Il file {file} non esiste.',
  INPUT_NOT_REGULAR: '{file} non è un file ordinario ({kind}): Sigla legge solo file.',
  INPUT_EMPTY: 'Il file {file} è vuoto.',
  INPUT_NOT_SIGNED: 'Il file {file} non è un file firmato (né una marca temporale) che Sigla sappia leggere.',
  INPUT_LIMIT: 'Il file supera un limite di sicurezza ({limit}): Sigla non lo elabora oltre. Un file autentico non arriva a tanto; può essere danneggiato o costruito per bloccare i programmi.',
  INPUT_FORMAT: 'Il file non è in un formato valido: {detail}',
  INPUT_CHANGED: 'Il file è cambiato durante la firma: nessun file firmato è stato scritto.',
  OUTPUT_EXISTS: 'Il file {file} esiste già: usa --force per sostituirlo.',
  OUTPUT_WRITE: 'Impossibile scrivere il file {file} (errore di sistema {errno}): nessun file è stato scritto.',
  OUTPUT_IS_INPUT: 'Il file da scrivere {file} è il file di partenza {input}: Sigla non sostituisce mai un file che sta leggendo, nemmeno con --force. Scegli un altro nome o un\'altra cartella.',
  OUTPUT_DISK_FULL: 'Impossibile scrivere il file {file}: il disco (o lo spazio assegnato) è pieno. Nessun file è stato scritto: libera spazio e riprova.',
  OUTPUT_READ_ONLY: 'Impossibile scrivere il file {file}: la cartella {folder} è su un disco di sola lettura. Nessun file è stato scritto: scegli un\'altra cartella con --out o --out-dir.',
  OUTPUT_PERMISSION: 'Impossibile scrivere il file {file}: non hai il permesso di scrivere nella cartella {folder}. Nessun file è stato scritto: scegli un\'altra cartella con --out o --out-dir.',
  OUTPUT_FOLDER_MISSING: 'Impossibile scrivere il file {file}: la cartella {folder} non esiste. Nessun file è stato scritto.',
  INPUT_IS_STDIN: 'Il file {file} è lo standard input, da cui si legge il PIN (o la password): non può essere anche il file da firmare. Indica il file per nome.',
  SIGNATURE_INVALID: 'La firma non è valida.',
  VERIFY_INDETERMINATE: 'Impossibile stabilire la validità della firma.',
  TSA_UNAVAILABLE: 'Marca temporale non ottenuta ({detail}): nessun file è stato scritto.',
  PDF_PARSE: 'Il PDF è danneggiato o non leggibile ({detail}): nessun file è stato scritto. Riaprilo e salvalo (o stampalo) di nuovo in PDF, poi firma la nuova copia.',
  PDF_ENCRYPTED: 'Il PDF è protetto da cifratura: Sigla non lo firma, per non produrre un file che i verificatori rifiutano. Rimuovi la protezione (salvandone una copia non protetta) e firma quella.',
  PDF_CERTIFIED: 'Il PDF è certificato dal suo autore in modo da non ammettere modifiche (DocMDP P=1): anche una nuova firma lo invaliderebbe. Nessun file è stato scritto.',
  PDF_FIELD: 'Campo firma: {detail}',
  SECURE_STORAGE_UNAVAILABLE: 'La password non è stata salvata: su questo computer Sigla non può conservarla in modo protetto ({storage}). Attiva il portachiavi del sistema (ad esempio GNOME Portachiavi o KWallet) e riprova.',
  TSA_ACCOUNT_NOT_FOUND: 'Il servizio di marca temporale «{account}» non è tra quelli configurati. Controlla in Impostazioni.',
  TSA_INSECURE: 'Nome utente e password del servizio di marca temporale non sono stati inviati: l\'indirizzo {url} usa http:// senza cifratura e chiunque sulla rete potrebbe leggerli. Usa l\'indirizzo https:// del servizio; se il servizio non ne ha uno, consenti l\'invio in chiaro con --tsa-allow-http. Nessun file è stato scritto.',
  TL_DOWNLOAD: 'Impossibile scaricare l\'elenco di fiducia da {url} ({reason}): resta in uso l\'ultima copia valida.',
  TL_REFUSED: 'L\'elenco di fiducia {source} è stato rifiutato ({reason}): non viene usato.',
  TL_FORMAT: 'Il file non è un elenco di fiducia leggibile (ETSI TS 119 612): è danneggiato, troppo grande o contiene costrutti non ammessi. Sigla non lo usa.',
  EXTRACT_SIGNATURE_INVALID: 'La firma di {file} non è valida: il documento non è stato estratto. Per estrarlo comunque (senza fidarti del contenuto) ripeti con --force.',
  DOCUMENT_OPEN_FAILED: 'Il sistema non ha aperto {file}: forse manca un programma adatto a questo tipo di file. Salvalo con «Salva documento» e aprilo da lì con un programma adatto.',
  NOT_A_PDF: 'Il file {file} non è un PDF (non inizia con «%PDF-»): la firma PAdES e la marca temporale nel PDF valgono solo per i PDF. Per firmare un altro tipo di file usa --format cades (firma .p7m); per marcarlo usa --format tsr o tsd.',
  CONVERTER_MISSING: 'Per convertire {file} in PDF/A serve {converter}, che non è installato su questo computer. Su Debian/Ubuntu installalo con «sudo apt install {package}»; su Windows scarica e installa {converter} da {site}. Nessun file è stato scritto.',
  CONVERSION_FAILED: 'La conversione in PDF/A con {converter} non è riuscita (esito: {status}): nessun file è stato scritto. Il file può essere danneggiato, protetto da password o di un tipo che {converter} non sa leggere.',
  CONVERSION_CHECK_FAILED: 'Il file convertito non supera il controllo PDF/A-{level}: {problem}{fonts}. Nessun file è stato scritto.',
  CONVERSION_UNSUPPORTED: 'Il file {file} non si può convertire in PDF/A: Sigla converte i PDF e i documenti Office, OpenDocument, RTF e di testo.',
  VALIDATION_DATA_UNAVAILABLE: 'Dati di validazione non ottenuti per il certificato di {subject} (risposta OCSP o lista di revoca: {detail}): senza di essi la firma non sarebbe di livello B-LT, e nessun file è stato scritto. Controlla la connessione e il proxy, o firma a livello B-T.',
  PDFA_ALREADY_INVALID: 'Attenzione: {file} dichiara di essere un PDF/A-{level}, ma già non lo rispetta: {problems}. Sigla lo firma senza correggerlo (la firma aggiunta rispetta il PDF/A, ma non rimedia a questi difetti): chi lo riceve potrebbe rifiutarlo come PDF/A. Per un documento conforme, convertilo di nuovo in PDF/A e firma la nuova copia.',
  PEC_PROFILE_NOT_FOUND: 'Non esiste un profilo PEC «{input}». Profili disponibili: {candidates}.',
  PEC_PROFILE_INVALID: 'Il profilo PEC {file} non è valido (campo «{field}»): correggilo o toglilo dalla cartella dei profili.',
  BROWSER_RUNNING: 'Firefox è aperto con il profilo «{profile}» ({path}): il suo archivio dei certificati è in uso e Sigla non lo modifica. Chiudi Firefox e riprova. Nessun browser è stato modificato.',
  NSS_TOOL_MISSING: 'Manca il programma {tool} di NSS, che registra il dispositivo nei browser: installalo con «sudo apt install libnss3-tools» (o il pacchetto nss-tools della tua distribuzione) e riprova.',
  NSS_TOOL_FAILED: 'Il programma {tool} di NSS non ha completato l\'operazione: il modulo del dispositivo potrebbe non caricarsi o l\'archivio dei certificati del browser essere danneggiato. Con SIGLA_DEBUG=1 Sigla stampa i dettagli tecnici.',
};

const EN: Texts = {
  INTERNAL: 'Internal error in Sigla: a defect of the program, not of the file or of its user. Please report it to the developers with the command used (SIGLA_DEBUG=1 also prints the technical details).',
  USAGE: 'Invalid usage: {detail}',
  USAGE_UNKNOWN_OPTION: 'Unknown option: {option}. Every command\'s options are in "sigla --help".',
  USAGE_OPTION_VALUE: 'Option {option} takes a value (for example {option} VALUE).',
  PIN_INCORRECT: 'Wrong PIN. PIN state now: {state}.',
  PIN_LOCKED: 'The PIN of token "{token}" is locked: nothing was tried. Unblock it with the PUK (sigla pin unblock).',
  PIN_FINAL_TRY_REFUSED: 'Only one {what} try is left on "{token}": it was not used. Run again with --allow-final-try (or answer yes at the prompt) only if you are sure of the {what}.',
  PIN_FORMAT: 'The PIN does not have the format the token accepts ({expected}): no try was spent.',
  PUK_INCORRECT: 'Wrong PUK. PUK state now: {state}.',
  PUK_LOCKED: 'The PUK of token "{token}" is locked: nothing was tried. Contact whoever issued the device.',
  CANCELLED: 'Cancelled.',
  TOKEN_REMOVED: 'The token was removed.',
  TOKEN_NOT_FOUND: 'No signing token found{token}. Present: {candidates}',
  TOKEN_AMBIGUOUS: 'Several tokens are present: choose one with --token. Present: {candidates}',
  CERT_NOT_FOUND: 'No usable signature certificate. Candidates: {candidates}',
  CERT_AMBIGUOUS: 'Several signature certificates: choose one with --cert-id. Candidates: {candidates}',
  KEY_NOT_FOUND: 'The certificate\'s private key is not present.',
  KEY_NOT_USABLE: 'The private key cannot be used to sign.',
  DEVICE_ERROR: 'Signing device error.',
  MECHANISM_UNSUPPORTED: 'The token does not support the required algorithm ({mechanism}).',
  MODULE_LOAD_FAILED: 'Cannot load PKCS#11 module {module}: install the token middleware or pass --module.',
  TOKEN_GENERAL: 'Signing device error.',
  P12_PASSWORD: 'Wrong PKCS#12 password.',
  INPUT_UNREADABLE: 'Cannot read file {file}.',
  INPUT_NOT_FOUND: 'File {file} does not exist.',
  INPUT_NOT_REGULAR: '{file} is not a regular file ({kind}): Sigla reads files only.',
  INPUT_EMPTY: 'File {file} is empty.',
  INPUT_NOT_SIGNED: 'File {file} is not a signed file (nor a time-stamp) Sigla can read.',
  INPUT_LIMIT: 'The file exceeds a safety limit ({limit}): Sigla does not process it further. A genuine file never gets that far; it may be damaged or built to stall programs.',
  INPUT_FORMAT: 'The file is not in a valid format: {detail}',
  INPUT_CHANGED: 'The file changed while it was being signed: no signed file was written.',
  OUTPUT_EXISTS: 'File {file} already exists: use --force to replace it.',
  OUTPUT_WRITE: 'Cannot write file {file} (system error {errno}): nothing was written.',
  OUTPUT_IS_INPUT: 'The file to write, {file}, is the input {input}: Sigla never replaces a file it reads, not even with --force. Choose another name or folder.',
  OUTPUT_DISK_FULL: 'Cannot write file {file}: the disk (or your quota) is full. Nothing was written: free some space and try again.',
  OUTPUT_READ_ONLY: 'Cannot write file {file}: folder {folder} is on a read-only file system. Nothing was written: choose another folder with --out or --out-dir.',
  OUTPUT_PERMISSION: 'Cannot write file {file}: you may not write in folder {folder}. Nothing was written: choose another folder with --out or --out-dir.',
  OUTPUT_FOLDER_MISSING: 'Cannot write file {file}: folder {folder} does not exist. Nothing was written.',
  INPUT_IS_STDIN: 'File {file} is standard input, where the PIN (or password) is read from: it cannot also be the file to sign. Name the file instead.',
  SIGNATURE_INVALID: 'The signature is not valid.',
  VERIFY_INDETERMINATE: 'The validity of the signature cannot be established.',
  TSA_UNAVAILABLE: 'No timestamp obtained ({detail}): nothing was written.',
  PDF_PARSE: 'The PDF is damaged or unreadable ({detail}): nothing was written. Open it and save (or print) it to PDF again, then sign the new copy.',
  PDF_ENCRYPTED: 'The PDF is encrypted: Sigla does not sign it, so as not to produce a file validators reject. Save an unprotected copy and sign that.',
  PDF_CERTIFIED: 'The PDF is certified by its author so that no change is allowed (DocMDP P=1): even a new signature would invalidate it. Nothing was written.',
  PDF_FIELD: 'Signature field: {detail}',
  SECURE_STORAGE_UNAVAILABLE: 'The password was not saved: Sigla cannot keep it protected on this computer ({storage}). Turn on the system keyring (e.g. GNOME Keyring or KWallet) and try again.',
  TSA_ACCOUNT_NOT_FOUND: 'The time-stamping service "{account}" is not among the configured ones. Check Settings.',
  TSA_INSECURE: 'The time-stamping service\'s user name and password were not sent: the address {url} uses unencrypted http://, where anyone on the network could read them. Use the service\'s https:// address; if it has none, allow sending them in clear with --tsa-allow-http. Nothing was written.',
  TL_DOWNLOAD: 'Cannot download the trusted list from {url} ({reason}): the last good copy stays in use.',
  TL_REFUSED: 'The trusted list {source} was refused ({reason}): it is not used.',
  TL_FORMAT: 'The file is not a readable trusted list (ETSI TS 119 612): it is damaged, too large or holds constructs that are not allowed. Sigla does not use it.',
  EXTRACT_SIGNATURE_INVALID: 'The signature of {file} is not valid: the document was not extracted. To extract it anyway (without trusting its content) run again with --force.',
  DOCUMENT_OPEN_FAILED: 'The system did not open {file}: an application for this type of file may be missing. Save it with "Save document" and open it with a suitable application.',
  NOT_A_PDF: 'File {file} is not a PDF (it does not start with "%PDF-"): PAdES signatures and PDF time-stamps apply to PDF files only. To sign another kind of file use --format cades (a .p7m signature); to time-stamp it use --format tsr or tsd.',
  CONVERTER_MISSING: 'Converting {file} to PDF/A needs {converter}, which is not installed on this computer. On Debian/Ubuntu install it with "sudo apt install {package}"; on Windows download and install {converter} from {site}. Nothing was written.',
  CONVERSION_FAILED: 'The conversion to PDF/A with {converter} failed (outcome: {status}): nothing was written. The file may be damaged, password-protected or of a kind {converter} cannot read.',
  CONVERSION_CHECK_FAILED: 'The converted file does not pass the PDF/A-{level} check: {problem}{fonts}. Nothing was written.',
  CONVERSION_UNSUPPORTED: 'File {file} cannot be converted to PDF/A: Sigla converts PDF files and Office, OpenDocument, RTF and text documents.',
  VALIDATION_DATA_UNAVAILABLE: 'No validation data obtained for the certificate of {subject} (OCSP response or revocation list: {detail}): without it the signature would not be B-LT, and nothing was written. Check the connection and the proxy, or sign at level B-T.',
  PDFA_ALREADY_INVALID: 'Warning: {file} claims to be PDF/A-{level} but already breaks it: {problems}. Sigla signs it without fixing it (the signature it adds keeps to PDF/A, but does not mend these faults): whoever receives it may reject it as PDF/A. For a conforming document, convert it to PDF/A again and sign the new copy.',
  PEC_PROFILE_NOT_FOUND: 'There is no PEC profile "{input}". Available profiles: {candidates}.',
  PEC_PROFILE_INVALID: 'The PEC profile {file} is not valid ({detail}): fix it or remove it from the profiles folder.',
  BROWSER_RUNNING: 'Firefox is running with profile "{profile}" ({path}): its certificate store is in use and Sigla does not change it. Close Firefox and try again. No browser was changed.',
  NSS_TOOL_MISSING: 'NSS\'s {tool} program, which registers the token in browsers, is missing: install it with "sudo apt install libnss3-tools" (or your distribution\'s nss-tools package) and try again.',
  NSS_TOOL_FAILED: 'NSS\'s {tool} program did not complete: the token\'s module may not load, or the browser\'s certificate store may be damaged. SIGLA_DEBUG=1 prints the technical details.',
};

const TEXTS: Readonly<Record<Lang, Texts>> = { it: IT, en: EN };

/** PIN/PUK states (CK_TOKEN_INFO flags) in words. */
export const PIN_STATE_TEXT: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    ok: 'a posto',
    countLow: 'pochi tentativi rimasti',
    finalTry: 'resta un solo tentativo',
    locked: 'bloccato',
    toBeChanged: 'da cambiare',
    notInitialized: 'non impostato',
    unknown: 'sconosciuto',
  },
  en: {
    ok: 'fine',
    countLow: 'few tries left',
    finalTry: 'one try left',
    locked: 'locked',
    toBeChanged: 'to be changed',
    notInitialized: 'not set',
    unknown: 'unknown',
  },
};

/**
 * Why a trusted list was refused or not downloaded (TL_REFUSED / TL_DOWNLOAD `reason`, `sigla trust status`): the
 * codes of `core/tsl` ListSignatureFailure, of the cache (io/trustedLists) and of net/httpGet.
 */
export const TL_REASON_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    NO_SIGNATURE: 'non è firmato',
    MALFORMED: 'firma XML malformata',
    SIGNATURE_INVALID: 'la firma non è valida: il file è stato modificato o non è firmato da chi dichiara',
    SIGNER_NOT_ALLOWED: 'firmato da un certificato che non è tra quelli ammessi per questo elenco',
    NOT_WHOLE_DOCUMENT: 'la firma non copre l\'intero elenco',
    PARSE: 'non è un elenco di fiducia leggibile (ETSI TS 119 612)',
    NO_SIGNERS: 'nessun certificato per verificarlo: indica i certificati con --signers oppure importa prima la LOTL',
    /** NO_SIGNERS as the app says it (no command-line option). */
    NO_SIGNERS_APP: 'nessun certificato per verificarlo: scegli anche i certificati di chi firma l\'elenco, oppure importa prima l\'elenco europeo (LOTL)',
    NOT_POINTED: 'la LOTL in uso non indica questo elenco',
    OLDER: 'è più vecchio dell\'elenco già in uso (numero di sequenza minore)',
    TERRITORY: 'il territorio non è quello indicato dalla LOTL',
    timeout: 'nessuna risposta entro il tempo massimo',
    unreachable: 'server non raggiungibile',
    'too-large': 'risposta troppo grande',
    'bad-url': 'indirizzo non valido',
    'too-many-redirects': 'troppi reindirizzamenti',
    http: 'il server ha risposto con un errore',
    aborted: 'interrotto',
  },
  en: {
    NO_SIGNATURE: 'it is not signed',
    MALFORMED: 'malformed XML signature',
    SIGNATURE_INVALID: 'the signature does not verify: the file was changed or is not signed by whom it claims',
    SIGNER_NOT_ALLOWED: 'signed by a certificate that is not among those allowed for this list',
    NOT_WHOLE_DOCUMENT: 'the signature does not cover the whole list',
    PARSE: 'not a readable trusted list (ETSI TS 119 612)',
    NO_SIGNERS: 'no certificate to check it with: give them with --signers or import the LOTL first',
    NO_SIGNERS_APP: 'no certificate to check it with: choose the certificates of the list\'s signers too, or import the European list (LOTL) first',
    NOT_POINTED: 'the LOTL in use does not point to this list',
    OLDER: 'older than the list already in use (lower sequence number)',
    TERRITORY: 'the territory is not the one the LOTL names',
    timeout: 'no answer in time',
    unreachable: 'server unreachable',
    'too-large': 'answer too large',
    'bad-url': 'invalid address',
    'too-many-redirects': 'too many redirects',
    http: 'the server answered with an error',
    aborted: 'interrupted',
  },
};

/**
 * `sigla trust status|update|import` human output and the trusted-list findings of a verification report
 * (io/trustedLists/trustNotes.ts): `{name}` placeholders from the finding's params.
 */
export const TRUST_TEXTS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    heading: 'Elenchi di fiducia',
    lotl: 'Elenco UE degli elenchi (LOTL)',
    territory: 'Elenco {territory}',
    sequence: 'numero di sequenza',
    issued: 'emesso il',
    nextUpdate: 'prossimo aggiornamento',
    source: 'fonte',
    fetchedAt: 'acquisito il',
    services: 'servizi',
    valid: 'VALIDO, in uso',
    stale: 'VALIDO ma SCADUTO da {days} giorni: in uso con cautela',
    refused: 'RIFIUTATO: {reason}',
    notDownloaded: 'NON SCARICATO: {reason}',
    stillInUse: 'resta in uso la copia con numero di sequenza {sequence}',
    none: 'Nessun elenco di fiducia in archivio. Scaricali con «sigla trust update» o importali con «sigla trust import FILE --signers CERTIFICATI».',
    lastUpdate: 'Ultimo aggiornamento dalla rete',
    lastAttempt: 'Ultimo tentativo',
    never: 'mai',
    updated: 'Elenchi di fiducia aggiornati: {valid} in uso, {failed} non aggiornati.',
    imported: 'Elenchi importati: {count}; rifiutati: {failed}.',
  },
  en: {
    heading: 'Trusted lists',
    lotl: 'EU List of Trusted Lists (LOTL)',
    territory: 'List {territory}',
    sequence: 'sequence number',
    issued: 'issued',
    nextUpdate: 'next update',
    source: 'source',
    fetchedAt: 'obtained',
    services: 'services',
    valid: 'VALID, in use',
    stale: 'VALID but {days} days past its next update: used with caution',
    refused: 'REFUSED: {reason}',
    notDownloaded: 'NOT DOWNLOADED: {reason}',
    stillInUse: 'the copy with sequence number {sequence} stays in use',
    none: 'No trusted list cached. Download them with "sigla trust update" or import them with "sigla trust import FILE --signers CERTIFICATES".',
    lastUpdate: 'Last update from the network',
    lastAttempt: 'Last attempt',
    never: 'never',
    updated: 'Trusted lists updated: {valid} in use, {failed} not updated.',
    imported: 'Lists imported: {count}; refused: {failed}.',
  },
};

/** A TRUST_TEXTS entry with its placeholders filled (`reason` said in words). */
export function trustText(key: string, lang: Lang, params: Readonly<Record<string, string | number>> = {}): string {
  const text = TRUST_TEXTS[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (k === 'reason' && typeof v === 'string') return TL_REASON_WORDS[lang][v] ?? v;
    // ISO dates are shown as the date in Italy (times in params are UTC ISO, Finding.ts).
    if (k === 'nextUpdate' && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { timeZone: 'Europe/Rome', dateStyle: 'short' }).format(new Date(v));
    return v === undefined ? '?' : String(v);
  });
}

/** Words some params stand for: the kind of a non-regular file, the safety limit a file exceeded (INPUT_LIMIT). */
/** What a file claiming PDF/A already breaks (PDFA_ALREADY_INVALID `problems`, core/pades/pdfaDeclaration.ts). */
export const PDFA_PROBLEM_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    fontNotEmbedded: 'usa caratteri (font) non incorporati nel file',
    javaScript: 'contiene JavaScript',
    encrypted: 'è cifrato',
    transparency: 'usa trasparenze, vietate in PDF/A-1',
    noOutputIntent: 'manca il profilo colore (OutputIntent) del PDF/A',
  },
  en: {
    fontNotEmbedded: 'it uses fonts not embedded in the file',
    javaScript: 'it contains JavaScript',
    encrypted: 'it is encrypted',
    transparency: 'it uses transparency, forbidden in PDF/A-1',
    noOutputIntent: 'the PDF/A colour profile (OutputIntent) is missing',
  },
};

const PARAM_WORDS: Readonly<Record<Lang, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  it: {
    kind: { directory: 'è una cartella', fifo: 'è una pipe FIFO', device: 'è un dispositivo', socket: 'è un socket', other: 'tipo non ammesso' },
    limit: {
      pdfNesting: 'oggetti PDF annidati troppo in profondità',
      pdfObjects: 'troppi oggetti PDF',
      pdfXref: 'tabella dei riferimenti incrociati (/W, /Index, /Size) oltre le dimensioni del file',
      pdfDecoded: 'dati compressi che si espandono oltre misura',
      pdfObjectStream: 'flusso di oggetti (/N, /First) oltre le dimensioni dei suoi dati',
      berNesting: 'strutture ASN.1 annidate troppo in profondità',
      pkcs12Iterations: 'iterazioni della password del file PKCS#12 oltre misura',
      mimeParts: 'troppe parti MIME',
      envelopes: 'troppe buste annidate',
      countersignatures: 'controfirme annidate troppo in profondità',
    },
    reason: TL_REASON_WORDS.it,
    expected: { nonEmptyPin: 'un PIN non vuoto', nonEmptyPuk: 'un PUK non vuoto', eightDigits: '8 cifre', digitsOnly: 'solo cifre' },
    fieldProblem: { missing: 'non esiste', notSignature: 'non è un campo firma', signed: 'è già firmato' },
    storage: { 'weak-backend': 'nessun portachiavi di sistema', 'no-encryption': 'cifratura del sistema non disponibile' },
    status: { timeout: 'tempo massimo superato', start: 'il programma non si è avviato' },
    problem: { notPdfa: 'non dichiara il livello PDF/A richiesto', fontsNotEmbedded: 'caratteri non incorporati: ', pecFindings: 'il controllo per la PEC lo rifiuta: ' },
  },
  en: {
    kind: { directory: 'a folder', fifo: 'a FIFO pipe', device: 'a device', socket: 'a socket', other: 'a type not allowed' },
    limit: {
      pdfNesting: 'PDF objects nested too deep',
      pdfObjects: 'too many PDF objects',
      pdfXref: 'cross-reference data (/W, /Index, /Size) beyond the size of the file',
      pdfDecoded: 'compressed data expanding beyond measure',
      pdfObjectStream: 'object stream (/N, /First) beyond the size of its data',
      berNesting: 'ASN.1 structures nested too deep',
      pkcs12Iterations: 'PKCS#12 password iterations beyond measure',
      mimeParts: 'too many MIME parts',
      envelopes: 'too many nested envelopes',
      countersignatures: 'countersignatures nested too deep',
    },
    reason: TL_REASON_WORDS.en,
    expected: { nonEmptyPin: 'a PIN that is not empty', nonEmptyPuk: 'a PUK that is not empty', eightDigits: '8 digits', digitsOnly: 'digits only' },
    fieldProblem: { missing: 'does not exist', notSignature: 'is not a signature field', signed: 'is already signed' },
    storage: { 'weak-backend': 'no system keyring', 'no-encryption': 'no system encryption' },
    status: { timeout: 'time limit exceeded', start: 'the program did not start' },
    problem: { notPdfa: 'it does not declare the PDF/A level asked', fontsNotEmbedded: 'fonts not embedded: ', pecFindings: 'the PEC check refuses it: ' },
  },
};

/**
 * What went wrong in a PDF (PDF_PARSE's `detail`, written in English by the parsers) in Italian. A detail not listed
 * here (one with numbers, or a pdf-lib error class) is said generically in Italian rather than quoted in English.
 */
const PDF_DETAIL_IT: Readonly<Record<string, string>> = {
  'no %PDF- header in the first 1024 bytes': "manca l'intestazione %PDF-",
  'no startxref at the end of the file': 'manca startxref alla fine del file',
  'startxref is not followed by an offset and %%EOF': 'startxref non è seguito da una posizione e da %%EOF',
  'startxref/Prev does not point at a cross-reference section': 'startxref o /Prev non indica una tabella dei riferimenti incrociati',
  'startxref/Prev does not point at a cross-reference stream': 'startxref o /Prev non indica un flusso dei riferimenti incrociati',
  'the cross-reference /Prev chain loops': 'la catena /Prev dei riferimenti incrociati è circolare',
  'no cross-reference section': 'nessuna tabella dei riferimenti incrociati',
  'cross-reference stream shorter than its /Index says': 'flusso dei riferimenti incrociati più corto di quanto dice /Index',
  'cross-reference stream predictor parameters out of range': 'parametri del predittore del flusso dei riferimenti incrociati fuori intervallo',
  'trailer is not a dictionary': 'il trailer non è un dizionario',
  'the trailer has no /Size': 'il trailer non ha /Size',
  'the trailer has no /Root': 'il trailer non ha /Root',
  'no document catalog': 'manca il catalogo del documento',
  'the document has no pages': 'il documento non ha pagine',
  'the page tree has a loop': "l'albero delle pagine è circolare",
  'the page tree is broken': "l'albero delle pagine è danneggiato",
  unreadable: 'illeggibile',
};

/** INPUT_FORMAT's `detail` (English, from the CMS/ASN.1/time-stamp readers) in Italian; see {@link italianDetail}. */
const FORMAT_DETAIL_IT: Readonly<Record<string, string>> = {
  'a certificate cannot be read': 'un certificato non è leggibile',
  'a certificate has unreadable validity dates': 'un certificato ha date di validità illeggibili',
  certificate: 'certificato illeggibile',
  'certificate validity': 'date di validità del certificato illeggibili',
  'a detached signature (.p7s) does not hold the document': 'una firma separata (.p7s) non contiene il documento',
  'base64 text does not hold a CMS object': 'il testo Base64 non contiene una busta CMS',
  'not a CMS object (neither DER/BER nor base64)': 'non è una busta CMS (né DER/BER né Base64)',
  'malformed PEM armour': 'intestazioni PEM non valide',
  'the CMS object is not SignedData': 'la busta CMS non è una SignedData',
  'no SignerInfo': 'nessun firmatario',
  'SignerInfo without a signature': 'firmatario senza valore di firma',
  'eContent is not an OCTET STRING': 'il contenuto non è un OCTET STRING',
  'not a MIME multipart (.m7m)': 'non è un MIME multipart (.m7m)',
  'the .m7m has no signed envelope': 'il .m7m non contiene la busta firmata',
  'not a TimeStampedData (.tsd)': 'non è una TimeStampedData (.tsd)',
  'the .tsd does not embed its content (dataUri is not supported)': 'il .tsd non contiene il documento (dataUri non è supportato)',
  'not a signed or time-stamped envelope': 'non è una busta firmata o marcata',
  'not a time-stamp token': 'non è una marca temporale',
  'time-stamp token without TSTInfo': 'marca temporale senza TSTInfo',
  'the time-stamp response holds no token': 'la risposta della TSA non contiene la marca',
  'the detached content is not the content the existing signature covers': 'il contenuto indicato non è quello coperto dalla firma esistente',
  'the signature image is not a readable PNG': "l'immagine della firma non è un PNG leggibile",
  'no certificate': 'nessun certificato',
  'not an X.509 certificate (PEM or DER)': 'non è un certificato X.509 (PEM o DER)',
};

/**
 * A parser's English `detail` said in Italian: from the table when listed; a bare token (".p7s", "PNG") as it is;
 * anything else generically, so that an Italian message never quotes an English sentence.
 */
function italianDetail(table: Readonly<Record<string, string>>, detail: string, generic: string): string {
  return table[detail] ?? (/^[\w./-]+$/.test(detail) && !/Error$|^(no|the|not|bad|unreadable)$/i.test(detail) ? detail : generic);
}

/** TSA_UNAVAILABLE's `detail` (English, from net/TsaClient and core/tsp/TimeStampResp) in Italian. */
const TSA_DETAIL_IT: Readonly<Record<string, string>> = {
  unreachable: 'servizio non raggiungibile',
  'no answer in time': 'nessuna risposta in tempo',
  'response too large': 'risposta troppo grande',
  'invalid address': 'indirizzo non valido',
  interrupted: 'interrotto',
  'credentials refused': 'credenziali rifiutate',
  'the TSA refused the request': 'il servizio ha rifiutato la richiesta',
  'the response holds no time-stamp token': 'la risposta non contiene la marca',
  'the response is not a TimeStampResp': 'la risposta non è una risposta di marca temporale (TimeStampResp)',
  'the token is not a time-stamp token': 'la marca ricevuta non è una marca temporale',
  'the token does not time-stamp what was asked: message imprint': 'la marca non riguarda il documento inviato (impronta diversa)',
  'the nonce does not match the request': 'il nonce della risposta non è quello della richiesta',
  'the policy is not the one asked': 'la policy della marca non è quella richiesta',
  'the token must have exactly one signer': 'la marca deve avere un solo firmatario',
  'the TSA certificate is not in the token': 'il certificato del servizio non è nella marca',
  'the token signature does not verify': 'la firma della marca non è valida',
  'the signing certificate is not a TSA certificate: critical EKU timeStamping': 'il certificato che firma la marca non è di un servizio di marca temporale (EKU timeStamping critica)',
};

/** A TSA detail in Italian: its words from the table, what follows them (an address, an HTTP status) as it is. */
function tsaDetailIt(detail: string): string {
  const whole = TSA_DETAIL_IT[detail];
  if (whole !== undefined) return whole;
  const m = /^(.*?)((?::| \(| HTTP ).*)?$/.exec(detail);
  const head = m?.[1] ?? detail;
  const words = TSA_DETAIL_IT[head];
  if (words !== undefined) return `${words}${m?.[2] ?? ''}`;
  return /^HTTP \d+$/.test(detail) ? detail : 'risposta non valida';
}

/** Where the text is read: the command line names its options; the app names its screens and buttons. */
export type Surface = 'cli' | 'app';

/** The texts that tell the user what to do next, as the desktop app says it (no command-line options). */
const APP_TEXTS: Readonly<Record<Lang, Partial<Record<ErrorCode, string>>>> = {
  it: {
    PIN_LOCKED: 'Il PIN del dispositivo "{token}" è bloccato: non è stato fatto alcun tentativo. Sbloccalo con il PUK da Dispositivi → «Sblocca con PUK».',
    PIN_FINAL_TRY_REFUSED: 'Resta un solo tentativo per il {what} di "{token}": non è stato usato. Riprova e conferma solo se sei sicuro del {what}.',
    TOKEN_AMBIGUOUS: 'Sono presenti più dispositivi: scegli quello da usare nelle opzioni di firma. Presenti: {candidates}',
    CERT_AMBIGUOUS: 'Sul dispositivo ci sono più certificati di firma. Candidati: {candidates}',
    MODULE_LOAD_FAILED: 'Impossibile caricare il modulo PKCS#11 {module}: installa il programma del dispositivo o aggiungi il modulo in Impostazioni.',
    OUTPUT_EXISTS: 'Il file {file} esiste già e non è stato sostituito.',
    INPUT_NOT_SIGNED: 'Nessuna firma: il file {file} non contiene firme né marche temporali che Sigla sappia leggere.',
    EXTRACT_SIGNATURE_INVALID: 'La firma di {file} non è valida: il documento non è stato estratto, perché non se ne può fidare.',
    NOT_A_PDF: 'Il file {file} non è un PDF (non inizia con «%PDF-»): la firma PAdES vale solo per i PDF. Per firmarlo scegli la firma CAdES (.p7m).',
    OUTPUT_IS_INPUT: 'Il file da scrivere {file} è il documento di partenza {input}: Sigla non lo sostituisce mai. Nessun file è stato scritto.',
    OUTPUT_READ_ONLY: 'Impossibile scrivere il file {file}: la cartella {folder} è su un disco di sola lettura. Nessun file è stato scritto: copia il documento in un\'altra cartella e firma la copia.',
    OUTPUT_PERMISSION: 'Impossibile scrivere il file {file}: non hai il permesso di scrivere nella cartella {folder}. Nessun file è stato scritto: copia il documento in un\'altra cartella e firma la copia.',
    TSA_INSECURE: 'Nome utente e password del servizio di marca temporale non sono stati inviati: l\'indirizzo {url} usa http:// senza cifratura e chiunque sulla rete potrebbe leggerli. Usa l\'indirizzo https:// del servizio; se il servizio non ne ha uno, in Impostazioni → Marche temporali modifica il servizio e spunta «Consenti l\'invio delle credenziali senza cifratura (http://)».',
  },
  en: {
    PIN_LOCKED: 'The PIN of token "{token}" is locked: nothing was tried. Unblock it with the PUK from Devices → "Unblock with PUK".',
    PIN_FINAL_TRY_REFUSED: 'Only one {what} try is left on "{token}": it was not used. Try again and confirm only if you are sure of the {what}.',
    TOKEN_AMBIGUOUS: 'Several tokens are present: choose one in the signing options. Present: {candidates}',
    CERT_AMBIGUOUS: 'The token holds several signature certificates. Candidates: {candidates}',
    MODULE_LOAD_FAILED: 'Cannot load PKCS#11 module {module}: install the token software or add the module in Settings.',
    OUTPUT_EXISTS: 'File {file} already exists and was not replaced.',
    INPUT_NOT_SIGNED: 'No signature: file {file} holds no signature or time-stamp that Sigla can read.',
    EXTRACT_SIGNATURE_INVALID: 'The signature of {file} is not valid: the document was not extracted, since it cannot be trusted.',
    NOT_A_PDF: 'File {file} is not a PDF (it does not start with "%PDF-"): a PAdES signature applies to PDF files only. To sign it choose the CAdES signature (.p7m).',
    OUTPUT_IS_INPUT: 'The file to write, {file}, is the original document {input}: Sigla never replaces it. Nothing was written.',
    OUTPUT_READ_ONLY: 'Cannot write file {file}: folder {folder} is on a read-only file system. Nothing was written: copy the document to another folder and sign the copy.',
    OUTPUT_PERMISSION: 'Cannot write file {file}: you may not write in folder {folder}. Nothing was written: copy the document to another folder and sign the copy.',
    TSA_INSECURE: 'The time-stamping service\'s user name and password were not sent: the address {url} uses unencrypted http://, where anyone on the network could read them. Use the service\'s https:// address; if it has none, edit the service in Settings → Time-stamps and tick "Allow sending the credentials unencrypted (http://)".',
  },
};

export function describeError(e: SiglaError, lang: Lang, surface: Surface = 'cli'): string {
  const params: Record<string, string | number> = { detail: e.message, ...e.params };
  if (e.code === 'TOKEN_NOT_FOUND') params['token'] = e.params['token'] ? ` "${String(e.params['token'])}"` : '';
  if (typeof params['state'] === 'string') params['state'] = PIN_STATE_TEXT[lang][params['state']] ?? params['state'];
  if (params['candidates'] === '') params['candidates'] = lang === 'it' ? 'nessuno' : 'none';
  for (const [name, words] of Object.entries(PARAM_WORDS[lang])) {
    const v = params[name];
    if (typeof v === 'string' && words[v] !== undefined) params[name] = words[v];
  }
  if (e.code === 'PDFA_ALREADY_INVALID' && typeof params['problems'] === 'string') {
    params['problems'] = params['problems'].split(',').map((p) => PDFA_PROBLEM_WORDS[lang][p] ?? p).join('; ');
  }
  // A usage error names its text (shared/i18n/usage.ts): said in the user's language, never its English message.
  if (e.code === 'USAGE' && isUsageKey(e.params['usage'])) return usageText(e.params['usage'], lang, e.params);
  if (e.code === 'PDF_FIELD' && e.params['fieldProblem'] !== undefined) params['detail'] = `«${String(e.params['field'] ?? '?')}» ${String(params['fieldProblem'])}`;
  if (lang === 'it' && typeof params['detail'] === 'string') {
    if (e.code === 'PDF_PARSE') params['detail'] = italianDetail(PDF_DETAIL_IT, params['detail'], 'struttura interna non valida');
    if (e.code === 'INPUT_FORMAT') params['detail'] = italianDetail(FORMAT_DETAIL_IT, params['detail'], 'struttura ASN.1/CMS non valida');
    if (e.code === 'TSA_UNAVAILABLE') params['detail'] = tsaDetailIt(params['detail']);
  }
  let text = ((surface === 'app' ? APP_TEXTS[lang][e.code] : undefined) ?? TEXTS[lang][e.code]).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '?'));
  if (e.ckr !== undefined) text += ` [${e.pkcs11Function ?? 'PKCS#11'}: 0x${e.ckr.toString(16).padStart(8, '0')}]`;
  return text;
}
