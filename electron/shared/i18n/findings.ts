/**
 * Every text of a verification report, in Italian and English, in one place: the findings (problems and warnings,
 * by code, with `{name}` placeholders filled from their params), the statuses and sub-indications of ETSI EN 319
 * 102-1 §5.1.3 explained in plain words, the qualification conclusions of ETSI TS 119 172-4 / TS 119 615, the
 * statuses of trusted-list services (ETSI TS 119 612 §5.5.4) and the words of the human report. Times are shown in
 * Italian local time (Europe/Rome) by `formatTime`; JSON keeps ISO 8601.
 */
import type { FindingCode } from '../findingCodes.js';
import type { Lang } from './locale.js';
import { TL_REASON_WORDS } from './messages.js';
import { romeDateTime } from './romeTime.js';

type FindingTexts = Readonly<Record<FindingCode, string>>;

const FINDINGS_IT: FindingTexts = {
  SIGNER_CERT_NOT_FOUND: 'Il certificato del firmatario non è presente nella firma.',
  SIGNER_CERT_UNREADABLE: 'Il certificato del firmatario è danneggiato e non si può leggere.',
  UNKNOWN_DIGEST_ALGORITHM: 'Algoritmo di impronta sconosciuto ({oid}): la firma non si può controllare.',
  MESSAGE_DIGEST_MISMATCH: 'L\'impronta firmata non corrisponde al contenuto: il documento è stato modificato dopo la firma oppure non è quello firmato.',
  SIGNATURE_KEY_UNUSABLE: 'Il valore della firma non si può controllare con la chiave del certificato.',
  SIGNATURE_VALUE_INVALID: 'Il valore crittografico della firma non corrisponde ai dati firmati.',
  SIGNING_CERTIFICATE_MISMATCH: 'L\'attributo firmato che identifica il certificato di firma non corrisponde al certificato del firmatario.',
  SIGNING_TIME_UNREADABLE: 'L\'ora di firma dichiarata non si può leggere.',
  GIVEN_CONTENT_DIFFERS: 'Il documento indicato a parte è diverso da quello contenuto nel file firmato: la firma non riguarda quel documento.',
  SIGNATURE_UNREADABLE: 'La firma non si può leggere (codice {error}).',
  SIGNATURE_NOT_CHECKED: 'La firma non è stata controllata.',
  WEAK_DIGEST: 'Algoritmo di impronta ormai debole: {algorithm}.',
  WEAK_RSA_KEY: 'Chiave RSA debole ({bits} bit).',
  ISSUER_DOWNLOADED: 'Il certificato dell\'autorità emittente «{issuer}» è stato scaricato dall\'indirizzo indicato nel certificato «{subject}».',
  CA_NOT_VALID_AT_TIME: 'Il certificato dell\'autorità di certificazione «{subject}» non era valido il {time}.',
  REVOCATION_NOT_CHECKED_OFFLINE: 'La revoca del certificato non è stata controllata (verifica senza rete).',
  NO_REVOCATION_SOURCE: 'Il certificato non indica alcun servizio OCSP né lista di revoca (CRL): la revoca non è stata controllata.',
  CERT_REVOKED: 'Certificato revocato il {revokedAt} (fonte: {source}).',
  CERT_REVOKED_UNDATED: 'Certificato revocato (fonte: {source}).',
  NOT_REVOKED: 'Certificato non revocato (fonte: {source}).',
  REVOCATION_UNAVAILABLE: 'Lo stato di revoca del certificato non è disponibile ({detail}).',
  CA_NO_REVOCATION_SOURCE: 'Il certificato dell\'autorità «{subject}» non indica alcun servizio OCSP né lista di revoca (CRL): la sua revoca non è stata controllata.',
  CA_REVOKED: 'Il certificato dell\'autorità «{subject}» è stato revocato il {revokedAt} (fonte: {source}).',
  CA_REVOKED_UNDATED: 'Il certificato dell\'autorità «{subject}» è stato revocato (fonte: {source}).',
  CA_NOT_REVOKED: 'Certificato dell\'autorità «{subject}» non revocato (fonte: {source}).',
  CA_REVOCATION_UNAVAILABLE: 'Lo stato di revoca del certificato dell\'autorità «{subject}» non è disponibile ({detail}).',
  TIMESTAMP_INVALID: 'La marca temporale della firma del {time} non è valida.',
  TIMESTAMP_UNREADABLE: 'Una marca temporale della firma non si può leggere.',
  TIMESTAMP_TSA_UNTRUSTED: 'La marca temporale del {time} è di un\'autorità di marcatura temporale non riconosciuta come affidabile («{tsa}»): non vale come prova dell\'ora.',
  TSA_NO_REVOCATION_SOURCE: 'Il certificato dell\'autorità di marcatura temporale «{tsa}» non indica alcun servizio OCSP né lista di revoca (CRL): la sua revoca non è stata controllata.',
  TSA_REVOKED_BEFORE_TIMESTAMP: 'Il certificato dell\'autorità di marcatura temporale «{tsa}» è stato revocato il {revokedAt} (fonte: {source}): la marca temporale del {time} non prova nulla.',
  TSA_REVOKED_UNDATED: 'Il certificato dell\'autorità di marcatura temporale «{tsa}» è stato revocato (fonte: {source}): la marca temporale del {time} non prova nulla.',
  TSA_REVOKED_AFTER_TIMESTAMP: 'Il certificato dell\'autorità di marcatura temporale «{tsa}» è stato revocato dopo la marca temporale (fonte: {source}).',
  TSA_REVOCATION_UNKNOWN: 'Lo stato di revoca del certificato dell\'autorità di marcatura temporale «{tsa}» è sconosciuto (fonte: {source}).',
  TSA_NOT_REVOKED: 'Certificato dell\'autorità di marcatura temporale «{tsa}» non revocato (fonte: {source}).',
  TSA_REVOCATION_UNAVAILABLE: 'Lo stato di revoca del certificato dell\'autorità di marcatura temporale «{tsa}» non è disponibile ({detail}).',
  PDF_BYTERANGE_MALFORMED: 'L\'intervallo dei byte firmati (/ByteRange) manca o non è valido.',
  PDF_NO_CONTENTS: 'Il campo firma non contiene la firma (/Contents).',
  PDF_BYTERANGE_NOT_AT_START: 'L\'intervallo dei byte firmati (/ByteRange) non comincia dall\'inizio del file.',
  PDF_BYTERANGE_OUTSIDE: 'L\'intervallo dei byte firmati (/ByteRange) esce dal file o si sovrappone a sé stesso.',
  PDF_HOLE_NOT_CONTENTS: 'La parte esclusa dall\'intervallo firmato non è esattamente la firma (/Contents).',
  PDF_HOLE_OTHER_CONTENTS: 'La parte esclusa dall\'intervallo firmato non contiene la firma di questo campo.',
  PDF_UNSUPPORTED_SUBFILTER: 'Tipo di firma PDF non supportato (/SubFilter /{subFilter}): la firma non è stata controllata.',
  PDF_NO_SUBFILTER: 'La firma non dichiara il suo tipo (/SubFilter): è stata letta come adbe.pkcs7.detached.',
  PDF_SHA1_FORM_DETACHED: 'La firma di tipo adbe.pkcs7.sha1 non contiene l\'impronta del documento: è stata controllata come firma separata sull\'intervallo firmato.',
  PDF_DIGEST_ENCAPSULATED: 'La firma contiene l\'impronta dell\'intervallo firmato benché il tipo dichiarato sia /{subFilter}: è stata letta come adbe.pkcs7.sha1.',
  PDF_ENCAPSULATED_DIGEST_NOT_SHA1: 'L\'impronta contenuta nella firma è {algorithm}, non SHA-1 come prescrive adbe.pkcs7.sha1.',
  PDF_SHA1_DIGEST_MISMATCH: 'L\'impronta contenuta nella firma non è l\'impronta SHA-1 dei byte firmati: il documento è stato modificato.',
  PDF_CMS_CARRIES_CONTENT: 'La firma contiene un proprio contenuto benché il tipo /{subFilter} non lo ammetta: i dati firmati non sono quelli del documento.',
  PDF_NO_SIGNER_CERT_IN_CERT: 'Nessun certificato del firmatario leggibile in /Cert.',
  PDF_SIGNED_DIGEST_MISMATCH: 'L\'impronta firmata non corrisponde ai byte firmati del documento.',
  PDF_SIGNING_TIME_UNREADABLE: 'L\'ora di firma dichiarata nel PDF (/M «{value}») non è una data valida ed è stata ignorata.',
  PDF_SIGNED_REVISION_UNREADABLE: 'Modifica successiva: la versione firmata del documento non si può leggere.',
  PDF_DATA_AFTER_LAST_REVISION: 'Modifica successiva: dati aggiunti dopo l\'ultima versione del documento.',
  PDF_PAGE_ADDED: 'Modifica successiva: aggiunta la pagina {object}.',
  PDF_CATALOG_CHANGED: 'Modifica successiva: cambiato il catalogo del documento ({keys}).',
  PDF_PAGE_CHANGED: 'Modifica successiva: cambiata la pagina {object} ({keys}).',
  PDF_ANNOTATIONS_CHANGED: 'Modifica successiva: cambiate le annotazioni della pagina {object}.',
  PDF_ARRAY_CHANGED: 'Modifica successiva: cambiato l\'elenco {object}.',
  PDF_PAGE_TREE_CHANGED: 'Modifica successiva: cambiato l\'albero delle pagine ({object}).',
  PDF_OBJECT_CHANGED: 'Modifica successiva: cambiato l\'oggetto {object}.',
  DOCUMENT_TIMESTAMP_INVALID: 'La marca temporale del documento «{field}» non è valida per i byte che dichiara di marcare.',
  DOCUMENT_TIMESTAMP_MODIFIED_AFTER: 'Il documento è stato modificato dopo la marca temporale «{field}».',
  NO_SIGNATURE_FOUND: 'Nessuna firma trovata.',
  SIGNED_ATTRIBUTES_DER_ONLY: 'La firma è integra sugli attributi firmati ricodificati in DER, come prescrive RFC 5652 §5.4; il file li conserva in un\'altra codifica BER.',
  SIGNED_CONTENT_BESIDE: 'Documento firmato letto dal file {file}, che si trova accanto alla firma.',
  SIGNED_CONTENT_GIVEN: 'Documento firmato indicato: {file}.',
  SIGNED_CONTENT_NOT_FOUND: 'Il file non contiene il documento firmato (firma separata o marca temporale separata) e accanto non c\'è {expected}: indica il documento con --detached-content FILE.',
  SIGNED_CONTENT_NOT_GIVEN: 'Il file non contiene il documento firmato (firma separata o marca temporale separata): indica il documento con --detached-content FILE.',
  EXTRACTED_DESPITE_INVALID: 'La firma non è valida: il documento è stato estratto lo stesso, come richiesto con --force. Non fidarti del suo contenuto.',
  TRUSTED_LISTS_MISSING: 'Nessun elenco di fiducia è disponibile: non si può stabilire se le firme sono qualificate. Aggiorna gli elenchi con «sigla trust update» o importali da file con «sigla trust import».',
  TRUSTED_LIST_STALE: 'L\'elenco di fiducia {territory} è scaduto da {days} giorni (aggiornamento previsto il {nextUpdate}): viene usato, ma può non riflettere lo stato attuale dei prestatori.',
  TRUSTED_LIST_REFUSED: 'L\'ultimo elenco di fiducia {territory} ricevuto è stato rifiutato ({reason}): non viene usato.',
  QC_CA_NOT_LISTED: 'L\'autorità che ha emesso il certificato non compare negli elenchi di fiducia in uso come servizio qualificato.',
  QC_CA_NOT_GRANTED_AT_ISSUANCE: 'Quando il certificato è stato emesso ({time}) il servizio dell\'autorità emittente non era qualificato (stato: {status}).',
  QC_CA_NOT_GRANTED_AT_SIGNING: 'Al momento della firma ({time}) il servizio dell\'autorità emittente non era qualificato (stato: {status}).',
  QC_NOT_QUALIFIED: 'Il certificato non è un certificato qualificato.',
  QC_NO_QSCD: 'La chiave privata non risulta custodita in un dispositivo sicuro per la creazione della firma (QSCD).',
  QC_FOR_WSA: 'Il certificato è qualificato per l\'autenticazione di siti web, non per firme o sigilli.',
  REVOCATION_FROM_FILE: 'Stato di revoca di «{subject}» preso dai dati di validazione contenuti nel file ({source} del {time}).',
  CARRIED_REVOCATION_INVALID: 'Il file contiene {count} dati di revoca per «{subject}» che non risultano autentici: non sono stati usati.',
  CARRIED_REVOCATION_STALE: 'I dati di revoca per «{subject}» contenuti nel file sono anteriori alla marca temporale del {time}: non provano lo stato del certificato in quel momento.',
  LTV_REVOCATION_DATA_MISSING: 'Il certificato è scaduto: la marca temporale del {time} prova che la firma è anteriore alla scadenza, ma il file non contiene dati di revoca successivi a quel momento che provino che il certificato allora non era revocato (livello B-LT non raggiunto).',
  ARCHIVE_TIMESTAMP_UNUSABLE: 'La marca temporale di archivio o del documento del {time} non è utilizzabile (non integra, non relativa a questa firma o di un\'autorità non riconosciuta come affidabile).',
  LTA_RENEWAL_DUE: 'La marcatura temporale di archivio va rinnovata entro il {time}: dopo la scadenza del certificato dell\'autorità di marcatura non prova più nulla.',
  PDF_DSS_UNREADABLE: 'I dati di validazione del documento (DSS) non si possono leggere per intero ({detail}): è stato usato solo ciò che si è potuto leggere.',
};

const FINDINGS_EN: FindingTexts = {
  SIGNER_CERT_NOT_FOUND: 'The signer certificate is not in the signature.',
  SIGNER_CERT_UNREADABLE: 'The signer certificate is damaged and cannot be read.',
  UNKNOWN_DIGEST_ALGORITHM: 'Unknown digest algorithm ({oid}): the signature cannot be checked.',
  MESSAGE_DIGEST_MISMATCH: 'The signed digest does not match the content: the document was changed after signing or is not the one signed.',
  SIGNATURE_KEY_UNUSABLE: 'The signature value cannot be checked with the certificate\'s key.',
  SIGNATURE_VALUE_INVALID: 'The cryptographic signature value does not match the signed data.',
  SIGNING_CERTIFICATE_MISMATCH: 'The signed attribute naming the signing certificate does not match the signer\'s certificate.',
  SIGNING_TIME_UNREADABLE: 'The declared signing time cannot be read.',
  GIVEN_CONTENT_DIFFERS: 'The document given separately differs from the one inside the signed file: the signature is not about that document.',
  SIGNATURE_UNREADABLE: 'The signature cannot be read (code {error}).',
  SIGNATURE_NOT_CHECKED: 'The signature was not checked.',
  WEAK_DIGEST: 'Weak digest algorithm: {algorithm}.',
  WEAK_RSA_KEY: 'Weak RSA key ({bits} bits).',
  ISSUER_DOWNLOADED: 'The issuing authority\'s certificate "{issuer}" was downloaded from the address given in the certificate "{subject}".',
  CA_NOT_VALID_AT_TIME: 'The certification authority\'s certificate "{subject}" was not valid on {time}.',
  REVOCATION_NOT_CHECKED_OFFLINE: 'Revocation of the certificate not checked (verified offline).',
  NO_REVOCATION_SOURCE: 'The certificate names no OCSP responder or revocation list (CRL): revocation not checked.',
  CERT_REVOKED: 'Certificate revoked on {revokedAt} (source: {source}).',
  CERT_REVOKED_UNDATED: 'Certificate revoked (source: {source}).',
  NOT_REVOKED: 'Certificate not revoked (source: {source}).',
  REVOCATION_UNAVAILABLE: 'The certificate\'s revocation status is not available ({detail}).',
  CA_NO_REVOCATION_SOURCE: 'The authority\'s certificate "{subject}" names no OCSP responder or revocation list (CRL): its revocation not checked.',
  CA_REVOKED: 'The authority\'s certificate "{subject}" was revoked on {revokedAt} (source: {source}).',
  CA_REVOKED_UNDATED: 'The authority\'s certificate "{subject}" was revoked (source: {source}).',
  CA_NOT_REVOKED: 'The authority\'s certificate "{subject}" is not revoked (source: {source}).',
  CA_REVOCATION_UNAVAILABLE: 'The revocation status of the authority\'s certificate "{subject}" is not available ({detail}).',
  TIMESTAMP_INVALID: 'The signature time-stamp of {time} does not verify.',
  TIMESTAMP_UNREADABLE: 'A signature time-stamp cannot be read.',
  TIMESTAMP_TSA_UNTRUSTED: 'The time-stamp of {time} is from a time-stamping authority not recognised as trusted ("{tsa}"): not used as proof of time.',
  TSA_NO_REVOCATION_SOURCE: 'The time-stamping authority\'s certificate "{tsa}" names no OCSP responder or revocation list (CRL): its revocation not checked.',
  TSA_REVOKED_BEFORE_TIMESTAMP: 'The time-stamping authority\'s certificate "{tsa}" was revoked on {revokedAt} (source: {source}): the time-stamp of {time} proves nothing.',
  TSA_REVOKED_UNDATED: 'The time-stamping authority\'s certificate "{tsa}" was revoked (source: {source}): the time-stamp of {time} proves nothing.',
  TSA_REVOKED_AFTER_TIMESTAMP: 'The time-stamping authority\'s certificate "{tsa}" was revoked after the time-stamp (source: {source}).',
  TSA_REVOCATION_UNKNOWN: 'The revocation status of the time-stamping authority\'s certificate "{tsa}" is unknown (source: {source}).',
  TSA_NOT_REVOKED: 'The time-stamping authority\'s certificate "{tsa}" is not revoked (source: {source}).',
  TSA_REVOCATION_UNAVAILABLE: 'The revocation status of the time-stamping authority\'s certificate "{tsa}" is not available ({detail}).',
  PDF_BYTERANGE_MALFORMED: 'The range of signed bytes (/ByteRange) is missing or malformed.',
  PDF_NO_CONTENTS: 'The signature field holds no signature (/Contents).',
  PDF_BYTERANGE_NOT_AT_START: 'The range of signed bytes (/ByteRange) does not start at the beginning of the file.',
  PDF_BYTERANGE_OUTSIDE: 'The range of signed bytes (/ByteRange) goes outside the file or overlaps itself.',
  PDF_HOLE_NOT_CONTENTS: 'The part left out of the signed range is not exactly the signature (/Contents).',
  PDF_HOLE_OTHER_CONTENTS: 'The part left out of the signed range does not hold this field\'s signature.',
  PDF_UNSUPPORTED_SUBFILTER: 'Unsupported kind of PDF signature (/SubFilter /{subFilter}): the signature was not checked.',
  PDF_NO_SUBFILTER: 'The signature does not declare its kind (/SubFilter): read as adbe.pkcs7.detached.',
  PDF_SHA1_FORM_DETACHED: 'The adbe.pkcs7.sha1 signature does not hold the document\'s digest: checked as a detached signature over the signed range.',
  PDF_DIGEST_ENCAPSULATED: 'The signature holds the digest of the signed range although its declared kind is /{subFilter}: read as adbe.pkcs7.sha1.',
  PDF_ENCAPSULATED_DIGEST_NOT_SHA1: 'The digest inside the signature is {algorithm}, not SHA-1 as adbe.pkcs7.sha1 prescribes.',
  PDF_SHA1_DIGEST_MISMATCH: 'The digest inside the signature is not the SHA-1 digest of the signed bytes: the document was changed.',
  PDF_CMS_CARRIES_CONTENT: 'The signature carries content of its own although /{subFilter} allows none: the signed data are not the document\'s.',
  PDF_NO_SIGNER_CERT_IN_CERT: 'No readable signer certificate in /Cert.',
  PDF_SIGNED_DIGEST_MISMATCH: 'The signed digest does not match the document\'s signed bytes.',
  PDF_SIGNING_TIME_UNREADABLE: 'The signing time declared in the PDF (/M "{value}") is not a valid date and was ignored.',
  PDF_SIGNED_REVISION_UNREADABLE: 'Later change: the signed version of the document cannot be read.',
  PDF_DATA_AFTER_LAST_REVISION: 'Later change: data added after the last version of the document.',
  PDF_PAGE_ADDED: 'Later change: page {object} added.',
  PDF_CATALOG_CHANGED: 'Later change: the document catalog changed ({keys}).',
  PDF_PAGE_CHANGED: 'Later change: page {object} changed ({keys}).',
  PDF_ANNOTATIONS_CHANGED: 'Later change: the annotations of page {object} changed.',
  PDF_ARRAY_CHANGED: 'Later change: array {object} changed.',
  PDF_PAGE_TREE_CHANGED: 'Later change: the page tree changed ({object}).',
  PDF_OBJECT_CHANGED: 'Later change: object {object} changed.',
  DOCUMENT_TIMESTAMP_INVALID: 'The document time-stamp "{field}" does not verify over the bytes it claims to stamp.',
  DOCUMENT_TIMESTAMP_MODIFIED_AFTER: 'The document was changed after the time-stamp "{field}".',
  NO_SIGNATURE_FOUND: 'No signature found.',
  SIGNED_ATTRIBUTES_DER_ONLY: 'The signature is intact over the DER re-encoding of the signed attributes, as RFC 5652 §5.4 prescribes; the file stores them in another BER encoding.',
  SIGNED_CONTENT_BESIDE: 'Signed document read from {file}, beside the signature.',
  SIGNED_CONTENT_GIVEN: 'Signed document given: {file}.',
  SIGNED_CONTENT_NOT_FOUND: 'The file does not hold the signed document (a detached signature or time-stamp) and there is no {expected} beside it: name the document with --detached-content FILE.',
  SIGNED_CONTENT_NOT_GIVEN: 'The file does not hold the signed document (a detached signature or time-stamp): name the document with --detached-content FILE.',
  EXTRACTED_DESPITE_INVALID: 'The signature is not valid: the document was extracted anyway, as --force asked. Do not trust its content.',
  TRUSTED_LISTS_MISSING: 'No trusted list is available: whether the signatures are qualified cannot be established. Update the lists with «sigla trust update» or import them from files with «sigla trust import».',
  TRUSTED_LIST_STALE: 'Trusted list {territory} is {days} days past its next update (due {nextUpdate}): it is used, but may not reflect the providers\' current status.',
  TRUSTED_LIST_REFUSED: 'The last trusted list {territory} received was refused ({reason}): it is not used.',
  QC_CA_NOT_LISTED: 'The authority that issued the certificate is not a qualified service in the trusted lists in use.',
  QC_CA_NOT_GRANTED_AT_ISSUANCE: 'When the certificate was issued ({time}) the issuing authority\'s service was not qualified (status: {status}).',
  QC_CA_NOT_GRANTED_AT_SIGNING: 'At the signing time ({time}) the issuing authority\'s service was not qualified (status: {status}).',
  QC_NOT_QUALIFIED: 'The certificate is not a qualified certificate.',
  QC_NO_QSCD: 'The private key is not shown to be held in a qualified signature creation device (QSCD).',
  QC_FOR_WSA: 'The certificate is qualified for website authentication, not for signatures or seals.',
  REVOCATION_FROM_FILE: 'Revocation status of "{subject}" taken from the validation data in the file ({source} of {time}).',
  CARRIED_REVOCATION_INVALID: 'The file holds {count} revocation data items for "{subject}" that are not authentic: they were not used.',
  CARRIED_REVOCATION_STALE: 'The revocation data for "{subject}" in the file are older than the time-stamp of {time}: they do not prove the certificate\'s status at that time.',
  LTV_REVOCATION_DATA_MISSING: 'The certificate has expired: the time-stamp of {time} proves the signature is older than the expiry, but the file holds no revocation data issued after that time proving the certificate was not revoked then (level B-LT not reached).',
  ARCHIVE_TIMESTAMP_UNUSABLE: 'The archive or document time-stamp of {time} cannot be used (damaged, not over this signature, or from an authority not trusted).',
  LTA_RENEWAL_DUE: 'The archive time-stamp is to be renewed by {time}: once the time-stamping authority\'s certificate expires it proves nothing.',
  PDF_DSS_UNREADABLE: 'The document\'s validation data (DSS) cannot be read in full ({detail}): only what could be read was used.',
};

export const FINDING_TEXTS: Readonly<Record<Lang, FindingTexts>> = { it: FINDINGS_IT, en: FINDINGS_EN };

/** The overall statuses of ETSI EN 319 102-1 §5.1.3, and the word for a file that could not be verified. */
export const STATUS_WORDS = {
  it: { passed: 'VALIDA', failed: 'NON VALIDA', indeterminate: 'NON DETERMINABILE', unverifiable: 'NON VERIFICABILE' },
  en: { passed: 'VALID', failed: 'INVALID', indeterminate: 'INDETERMINATE', unverifiable: 'NOT VERIFIABLE' },
} as const;

/** The sub-indications of ETSI EN 319 102-1 §5.1.3 explained in plain words (the report adds the ETSI name). */
export const SUB_INDICATION_TEXT = {
  it: {
    HASH_FAILURE: 'il documento non è quello firmato: la sua impronta è diversa',
    SIG_CRYPTO_FAILURE: 'il valore crittografico della firma non è corretto',
    FORMAT_FAILURE: 'la firma non rispetta il formato previsto',
    NO_SIGNING_CERTIFICATE_FOUND: 'il certificato del firmatario non è stato trovato',
    NO_CERTIFICATE_CHAIN_FOUND: 'il certificato non risale a un\'autorità di certificazione riconosciuta come affidabile',
    OUT_OF_BOUNDS_NO_POE: 'il certificato era scaduto e nessuna marca temporale prova che la firma sia anteriore alla scadenza',
    NOT_YET_VALID: 'il certificato non era ancora valido',
    SIG_CONSTRAINTS_FAILURE: 'il certificato non è abilitato alla firma',
    REVOKED_NO_POE: 'il certificato è stato revocato e nessuna marca temporale prova che la firma sia anteriore alla revoca',
    REVOKED_CA_NO_POE: 'il certificato di un\'autorità della catena è stato revocato e nessuna marca temporale prova che la firma sia anteriore alla revoca',
    TRY_LATER: 'lo stato di revoca ora non è disponibile: riprovare più tardi',
    SIGNED_DATA_NOT_FOUND: 'il documento firmato non è nel file né accanto: senza di esso la firma non si può controllare',
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE: 'la firma usa un algoritmo di impronta non più sicuro (MD5): non prova che il documento sia quello firmato',
  },
  en: {
    HASH_FAILURE: 'the document is not the one signed: its digest differs',
    SIG_CRYPTO_FAILURE: 'the cryptographic signature value is wrong',
    FORMAT_FAILURE: 'the signature does not follow its format',
    NO_SIGNING_CERTIFICATE_FOUND: 'the signer certificate was not found',
    NO_CERTIFICATE_CHAIN_FOUND: 'the certificate does not lead to a certification authority recognised as trusted',
    OUT_OF_BOUNDS_NO_POE: 'the certificate had expired and no time-stamp proves the signature is older than the expiry',
    NOT_YET_VALID: 'the certificate was not yet valid',
    SIG_CONSTRAINTS_FAILURE: 'the certificate is not meant for signing',
    REVOKED_NO_POE: 'the certificate was revoked and no time-stamp proves the signature is older than the revocation',
    REVOKED_CA_NO_POE: 'a certificate of an authority of the chain was revoked and no time-stamp proves the signature is older than the revocation',
    TRY_LATER: 'the revocation status is not available now: try again later',
    SIGNED_DATA_NOT_FOUND: 'the signed document is neither in the file nor beside it: without it the signature cannot be checked',
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE: 'the signature uses a digest algorithm that is no longer secure (MD5): it does not prove the document is the one signed',
  },
} as const;

/** The qualification conclusions of ETSI TS 119 172-4 / TS 119 615 (what the eIDAS regulation calls them). */
export const QUALIFICATION_TEXT = {
  it: {
    QESig: 'Firma elettronica qualificata',
    QESeal: 'Sigillo elettronico qualificato',
    'AdESig-QC': 'Firma elettronica avanzata basata su certificato qualificato',
    'AdESeal-QC': 'Sigillo elettronico avanzato basato su certificato qualificato',
    AdESig: 'Firma elettronica avanzata',
    AdESeal: 'Sigillo elettronico avanzato',
    'Indeterminate QESig': 'Non determinabile: forse firma elettronica qualificata',
    'Indeterminate QESeal': 'Non determinabile: forse sigillo elettronico qualificato',
    'Indeterminate AdESig-QC': 'Non determinabile: forse firma elettronica avanzata basata su certificato qualificato',
    'Indeterminate AdESeal-QC': 'Non determinabile: forse sigillo elettronico avanzato basato su certificato qualificato',
    'Indeterminate AdESig': 'Non determinabile: forse firma elettronica avanzata',
    'Indeterminate AdESeal': 'Non determinabile: forse sigillo elettronico avanzato',
    NA: 'Non applicabile',
  },
  en: {
    QESig: 'Qualified electronic signature',
    QESeal: 'Qualified electronic seal',
    'AdESig-QC': 'Advanced electronic signature supported by a qualified certificate',
    'AdESeal-QC': 'Advanced electronic seal supported by a qualified certificate',
    AdESig: 'Advanced electronic signature',
    AdESeal: 'Advanced electronic seal',
    'Indeterminate QESig': 'Indeterminate: possibly a qualified electronic signature',
    'Indeterminate QESeal': 'Indeterminate: possibly a qualified electronic seal',
    'Indeterminate AdESig-QC': 'Indeterminate: possibly an advanced electronic signature supported by a qualified certificate',
    'Indeterminate AdESeal-QC': 'Indeterminate: possibly an advanced electronic seal supported by a qualified certificate',
    'Indeterminate AdESig': 'Indeterminate: possibly an advanced electronic signature',
    'Indeterminate AdESeal': 'Indeterminate: possibly an advanced electronic seal',
    NA: 'Not applicable',
  },
} as const;

/** Statuses of a trusted-list service (ETSI TS 119 612 §5.5.4, the URI's last segment); others are shown as they are. */
export const SERVICE_STATUS_TEXT: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    granted: 'qualificato',
    withdrawn: 'ritirato',
    accredited: 'accreditato',
    undersupervision: 'sotto vigilanza',
    supervisionincessation: 'in cessazione',
    supervisionceased: 'cessato',
    supervisionrevoked: 'vigilanza revocata',
    accreditationceased: 'accreditamento cessato',
    accreditationrevoked: 'accreditamento revocato',
    recognisedatnationallevel: 'riconosciuto a livello nazionale',
    deprecatedatnationallevel: 'non più riconosciuto a livello nazionale',
    setbynationallaw: 'stabilito dalla legge nazionale',
    deprecatedbynationallaw: 'abrogato dalla legge nazionale',
  },
  en: {
    granted: 'granted',
    withdrawn: 'withdrawn',
    accredited: 'accredited',
    undersupervision: 'under supervision',
    supervisionincessation: 'supervision in cessation',
    supervisionceased: 'supervision ceased',
    supervisionrevoked: 'supervision revoked',
    accreditationceased: 'accreditation ceased',
    accreditationrevoked: 'accreditation revoked',
    recognisedatnationallevel: 'recognised at national level',
    deprecatedatnationallevel: 'deprecated at national level',
    setbynationallaw: 'set by national law',
    deprecatedbynationallaw: 'deprecated by national law',
  },
};

/** The words of the human report (text and PDF). */
export const REPORT_WORDS = {
  it: {
    title: 'Rapporto di verifica',
    heading: 'Rapporto di verifica di Sigla',
    file: 'File',
    sha256: 'Impronta SHA-256',
    verifiedAt: 'Verificato il',
    format: 'formato',
    signature: 'Firma',
    counter: 'controfirma',
    envelope: 'busta',
    field: 'campo',
    signer: 'Firmatario',
    status: 'Esito',
    qualification: 'Qualificazione',
    issuer: 'Certificato emesso da',
    tsp: 'Prestatore di servizi fiduciari',
    service: 'servizio',
    listStatus: 'stato nell\'elenco di fiducia',
    claimed: 'Ora di firma dichiarata',
    timestamp: 'Marca temporale',
    documentTimestamp: 'Marca temporale del documento',
    envelopeTimestamp: 'Marca temporale della busta',
    dated: 'del',
    tsa: 'autorità',
    stampValid: 'valida',
    stampInvalid: 'non valida',
    qualifiedStamp: 'marca temporale qualificata',
    notQualifiedStamp: 'marca temporale non qualificata',
    untrustedTsa: 'autorità di marcatura non riconosciuta come affidabile',
    problem: 'Problema',
    warning: 'Avvertenza',
    level: 'livello',
    levelReached: 'Livello della firma',
    renewalDue: 'Rinnovo della marcatura entro il',
    page: 'Pagina',
    of: 'di',
    replaced: 'I caratteri che il carattere tipografico del rapporto non può mostrare sono sostituiti da «?»: il rapporto di testo e il JSON li riportano per intero.',
    generatedBy: 'Rapporto generato da Sigla',
  },
  en: {
    title: 'Verification report',
    heading: 'Sigla verification report',
    file: 'File',
    sha256: 'SHA-256 digest',
    verifiedAt: 'Verified on',
    format: 'format',
    signature: 'Signature',
    counter: 'countersignature',
    envelope: 'envelope',
    field: 'field',
    signer: 'Signer',
    status: 'Result',
    qualification: 'Qualification',
    issuer: 'Certificate issued by',
    tsp: 'Trust service provider',
    service: 'service',
    listStatus: 'status in the trusted list',
    claimed: 'Declared signing time',
    timestamp: 'Time-stamp',
    documentTimestamp: 'Document time-stamp',
    envelopeTimestamp: 'Envelope time-stamp',
    dated: 'of',
    tsa: 'authority',
    stampValid: 'valid',
    stampInvalid: 'not valid',
    qualifiedStamp: 'qualified time-stamp',
    notQualifiedStamp: 'time-stamp not qualified',
    untrustedTsa: 'time-stamping authority not recognised as trusted',
    problem: 'Problem',
    warning: 'Warning',
    level: 'level',
    levelReached: 'Signature level',
    renewalDue: 'Time-stamp renewal due by',
    page: 'Page',
    of: 'of',
    replaced: 'Characters the report\'s typeface cannot show are replaced by "?": the text report and the JSON give them in full.',
    generatedBy: 'Report made by Sigla',
  },
} as const;

/** Failure kinds of a revocation source (net/RevocationClient.ts), as they appear in a finding's `detail`. */
const REVOCATION_REASONS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: { unreachable: 'non raggiungibile', timeout: 'tempo scaduto', 'too-large': 'risposta troppo grande', 'bad-url': 'indirizzo non valido', error: 'errore', INPUT_FORMAT: 'risposta illeggibile', INPUT_LIMIT: 'risposta oltre i limiti' },
  en: { unreachable: 'unreachable', timeout: 'timed out', 'too-large': 'response too large', 'bad-url': 'bad address', error: 'error', INPUT_FORMAT: 'unreadable response', INPUT_LIMIT: 'response over the limits' },
};

/**
 * An ISO 8601 time in Italian local time (Europe/Rome, summer time included): `12/01/2023 10:21:06 (ora italiana)`,
 * in English `12/01/2023 10:21:06 (Italian time)`. Anything that is not a time is returned as it is.
 */
export function formatTime(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return iso;
  return `${romeDateTime(d)} ${lang === 'it' ? '(ora italiana)' : '(Italian time)'}`;
}

/** Params that hold an ISO time: `time`, `at`, or a name ending in `At` or `Time`. */
export function isTimeParam(name: string): boolean {
  return name === 'time' || name === 'at' || /[a-z](At|Time)$/.test(name);
}

/** Where a text is read: the command line names its options, the app its buttons (messages.ts `Surface`). */
export type FindingSurface = 'cli' | 'app';

/** The texts that differ in the app: what to do next, said without command-line options. */
export const APP_FINDING_TEXTS: Readonly<Record<Lang, Partial<Record<FindingCode, string>>>> = {
  it: {
    SIGNED_CONTENT_NOT_FOUND: 'Il file non contiene il documento firmato (firma separata o marca temporale separata) e accanto non c\'è {expected}: scegli il documento firmato per verificarla.',
    SIGNED_CONTENT_NOT_GIVEN: 'Il file non contiene il documento firmato (firma separata o marca temporale separata): scegli il documento firmato per verificarla.',
    TRUSTED_LISTS_MISSING: 'Nessun elenco di fiducia è disponibile: non si può stabilire se le firme sono qualificate. Aggiorna gli elenchi da Impostazioni → Elenchi di fiducia.',
  },
  en: {
    SIGNED_CONTENT_NOT_FOUND: 'The file does not hold the signed document (a detached signature or time-stamp) and there is no {expected} beside it: choose the signed document to verify it.',
    SIGNED_CONTENT_NOT_GIVEN: 'The file does not hold the signed document (a detached signature or time-stamp): choose the signed document to verify it.',
    TRUSTED_LISTS_MISSING: 'No trusted list is available: whether the signatures are qualified cannot be established. Update the lists in Settings → Trusted lists.',
  },
};

/** A finding's text in `lang`, its placeholders filled (times in Italian local time, revocation reasons in words). */
export function findingText(f: { readonly code: FindingCode; readonly params: Readonly<Record<string, string | number>> }, lang: Lang, surface: FindingSurface = 'cli'): string {
  const text = (surface === 'app' ? APP_FINDING_TEXTS[lang][f.code] : undefined) ?? FINDING_TEXTS[lang][f.code] ?? f.code;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = f.params[k];
    if (v === undefined) return '?';
    if (typeof v === 'string' && isTimeParam(k)) return formatTime(v, lang);
    if (k === 'nextUpdate' && typeof v === 'string') return formatTime(v, lang);
    if (k === 'reason' && typeof v === 'string') return TL_REASON_WORDS[lang][v] ?? v;
    if (k === 'status' && typeof v === 'string') return serviceStatusText(v, lang);
    if (k === 'detail' && typeof v === 'string') return v.replace(/: ([\w-]+)(?=;|$)/g, (m, r: string) => (REVOCATION_REASONS[lang][r] !== undefined ? `: ${REVOCATION_REASONS[lang][r]}` : m));
    return String(v);
  });
}

/** The status of a trusted-list service in words (`granted` → "qualificato"); an unknown one as it is. */
export function serviceStatusText(status: string, lang: Lang): string {
  const last = status.split('/').pop() ?? status;
  return SERVICE_STATUS_TEXT[lang][last.toLowerCase()] ?? last;
}
