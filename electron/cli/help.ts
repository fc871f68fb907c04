import type { Lang } from '../shared/i18n/locale.js';

const IT = `sigla — firma digitale CAdES/PAdES con token PKCS#11, smart card CNS/CIE o file PKCS#12

Uso: sigla <comando> [opzioni]

Comandi:
  sign FILE…        firma uno o più file (CAdES .p7m/.p7s, PAdES .pdf)
  certs             certificati presenti sul dispositivo
  tokens            dispositivi presenti e stato di PIN/PUK
  modules           moduli PKCS#11 (middleware) trovati su questo computer
  verify FILE…      verifica .p7m/.p7s/.pdf/.tsr/.tsd/.m7m (--trust PEM|DIR, --at ORA, --detached-content, --report-pdf FILE)
  trust update      scarica la LOTL UE e gli elenchi di fiducia nazionali (--lotl URL, --lotl-signers PEM|DIR)
  trust import FILE…  importa elenchi di fiducia da file, senza rete (--signers PEM|DIR)
  trust status      elenchi di fiducia in uso: sequenza, emissione, prossimo aggiornamento, validità
  extract FILE      estrae il documento originale da .p7m (anche annidati o base64), .tsd, .m7m
  timestamp FILE    marca temporale: --tsa URL --format tsr|tsd|m7m
  reminders         certificati di firma in scadenza (--days N, predefinito 90)
  pin check         verifica il PIN (login e logout)
  pin change        cambia il PIN (con --stdin: PIN attuale, nuovo PIN su due righe)
  pin unblock       sblocca il PIN con il PUK (con --stdin: PUK, nuovo PIN su due righe)
  watch             mostra i dispositivi inseriti e rimossi finché non si preme Ctrl-C
  demo              dimostrazione completa senza token né rete (npm run demo)

Opzioni di sign:
  --format cades|pades      formato (predefinito cades); pades: firma nel PDF (NOME-firmato.pdf)
  --detached                firma separata .p7s invece di .p7m
  --mode parallel|nested|countersign
                            su un .p7m/.p7s: cofirma (predefinita), busta annidata, controfirma
  --countersign-index N[,M] quali firme controfirmare (da 1; predefinito tutte)
  --detached-content FILE   contenuto di un .p7s da cofirmare
  --digest sha256|sha384|sha512   algoritmo di hash (predefinito sha256)
  --module PATH             modulo PKCS#11 (anche SIGLA_MODULE)
  --token LABEL             dispositivo per etichetta
  --cert-id HEX             certificato per CKA_ID (predefinito: quello di firma, nonRepudiation)
  --p12 FILE                usa un certificato software PKCS#12 invece del token
  --ca-dir DIR              certificati CA per completare la catena (anche SIGLA_CA_DIR)
  --pin-stdin               legge il PIN (o la password PKCS#12) dalla prima riga di stdin
  --allow-final-try         consente di usare l'ultimo tentativo del PIN
  --out PATH | --out-dir DIR   dove scrivere (predefinito accanto al file)
  --force                   sostituisce un file di uscita esistente (mai un file letto)

Marca temporale (sign e timestamp): --tsa URL [--tsa-user U] [--tsa-policy OID], oppure --tsa NOME di un servizio configurato in Impostazioni; password in SIGLA_TSA_PASSWORD.
Nome utente e password non vengono mai inviati in chiaro (http://) a un servizio su un altro computer: usa https://,
oppure --tsa-allow-http per consentirlo (sconsigliato: chiunque sulla rete può leggerli).

Opzioni PAdES:
  --reason R, --location L, --contact C   motivo, luogo, contatto nella firma
  --field NOME              firma un campo firma vuoto già presente
  --visible                 firma visibile (con --page N e --rect x,y,l,a in punti, origine in basso a sinistra,
                            oppure --position bottom-right|bottom-left|top-right|top-left); --image PNG

Opzioni di pin e watch:
  --module PATH, --token LABEL, --allow-final-try (anche per l'ultimo tentativo del PUK)
  --pin-stdin | --stdin     legge PIN/PUK da stdin, una riga per richiesta
  --interval MS             (watch) intervallo di controllo, predefinito 1000

Opzioni comuni: --json, --lang it|en, --help, --version
Il PIN non si passa mai sulla riga di comando: viene chiesto in modo nascosto o letto con --pin-stdin.
Codici di uscita: 0 ok, 1 errore interno, 2 uso, 3 PIN/PUK errato, 4 PIN/PUK bloccato (nessun tentativo fatto), 5 token/certificato non trovato,
6 firma non valida, 7 marca temporale non ottenuta, 8 file non valido, 9 file di uscita esistente, 10 esito non determinabile, 11 annullato, 12 ultimo tentativo non usato.
`;

const EN = `sigla — CAdES/PAdES digital signatures with PKCS#11 tokens, CNS/CIE smart cards or PKCS#12 files

Usage: sigla <command> [options]

Commands:
  sign FILE…        sign one or more files (CAdES .p7m/.p7s, PAdES .pdf)
  certs             certificates on the token
  tokens            tokens present and their PIN/PUK state
  modules           PKCS#11 modules (middleware) found on this machine
  verify FILE…      verify .p7m/.p7s/.pdf/.tsr/.tsd/.m7m (--trust PEM|DIR, --at TIME, --detached-content, --report-pdf FILE)
  trust update      fetch the EU LOTL and the national trusted lists (--lotl URL, --lotl-signers PEM|DIR)
  trust import FILE…  import trusted lists from files, offline (--signers PEM|DIR)
  trust status      trusted lists in use: sequence, issue date, next update, validity
  extract FILE      the original document inside .p7m (nested or base64), .tsd, .m7m
  timestamp FILE    time-stamp: --tsa URL --format tsr|tsd|m7m
  reminders         signing certificates about to expire (--days N, default 90)
  pin check         check the PIN (log in and out)
  pin change        change the PIN (with --stdin: current PIN, new PIN on two lines)
  pin unblock       unblock the PIN with the PUK (with --stdin: PUK, new PIN on two lines)
  watch             print tokens inserted and removed until Ctrl-C
  demo              end-to-end demo with no token and no network (npm run demo)

sign options:
  --format cades|pades      format (default cades); pades: signature inside the PDF (NAME-firmato.pdf)
  --detached                detached .p7s instead of .p7m
  --mode parallel|nested|countersign
                            on a .p7m/.p7s: parallel signature (default), nested envelope, countersignature
  --countersign-index N[,M] which signatures to countersign (from 1; default all)
  --detached-content FILE   content of a .p7s to co-sign
  --digest sha256|sha384|sha512   digest algorithm (default sha256)
  --module PATH             PKCS#11 module (also SIGLA_MODULE)
  --token LABEL             token by label
  --cert-id HEX             certificate by CKA_ID (default: the nonRepudiation signature one)
  --p12 FILE                sign with a PKCS#12 software certificate instead of a token
  --ca-dir DIR              CA certificates to complete the chain (also SIGLA_CA_DIR)
  --pin-stdin               read the PIN (or PKCS#12 password) from the first line of stdin
  --allow-final-try         allow spending the last PIN try
  --out PATH | --out-dir DIR   where to write (default: beside the input)
  --force                   replace an existing output file (never an input)

Time-stamps (sign and timestamp): --tsa URL [--tsa-user U] [--tsa-policy OID], or --tsa NAME of a service configured in Settings; password in SIGLA_TSA_PASSWORD.
User name and password are never sent in clear (http://) to a service on another computer: use https://, or
--tsa-allow-http to allow it (not recommended: anyone on the network can read them).

PAdES options:
  --reason R, --location L, --contact C   reason, location, contact in the signature
  --field NAME              sign an existing empty signature field
  --visible                 visible signature (with --page N and --rect x,y,w,h in points, origin bottom-left,
                            or --position bottom-right|bottom-left|top-right|top-left); --image PNG

pin and watch options:
  --module PATH, --token LABEL, --allow-final-try (also for the last PUK try)
  --pin-stdin | --stdin     read PINs/PUK from stdin, one line per request
  --interval MS             (watch) polling interval, default 1000

Common options: --json, --lang it|en, --help, --version
PINs are never given on the command line: they are asked for hidden, or read with --pin-stdin.
Exit codes: 0 ok, 1 internal error, 2 usage, 3 wrong PIN/PUK, 4 PIN/PUK locked (nothing tried), 5 token/certificate not found,
6 signature invalid, 7 time-stamp failed, 8 bad input file, 9 output exists, 10 indeterminate, 11 cancelled, 12 final PIN try not spent.
`;

export function helpText(lang: Lang): string {
  return lang === 'it' ? IT : EN;
}
