/**
 * The help of the `sigla` command, in Italian and English: `sigla --help` (the commands, one line each) and
 * `sigla COMMAND --help` / `sigla help COMMAND` (usage, every option with its meaning and default, examples, exit
 * codes as shared/ACCEPTANCE.md numbers them). Only text: the option tables are the CLI's (electron/cli/options.ts)
 * and the catalog test checks that each command documents exactly the options its table accepts.
 */
import type { Lang } from './locale.js';

/** One option of a command: its value's placeholder (none for a switch), what it does, its default if any. */
export interface OptionHelp {
  readonly arg?: string;
  readonly text: string;
  readonly default?: string;
}

/** One command's (or subcommand's) help. `options` are keyed by option name without dashes. */
export interface CommandHelp {
  readonly usage: readonly string[];
  /** One line, for `sigla --help`. */
  readonly summary: string;
  readonly about?: readonly string[];
  readonly options: Readonly<Record<string, OptionHelp>>;
  /** [command line, what it does]. */
  readonly examples: readonly (readonly [string, string])[];
  readonly exits: readonly number[];
}

export interface HelpCatalog {
  readonly title: string;
  readonly usage: string;
  readonly commands: string;
  readonly options: string;
  readonly commonOptions: string;
  readonly examples: string;
  readonly exitCodes: string;
  readonly defaultIs: string;
  readonly more: string;
  readonly secrets: string;
  readonly common: Readonly<Record<string, OptionHelp>>;
  readonly exit: Readonly<Record<number, string>>;
  readonly topics: Readonly<Record<string, CommandHelp>>;
}

const EXIT_COMMON = [0, 2, 1];

/** `sigla pec check` (issue 15). */
const PEC_IT: CommandHelp = {
  usage: ['sigla pec check FILE… [opzioni]'],
  summary: 'controllo prima dell\'invio per PEC: che cosa l\'ufficio che riceve rifiuterebbe o contesterebbe',
  about: ['Il primo file è il documento principale, gli altri sono allegati (o indica il principale con --main). Per ogni file: formato, firma, PDF/A, caratteri, JavaScript, collegamenti, file incorporati, cifratura, macro; per il messaggio: dimensione totale e una pratica per messaggio. Ogni problema ha un codice, una gravità (blocca o avviso) e come risolverlo.', 'Profili: agid (predefinito, formati dell\'Allegato 2 delle Linee guida AgID), genova (esempio); i propri profili sono file JSON nella cartella dei dati, sotto pec-profiles/.'],
  options: {
    profile: { arg: 'NOME', text: 'profilo delle regole dell\'ufficio che riceve', default: 'agid' },
    main: { arg: 'FILE', text: 'il documento principale (ripetibile: più principali sono più pratiche)', default: 'il primo file' },
    trust: { arg: 'PEM|CARTELLA', text: 'certificati radice di cui fidarsi per le firme (ripetibile)' },
    offline: { text: 'non usa la rete per verificare le firme: niente OCSP/CRL né aggiornamento degli elenchi di fiducia' },
  },
  examples: [['sigla pec check delibera.pdf.p7m allegato-1.pdf', 'controlla un messaggio con un allegato'], ['sigla pec check istanza.pdf --profile genova --json', 'con le regole del Comune di Genova, in JSON']],
  exits: [0, 13, 8, 2, 1],
};

const PEC_EN: CommandHelp = {
  usage: ['sigla pec check FILE… [options]'],
  summary: 'check before sending by PEC: what the receiving office would reject or question',
  about: ['The first file is the main document, the others attachments (or name the main one with --main). For each file: format, signature, PDF/A, fonts, JavaScript, links, embedded files, encryption, macros; for the message: total size and one case per message. Each finding has a code, a severity (block or warning) and how to fix it.', "Profiles: agid (default, the formats of Annex 2 of AgID's guidelines), genova (example); your own profiles are JSON files in the data folder, under pec-profiles/."],
  options: {
    profile: { arg: 'NAME', text: "the receiving office's rules", default: 'agid' },
    main: { arg: 'FILE', text: 'the main document (repeatable: several main documents are several cases)', default: 'the first file' },
    trust: { arg: 'PEM|FOLDER', text: 'root certificates to trust for signatures (repeatable)' },
    offline: { text: 'no network to verify signatures: no OCSP/CRL, no trusted list update' },
  },
  examples: [['sigla pec check decision.pdf.p7m annex-1.pdf', 'checks a message with one attachment'], ['sigla pec check application.pdf --profile genova --json', "with Comune di Genova's rules, as JSON"]],
  exits: [0, 13, 8, 2, 1],
};

const IT_OPT = {
  module: { arg: 'PERCORSO', text: 'modulo PKCS#11 (middleware) del dispositivo; anche la variabile SIGLA_MODULE', default: 'i moduli noti trovati su questo computer' },
  token: { arg: 'ETICHETTA', text: 'il dispositivo da usare, per etichetta (vedi «sigla tokens»)', default: "l'unico presente" },
  pinStdin: { text: 'legge il PIN (o la password PKCS#12) dalla prima riga dello standard input, invece di chiederlo' },
  allowFinalTry: { text: "consente di usare l'ultimo tentativo rimasto del PIN (o del PUK)", default: "l'ultimo tentativo non si usa senza conferma" },
  force: { text: 'sostituisce un file di uscita già esistente (mai un file letto)' },
  tsa: { arg: 'URL|NOME', text: 'servizio di marca temporale (RFC 3161): indirizzo, oppure nome di un servizio configurato in Impostazioni; la password è in SIGLA_TSA_PASSWORD o nel portachiavi' },
  tsaUser: { arg: 'UTENTE', text: 'nome utente del servizio di marca temporale' },
  tsaPolicy: { arg: 'OID', text: 'policy da chiedere al servizio di marca temporale', default: 'quella del servizio' },
  tsaAllowHttp: { text: 'consente di inviare nome utente e password in chiaro (http://) a un servizio su un altro computer; sconsigliato: chiunque sulla rete può leggerli' },
  detachedContent: { arg: 'FILE', text: 'il documento di una firma separata (.p7s)', default: 'il file accanto, con lo stesso nome senza .p7s' },
} as const;

const EN_OPT: Readonly<Record<keyof typeof IT_OPT, OptionHelp>> = {
  module: { arg: 'PATH', text: 'PKCS#11 module (middleware) of the token; also the SIGLA_MODULE variable', default: 'the known modules found on this machine' },
  token: { arg: 'LABEL', text: 'the token to use, by label (see "sigla tokens")', default: 'the only one present' },
  pinStdin: { text: 'read the PIN (or the PKCS#12 password) from the first line of standard input instead of asking' },
  allowFinalTry: { text: 'allow spending the last PIN (or PUK) try left', default: 'the last try is not spent without confirmation' },
  force: { text: 'replace an output file that exists (never a file being read)' },
  tsa: { arg: 'URL|NAME', text: 'time-stamping service (RFC 3161): its address, or the name of a service configured in Settings; the password comes from SIGLA_TSA_PASSWORD or the keychain' },
  tsaUser: { arg: 'USER', text: 'user name at the time-stamping service' },
  tsaPolicy: { arg: 'OID', text: 'policy to ask the time-stamping service for', default: "the service's own" },
  tsaAllowHttp: { text: 'allow sending the user name and password in clear (http://) to a service on another computer; not recommended: anyone on the network can read them' },
  detachedContent: { arg: 'FILE', text: 'the document of a detached signature (.p7s)', default: 'the file beside it, named as the .p7s without .p7s' },
};

function pinTopics(o: Readonly<Record<keyof typeof IT_OPT, OptionHelp>>, it: boolean): Readonly<Record<string, CommandHelp>> {
  const options = {
    module: o.module,
    token: o.token,
    'pin-stdin': it ? { text: 'legge PIN e PUK dallo standard input, una riga per richiesta' } : { text: 'read PINs and PUK from standard input, one line per request' },
    stdin: it ? { text: 'come --pin-stdin (per «sigla pin change» e «sigla pin unblock»)' } : { text: 'the same as --pin-stdin (for change and unblock)' },
    'allow-final-try': o.allowFinalTry,
  };
  const exits = [0, 3, 4, 5, 11, 12, 2, 1];
  const check: CommandHelp = it
    ? { usage: ['sigla pin check [opzioni]'], summary: 'verifica il PIN: accede al dispositivo ed esce', options, examples: [['sigla pin check --token "CNS Rossi"', 'chiede il PIN in modo nascosto e dice se è corretto'], ['printf "%s\\n" "$PIN" | sigla pin check --pin-stdin', 'legge il PIN dallo standard input']], exits }
    : { usage: ['sigla pin check [options]'], summary: 'check the PIN: log in to the token and out', options, examples: [['sigla pin check --token "CNS Rossi"', 'asks for the PIN hidden and says whether it is right'], ['printf "%s\\n" "$PIN" | sigla pin check --pin-stdin', 'reads the PIN from standard input']], exits };
  const change: CommandHelp = it
    ? { usage: ['sigla pin change [opzioni]'], summary: 'cambia il PIN (con --stdin: PIN attuale e nuovo PIN su due righe)', options, examples: [['sigla pin change', 'chiede il PIN attuale e due volte il nuovo'], ['printf "%s\\n%s\\n" "$VECCHIO" "$NUOVO" | sigla pin change --stdin', 'legge i due PIN dallo standard input']], exits }
    : { usage: ['sigla pin change [options]'], summary: 'change the PIN (with --stdin: current PIN, new PIN on two lines)', options, examples: [['sigla pin change', 'asks for the current PIN and twice for the new one'], ['printf "%s\\n%s\\n" "$OLD" "$NEW" | sigla pin change --stdin', 'reads both PINs from standard input']], exits };
  const unblock: CommandHelp = it
    ? { usage: ['sigla pin unblock [opzioni]'], summary: 'sblocca il PIN con il PUK (con --stdin: PUK e nuovo PIN su due righe)', about: ['I tentativi con il PUK sono pochissimi: se anche il PUK si blocca, il dispositivo va sostituito.'], options, examples: [['sigla pin unblock --token "CNS Rossi"', 'chiede il PUK e il nuovo PIN'], ['printf "%s\\n%s\\n" "$PUK" "$NUOVO" | sigla pin unblock --stdin', 'legge PUK e nuovo PIN dallo standard input']], exits }
    : { usage: ['sigla pin unblock [options]'], summary: 'unblock the PIN with the PUK (with --stdin: PUK, new PIN on two lines)', about: ['PUK tries are very few: if the PUK locks too, the token must be replaced.'], options, examples: [['sigla pin unblock --token "CNS Rossi"', 'asks for the PUK and the new PIN'], ['printf "%s\\n%s\\n" "$PUK" "$NEW" | sigla pin unblock --stdin', 'reads the PUK and the new PIN from standard input']], exits };
  const pin: CommandHelp = it
    ? { usage: ['sigla pin check|change|unblock [opzioni]'], summary: 'PIN del dispositivo: verifica, cambio, sblocco con il PUK', about: ['sigla pin check    ' + check.summary, 'sigla pin change   ' + change.summary, 'sigla pin unblock  ' + unblock.summary, 'Su un PIN o PUK bloccato non si fa alcun tentativo; l\'ultimo tentativo si usa solo con conferma.'], options, examples: [...check.examples.slice(0, 1), ...change.examples.slice(0, 1), ...unblock.examples.slice(0, 1)], exits }
    : { usage: ['sigla pin check|change|unblock [options]'], summary: 'the token PIN: check, change, unblock with the PUK', about: ['sigla pin check    ' + check.summary, 'sigla pin change   ' + change.summary, 'sigla pin unblock  ' + unblock.summary, 'Nothing is tried on a locked PIN or PUK; the last try is spent only with consent.'], options, examples: [...check.examples.slice(0, 1), ...change.examples.slice(0, 1), ...unblock.examples.slice(0, 1)], exits };
  return { pin, 'pin check': check, 'pin change': change, 'pin unblock': unblock };
}

function trustTopics(it: boolean): Readonly<Record<string, CommandHelp>> {
  const lotl: OptionHelp = it ? { arg: 'URL', text: 'indirizzo della LOTL UE', default: "quello pubblicato dalla Commissione europea" } : { arg: 'URL', text: 'address of the EU LOTL', default: 'the one the European Commission publishes' };
  const lotlSigners: OptionHelp = it ? { arg: 'PEM|CARTELLA', text: 'certificati ammessi a firmare la LOTL', default: 'quelli della Gazzetta ufficiale UE' } : { arg: 'PEM|FOLDER', text: 'certificates allowed to sign the LOTL', default: 'those of the EU Official Journal' };
  const signers: OptionHelp = it ? { arg: 'PEM|CARTELLA', text: "certificati di chi firma gli elenchi importati", default: 'quelli indicati dalla LOTL in uso' } : { arg: 'PEM|FOLDER', text: 'certificates of the signers of the lists imported', default: 'those the LOTL in use names' };
  const exits = [0, 8, 14, 2, 1];
  const update: CommandHelp = it
    ? { usage: ['sigla trust update [opzioni]'], summary: 'scarica la LOTL UE e gli elenchi di fiducia nazionali, ne verifica le firme e li conserva', options: { lotl, 'lotl-signers': lotlSigners }, examples: [['sigla trust update', 'aggiorna gli elenchi dalla rete'], ['sigla trust update --lotl-signers firmatari-lotl.pem', 'ammette solo i firmatari indicati']], exits }
    : { usage: ['sigla trust update [options]'], summary: "fetch the EU LOTL and the national trusted lists, check their signatures and keep them", options: { lotl, 'lotl-signers': lotlSigners }, examples: [['sigla trust update', 'updates the lists from the network'], ['sigla trust update --lotl-signers lotl-signers.pem', 'allows only the signers given']], exits };
  const imp: CommandHelp = it
    ? { usage: ['sigla trust import FILE… [opzioni]'], summary: 'importa elenchi di fiducia da file, senza rete', options: { signers }, examples: [['sigla trust import IT.xml --signers firmatari-IT.pem', "importa l'elenco italiano"], ['sigla trust import eu-lotl.xml IT.xml', 'importa la LOTL e un elenco nazionale']], exits }
    : { usage: ['sigla trust import FILE… [options]'], summary: 'import trusted lists from files, offline', options: { signers }, examples: [['sigla trust import IT.xml --signers IT-signers.pem', 'imports the Italian list'], ['sigla trust import eu-lotl.xml IT.xml', 'imports the LOTL and a national list']], exits };
  const status: CommandHelp = it
    ? { usage: ['sigla trust status [--json]'], summary: 'elenchi di fiducia in uso: sequenza, emissione, prossimo aggiornamento, validità', options: {}, examples: [['sigla trust status', 'mostra gli elenchi in uso'], ['sigla trust status --json', 'gli stessi dati in JSON']], exits: EXIT_COMMON }
    : { usage: ['sigla trust status [--json]'], summary: 'the trusted lists in use: sequence, issue date, next update, validity', options: {}, examples: [['sigla trust status', 'shows the lists in use'], ['sigla trust status --json', 'the same as JSON']], exits: EXIT_COMMON };
  const trust: CommandHelp = it
    ? { usage: ['sigla trust update|import|status [opzioni]'], summary: 'elenchi di fiducia europei (ETSI TS 119 612): aggiornamento, importazione, stato', about: ['sigla trust update  ' + update.summary, 'sigla trust import  ' + imp.summary, 'sigla trust status  ' + status.summary, 'Gli elenchi sono conservati nella cartella dei dati (SIGLA_DATA_DIR) e usati anche dall\'app.'], options: { lotl, 'lotl-signers': lotlSigners, signers }, examples: [update.examples[0] ?? ['', ''], imp.examples[0] ?? ['', ''], status.examples[0] ?? ['', '']], exits }
    : { usage: ['sigla trust update|import|status [options]'], summary: 'European trusted lists (ETSI TS 119 612): update, import, status', about: ['sigla trust update  ' + update.summary, 'sigla trust import  ' + imp.summary, 'sigla trust status  ' + status.summary, 'The lists are kept in the data folder (SIGLA_DATA_DIR) and used by the app too.'], options: { lotl, 'lotl-signers': lotlSigners, signers }, examples: [update.examples[0] ?? ['', ''], imp.examples[0] ?? ['', ''], status.examples[0] ?? ['', '']], exits };
  return { trust, 'trust update': update, 'trust import': imp, 'trust status': status };
}

const IT: HelpCatalog = {
  title: 'sigla — firma digitale CAdES/PAdES con dispositivi PKCS#11, smart card CNS/CIE o file PKCS#12',
  usage: 'Uso',
  commands: 'Comandi',
  options: 'Opzioni',
  commonOptions: 'Opzioni comuni',
  examples: 'Esempi',
  exitCodes: 'Codici di uscita',
  defaultIs: 'predefinito',
  more: 'Guida di un comando: sigla COMANDO --help (oppure sigla help COMANDO).',
  secrets: 'PIN e password non si scrivono mai sulla riga di comando: Sigla li chiede in modo nascosto o li legge con --pin-stdin.',
  common: {
    json: { text: 'risultato (ed eventuale errore) in JSON sullo standard output' },
    lang: { arg: 'it|en', text: 'lingua dei messaggi', default: 'it; en se LANG inizia con en' },
    help: { text: 'mostra questa guida' },
    version: { text: 'mostra la versione di Sigla' },
  },
  exit: {
    0: 'riuscito',
    1: 'errore interno di Sigla (da segnalare)',
    2: 'uso non valido: comando, opzione o valore',
    3: 'PIN o PUK errato',
    4: 'PIN o PUK bloccato: nessun tentativo fatto',
    5: 'dispositivo, chiave o certificato non trovato, o più di uno',
    6: 'firma non valida',
    7: 'marca temporale non ottenuta',
    8: 'file non valido: illeggibile, danneggiato, non supportato',
    9: 'il file di uscita esiste già (usa --force)',
    10: 'validità non determinabile (ad esempio nessuna catena fidata)',
    11: 'annullato',
    12: "ultimo tentativo del PIN non usato (usa --allow-final-try)",
    13: 'il controllo PEC ha trovato qualcosa che blocca l\'invio',
    14: 'un elenco di fiducia non è stato scaricato',
    15: 'Firefox è aperto con un profilo da modificare: nulla è stato cambiato',
  },
  topics: {
    sign: {
      usage: ['sigla sign FILE… [opzioni]'],
      summary: 'firma uno o più file: CAdES (.p7m/.p7s) o PAdES (firma nel PDF)',
      about: ['Un file .p7m già firmato riceve una firma in più (cofirma) salvo --mode diverso. Il file di partenza non viene mai modificato: il file firmato si scrive accanto (NOME.p7m, NOME-firmato.pdf).'],
      options: {
        format: { arg: 'cades|pades', text: 'formato: cades (busta .p7m/.p7s) o pades (firma dentro il PDF, NOME-firmato.pdf)', default: 'cades' },
        level: { arg: 'B-B|B-T|B-LT|B-LTA', text: 'livello: B-B la sola firma; B-T con marca temporale (--tsa); B-LT anche con certificati e risposte OCSP/CRL dentro il file (rete, qualche decina di KB); B-LTA anche con una marca che la protegge nel tempo (marca del documento nel PDF, archive-time-stamp-v3 nel .p7m)', default: 'B-B, o B-T con --tsa' },
        detached: { text: 'firma separata .p7s invece della busta .p7m' },
        mode: { arg: 'parallel|nested|countersign', text: 'su un .p7m/.p7s: cofirma, busta annidata o controfirma', default: 'parallel' },
        'countersign-index': { arg: 'N[,M…]', text: 'quali firme controfirmare, numerate da 1', default: 'tutte' },
        'detached-content': IT_OPT.detachedContent,
        digest: { arg: 'sha256|sha384|sha512', text: 'algoritmo di hash', default: 'sha256' },
        module: IT_OPT.module,
        token: IT_OPT.token,
        'cert-id': { arg: 'HEX', text: 'il certificato da usare, per CKA_ID (vedi «sigla certs»)', default: 'quello di firma, con nonRepudiation' },
        p12: { arg: 'FILE', text: 'firma con un certificato software PKCS#12 invece che con il dispositivo; la password si chiede in modo nascosto' },
        'ca-dir': { arg: 'CARTELLA', text: 'certificati delle CA per completare la catena; anche SIGLA_CA_DIR' },
        'pin-stdin': IT_OPT.pinStdin,
        'allow-final-try': IT_OPT.allowFinalTry,
        out: { arg: 'PERCORSO', text: 'nome del file firmato (un solo file da firmare)', default: 'accanto al file' },
        'out-dir': { arg: 'CARTELLA', text: 'cartella dei file firmati', default: 'quella di ogni file' },
        force: IT_OPT.force,
        tsa: IT_OPT.tsa,
        'tsa-user': IT_OPT.tsaUser,
        'tsa-policy': IT_OPT.tsaPolicy,
        'tsa-allow-http': IT_OPT.tsaAllowHttp,
        reason: { arg: 'TESTO', text: 'PAdES: motivo della firma' },
        location: { arg: 'TESTO', text: 'PAdES: luogo della firma' },
        contact: { arg: 'TESTO', text: 'PAdES: recapito del firmatario' },
        field: { arg: 'NOME', text: 'PAdES: firma un campo firma vuoto già presente nel PDF' },
        visible: { text: 'PAdES: firma visibile sulla pagina' },
        page: { arg: 'N', text: 'PAdES: pagina della firma visibile', default: '1' },
        rect: { arg: 'x,y,l,a', text: 'PAdES: riquadro della firma visibile in punti, origine in basso a sinistra' },
        position: { arg: 'bottom-right|bottom-left|top-right|top-left', text: 'PAdES: angolo della firma visibile', default: 'bottom-right' },
        image: { arg: 'PNG', text: 'PAdES: immagine nella firma visibile' },
      },
      examples: [
        ['sigla sign delibera.pdf', 'firma CAdES: scrive delibera.pdf.p7m'],
        ['sigla sign delibera.pdf --format pades --visible --page 2', 'firma nel PDF, visibile a pagina 2: scrive delibera-firmato.pdf'],
        ['printf "%s\\n" "$PIN" | sigla sign *.pdf --pin-stdin --out-dir firmati --tsa https://tsa.esempio.it', 'firma più file con un solo PIN e la marca temporale'],
      ],
      exits: [0, 3, 4, 5, 7, 8, 9, 11, 12, 2, 1],
    },
    verify: {
      usage: ['sigla verify FILE… [opzioni]'],
      summary: 'verifica file firmati e marche temporali: .p7m/.p7s/.pdf/.tsr/.tsd/.m7m',
      about: ['Per ogni file un rapporto: esito (superata, fallita, indeterminata), firmatari, ora della firma, marche, qualificazione. Gli orari sono nell\'ora italiana.'],
      options: {
        'detached-content': IT_OPT.detachedContent,
        trust: { arg: 'PEM|CARTELLA', text: 'certificati radice di cui fidarsi (ripetibile), oltre a quelli di Impostazioni e agli elenchi di fiducia' },
        at: { arg: 'ORA', text: 'verifica a una data e ora ISO 8601 (ad esempio 2024-03-01T12:00:00Z)', default: 'adesso' },
        offline: { text: 'non usa la rete: niente OCSP/CRL, certificati delle CA o aggiornamento degli elenchi di fiducia' },
        'report-pdf': { arg: 'FILE', text: 'scrive anche il rapporto in PDF (un solo file da verificare)' },
        force: { text: 'con --report-pdf: sostituisce un rapporto già esistente' },
      },
      examples: [
        ['sigla verify delibera.pdf.p7m', 'verifica la firma e mostra il rapporto'],
        ['sigla verify delibera-firmato.pdf --offline --json', 'senza rete, rapporto in JSON'],
        ['sigla verify contratto.pdf.p7s --detached-content contratto.pdf --report-pdf rapporto.pdf', 'firma separata, con il rapporto in PDF'],
      ],
      exits: [0, 6, 10, 8, 9, 2, 1],
    },
    ...pinTopics(IT_OPT, true),
    certs: {
      usage: ['sigla certs [opzioni]'],
      summary: 'certificati presenti sul dispositivo, con uso e scadenza',
      options: { module: IT_OPT.module, token: IT_OPT.token },
      examples: [['sigla certs', 'certificati del dispositivo inserito'], ['sigla certs --token "CNS Rossi" --json', 'certificati di un dispositivo, in JSON']],
      exits: [0, 5, 2, 1],
    },
    tokens: {
      usage: ['sigla tokens [opzioni]'],
      summary: 'dispositivi presenti e stato di PIN e PUK',
      options: { module: IT_OPT.module },
      examples: [['sigla tokens', 'elenca i dispositivi inseriti'], ['sigla tokens --module /usr/lib/libbit4xpki.so --json', 'con un modulo indicato, in JSON']],
      exits: [0, 5, 2, 1],
    },
    modules: {
      usage: ['sigla modules [opzioni]'],
      summary: 'moduli PKCS#11 (middleware) trovati su questo computer',
      options: { module: { arg: 'PERCORSO', text: 'controlla solo questo modulo; anche SIGLA_MODULE' } },
      examples: [['sigla modules', 'elenca i moduli trovati'], ['sigla modules --json', 'gli stessi dati in JSON']],
      exits: EXIT_COMMON,
    },
    watch: {
      usage: ['sigla watch [opzioni]'],
      summary: 'mostra i dispositivi inseriti e rimossi finché non si preme Ctrl-C',
      options: { module: IT_OPT.module, interval: { arg: 'MS', text: 'intervallo di controllo in millisecondi (almeno 100)', default: '1000' } },
      examples: [['sigla watch', 'segue inserimenti e rimozioni'], ['sigla watch --json --interval 500', 'un oggetto JSON per evento, ogni mezzo secondo']],
      exits: [0, 5, 2, 1],
    },
    ...trustTopics(true),
    extract: {
      usage: ['sigla extract FILE [opzioni]'],
      summary: 'estrae il documento originale da .p7m (anche annidati o Base64), .tsd, .m7m',
      about: ['Un file con firma non valida non viene estratto, salvo --force. Senza --out il documento va accanto, con un nome libero: nessun file viene sostituito.'],
      options: { out: { arg: 'PERCORSO', text: 'nome del documento estratto', default: 'accanto al file, con il nome che la busta indica' }, force: { text: 'estrae anche se la firma non è valida; con --out sostituisce un file esistente' } },
      examples: [['sigla extract delibera.pdf.p7m', 'scrive delibera.pdf'], ['sigla extract atto.pdf.p7m --out copia.pdf', 'scrive copia.pdf']],
      exits: [0, 6, 8, 9, 2, 1],
    },
    pdfa: {
      usage: ['sigla pdfa FILE [opzioni]'],
      summary: 'converte in PDF/A un PDF (Ghostscript) o un documento Office, OpenDocument, RTF, testo (LibreOffice)',
      about: ['Il file convertito viene controllato (livello PDF/A dichiarato, caratteri tutti incorporati) prima di essere scritto; il file di partenza non viene mai modificato. Senza LibreOffice o Ghostscript installati Sigla dice come installarli (esito 8).'],
      options: {
        level: { arg: '1b|2b|3b', text: 'livello PDF/A (ISO 19005-1, -2, -3, conformità B)', default: '2b' },
        out: { arg: 'PERCORSO', text: 'nome del file PDF/A', default: 'accanto al file, NOME-pdfa.pdf' },
        force: IT_OPT.force,
      },
      examples: [['sigla pdfa relazione.docx', 'scrive relazione-pdfa.pdf (PDF/A-2b)'], ['sigla pdfa delibera.pdf --level 1b --out delibera-a1.pdf', 'scrive delibera-a1.pdf (PDF/A-1b)']],
      exits: [0, 8, 9, 2, 1],
    },
    extend: {
      usage: ['sigla extend FILE… --level B-T|B-LT|B-LTA [opzioni]'],
      summary: 'estende le firme di un PDF o di un .p7m/.p7s a un livello a lungo termine (B-T, B-LT, B-LTA)',
      about: ['Ogni firma del file, di chiunque sia, riceve ciò che il livello chiede in nuove revisioni del PDF: B-T una marca del documento se una firma non ha la sua marca; B-LT certificati e risposte OCSP/CRL (DSS); B-LTA anche una marca del documento, da rinnovare prima che scada il certificato della TSA. Il file di partenza non viene mai modificato: il risultato si scrive accanto (NOME-esteso.pdf). In un .p7m/.p7s ogni firmatario riceve marca temporale, certificati e risposte OCSP/CRL (B-LT) e una marca di archivio (archive-time-stamp-v3, B-LTA) tra gli attributi non firmati; la parte firmata resta identica (NOME-esteso.pdf.p7m).'],
      options: {
        level: { arg: 'B-T|B-LT|B-LTA', text: 'il livello da raggiungere' },
        tsa: IT_OPT.tsa,
        'tsa-user': IT_OPT.tsaUser,
        'tsa-policy': IT_OPT.tsaPolicy,
        'tsa-allow-http': IT_OPT.tsaAllowHttp,
        out: { arg: 'PERCORSO', text: 'nome del file esteso (un solo file)', default: 'accanto al file, NOME-esteso.pdf' },
        'out-dir': { arg: 'CARTELLA', text: 'cartella dei file estesi', default: 'quella di ogni file' },
        force: IT_OPT.force,
      },
      examples: [['sigla extend delibera-firmato.pdf --level B-LTA --tsa https://tsa.esempio.it', 'scrive delibera-firmato-esteso.pdf con DSS e marca del documento'], ['sigla extend atto.pdf --level B-LT', 'aggiunge certificati e risposte OCSP/CRL: scrive atto-esteso.pdf']],
      exits: [0, 7, 8, 9, 2, 1],
    },
    timestamp: {
      usage: ['sigla timestamp FILE --tsa URL [opzioni]'],
      summary: 'marca temporale di un file: .tsr, .tsd, .m7m o nel PDF',
      options: {
        tsa: IT_OPT.tsa,
        'tsa-user': IT_OPT.tsaUser,
        'tsa-policy': IT_OPT.tsaPolicy,
        'tsa-allow-http': IT_OPT.tsaAllowHttp,
        format: { arg: 'tsr|tsd|m7m|pdf', text: 'tsr: risposta della TSA; tsd: marca con il documento dentro; m7m: .p7m e marca insieme; pdf: marca nel PDF (NOME-marca.pdf)', default: 'pdf per i PDF, tsr per gli altri' },
        out: { arg: 'PERCORSO', text: 'nome del file scritto', default: 'accanto al file' },
        force: IT_OPT.force,
      },
      examples: [['sigla timestamp delibera.pdf --tsa https://tsa.esempio.it', 'marca nel PDF: scrive delibera-marca.pdf'], ['sigla timestamp verbale.txt --tsa https://tsa.esempio.it --format tsd', 'scrive verbale.txt.tsd'], ['sigla timestamp atto.pdf.p7m --tsa https://tsa.esempio.it --format m7m', 'scrive atto.pdf.m7m']],
      exits: [0, 7, 8, 9, 2, 1],
    },
    reminders: {
      usage: ['sigla reminders [opzioni]'],
      summary: 'certificati di firma in scadenza, con che cosa fare',
      options: { days: { arg: 'N', text: 'mostra i certificati che scadono entro N giorni', default: '90' } },
      examples: [['sigla reminders', 'certificati in scadenza entro 90 giorni'], ['sigla reminders --days 30 --json', 'entro 30 giorni, in JSON']],
      exits: EXIT_COMMON,
    },
    pec: PEC_IT,
    'pec check': PEC_IT,
    demo: {
      usage: ['sigla demo'],
      summary: 'dimostrazione completa senza dispositivo né rete (npm run demo)',
      about: ['Crea un\'identità di prova nella cartella dei dati dell\'utente, firma i documenti di esempio e controlla ogni firma.'],
      options: {},
      examples: [['sigla demo', 'esegue la dimostrazione'], ['npm run demo', 'lo stesso, dalla cartella del progetto']],
      exits: [0, 1],
    },
    browsers: {
      usage: ['sigla browsers [status|register|unregister] [opzioni]'],
      summary: 'la CNS nei browser: registra il modulo del dispositivo in Firefox e Chrome/Chromium/Edge',
      about: ['«sigla browsers» mostra, per ogni profilo di Firefox e per l\'archivio condiviso ~/.pki/nssdb, se il modulo è registrato, e quale certificato del dispositivo serve per l\'accesso ai siti (autenticazione) e quale solo per firmare. «sigla browsers register» lo aggiunge con modutil di NSS (pacchetto libnss3-tools); «sigla browsers unregister» toglie solo ciò che Sigla ha aggiunto. Chiudi Firefox prima: un profilo in uso non viene modificato.'],
      options: { module: IT_OPT.module },
      examples: [['sigla browsers', 'stato di ogni browser'], ['sigla browsers register', 'registra il dispositivo in ogni browser'], ['sigla browsers unregister --json', 'toglie la registrazione di Sigla, in JSON']],
      exits: [0, 5, 15, 2, 1],
    },
  },
};

const EN: HelpCatalog = {
  title: 'sigla — CAdES/PAdES digital signatures with PKCS#11 tokens, CNS/CIE smart cards or PKCS#12 files',
  usage: 'Usage',
  commands: 'Commands',
  options: 'Options',
  commonOptions: 'Common options',
  examples: 'Examples',
  exitCodes: 'Exit codes',
  defaultIs: 'default',
  more: 'Help on a command: sigla COMMAND --help (or sigla help COMMAND).',
  secrets: 'PINs and passwords are never written on the command line: Sigla asks for them hidden or reads them with --pin-stdin.',
  common: {
    json: { text: 'the result (and any error) as JSON on standard output' },
    lang: { arg: 'it|en', text: 'language of the messages', default: 'it; en when LANG starts with en' },
    help: { text: 'show this help' },
    version: { text: "show Sigla's version" },
  },
  exit: {
    0: 'success',
    1: 'internal error in Sigla (please report it)',
    2: 'invalid usage: command, option or value',
    3: 'wrong PIN or PUK',
    4: 'PIN or PUK locked: nothing tried',
    5: 'token, key or certificate not found, or more than one',
    6: 'signature invalid',
    7: 'time-stamp not obtained',
    8: 'bad input file: unreadable, damaged, unsupported',
    9: 'the output file exists (use --force)',
    10: 'validity indeterminate (for example no trusted chain)',
    11: 'cancelled',
    12: 'last PIN try not spent (use --allow-final-try)',
    13: 'the PEC check found something that blocks sending',
    14: 'a trusted list was not downloaded',
    15: 'Firefox is running with a profile to change: nothing was changed',
  },
  topics: {
    sign: {
      usage: ['sigla sign FILE… [options]'],
      summary: 'sign one or more files: CAdES (.p7m/.p7s) or PAdES (signature inside the PDF)',
      about: ['A .p7m already signed gets one more signature (parallel) unless --mode says otherwise. The input file is never changed: the signed file is written beside it (NAME.p7m, NAME-firmato.pdf).'],
      options: {
        format: { arg: 'cades|pades', text: 'format: cades (.p7m/.p7s envelope) or pades (signature inside the PDF, NAME-firmato.pdf)', default: 'cades' },
        level: { arg: 'B-B|B-T|B-LT|B-LTA', text: 'level: B-B the signature alone; B-T with a time-stamp (--tsa); B-LT also with certificates and OCSP/CRL responses inside the file (network, some tens of KB); B-LTA also with a time-stamp that keeps it verifiable over time (a document time-stamp in a PDF, an archive-time-stamp-v3 in a .p7m)', default: 'B-B, or B-T with --tsa' },
        detached: { text: 'detached .p7s signature instead of a .p7m envelope' },
        mode: { arg: 'parallel|nested|countersign', text: 'on a .p7m/.p7s: parallel signature, nested envelope or countersignature', default: 'parallel' },
        'countersign-index': { arg: 'N[,M…]', text: 'which signatures to countersign, numbered from 1', default: 'all' },
        'detached-content': EN_OPT.detachedContent,
        digest: { arg: 'sha256|sha384|sha512', text: 'digest algorithm', default: 'sha256' },
        module: EN_OPT.module,
        token: EN_OPT.token,
        'cert-id': { arg: 'HEX', text: 'the certificate to use, by CKA_ID (see "sigla certs")', default: 'the signature one, with nonRepudiation' },
        p12: { arg: 'FILE', text: 'sign with a PKCS#12 software certificate instead of a token; the password is asked for hidden' },
        'ca-dir': { arg: 'FOLDER', text: 'CA certificates to complete the chain; also SIGLA_CA_DIR' },
        'pin-stdin': EN_OPT.pinStdin,
        'allow-final-try': EN_OPT.allowFinalTry,
        out: { arg: 'PATH', text: 'name of the signed file (one file to sign)', default: 'beside the input' },
        'out-dir': { arg: 'FOLDER', text: 'folder of the signed files', default: "each input's folder" },
        force: EN_OPT.force,
        tsa: EN_OPT.tsa,
        'tsa-user': EN_OPT.tsaUser,
        'tsa-policy': EN_OPT.tsaPolicy,
        'tsa-allow-http': EN_OPT.tsaAllowHttp,
        reason: { arg: 'TEXT', text: 'PAdES: reason for signing' },
        location: { arg: 'TEXT', text: 'PAdES: place of signing' },
        contact: { arg: 'TEXT', text: "PAdES: the signer's contact" },
        field: { arg: 'NAME', text: 'PAdES: sign an empty signature field already in the PDF' },
        visible: { text: 'PAdES: visible signature on the page' },
        page: { arg: 'N', text: 'PAdES: page of the visible signature', default: '1' },
        rect: { arg: 'x,y,w,h', text: 'PAdES: box of the visible signature in points, origin bottom-left' },
        position: { arg: 'bottom-right|bottom-left|top-right|top-left', text: 'PAdES: corner of the visible signature', default: 'bottom-right' },
        image: { arg: 'PNG', text: 'PAdES: image in the visible signature' },
      },
      examples: [
        ['sigla sign report.pdf', 'CAdES signature: writes report.pdf.p7m'],
        ['sigla sign report.pdf --format pades --visible --page 2', 'signature inside the PDF, visible on page 2: writes report-firmato.pdf'],
        ['printf "%s\\n" "$PIN" | sigla sign *.pdf --pin-stdin --out-dir signed --tsa https://tsa.example.com', 'signs several files with one PIN and a time-stamp'],
      ],
      exits: [0, 3, 4, 5, 7, 8, 9, 11, 12, 2, 1],
    },
    verify: {
      usage: ['sigla verify FILE… [options]'],
      summary: 'verify signed files and time-stamps: .p7m/.p7s/.pdf/.tsr/.tsd/.m7m',
      about: ['One report per file: outcome (passed, failed, indeterminate), signers, signing time, time-stamps, qualification. Times are in Italian local time.'],
      options: {
        'detached-content': EN_OPT.detachedContent,
        trust: { arg: 'PEM|FOLDER', text: 'root certificates to trust (repeatable), besides those in Settings and the trusted lists' },
        at: { arg: 'TIME', text: 'verify at an ISO 8601 date and time (for example 2024-03-01T12:00:00Z)', default: 'now' },
        offline: { text: 'use no network: no OCSP/CRL, CA certificates or trusted list update' },
        'report-pdf': { arg: 'FILE', text: 'also write the report as a PDF (one file to verify)' },
        force: { text: 'with --report-pdf: replace a report that exists' },
      },
      examples: [
        ['sigla verify report.pdf.p7m', 'verifies the signature and shows the report'],
        ['sigla verify report-firmato.pdf --offline --json', 'with no network, the report as JSON'],
        ['sigla verify contract.pdf.p7s --detached-content contract.pdf --report-pdf report.pdf', 'a detached signature, with the report as a PDF'],
      ],
      exits: [0, 6, 10, 8, 9, 2, 1],
    },
    ...pinTopics(EN_OPT, false),
    certs: {
      usage: ['sigla certs [options]'],
      summary: 'certificates on the token, with their use and expiry',
      options: { module: EN_OPT.module, token: EN_OPT.token },
      examples: [['sigla certs', 'certificates of the token inserted'], ['sigla certs --token "CNS Rossi" --json', "one token's certificates, as JSON"]],
      exits: [0, 5, 2, 1],
    },
    tokens: {
      usage: ['sigla tokens [options]'],
      summary: 'tokens present and their PIN and PUK state',
      options: { module: EN_OPT.module },
      examples: [['sigla tokens', 'lists the tokens inserted'], ['sigla tokens --module /usr/lib/libbit4xpki.so --json', 'with a given module, as JSON']],
      exits: [0, 5, 2, 1],
    },
    modules: {
      usage: ['sigla modules [options]'],
      summary: 'PKCS#11 modules (middleware) found on this machine',
      options: { module: { arg: 'PATH', text: 'check this module only; also SIGLA_MODULE' } },
      examples: [['sigla modules', 'lists the modules found'], ['sigla modules --json', 'the same as JSON']],
      exits: EXIT_COMMON,
    },
    watch: {
      usage: ['sigla watch [options]'],
      summary: 'print tokens inserted and removed until Ctrl-C',
      options: { module: EN_OPT.module, interval: { arg: 'MS', text: 'polling interval in milliseconds (at least 100)', default: '1000' } },
      examples: [['sigla watch', 'follows insertions and removals'], ['sigla watch --json --interval 500', 'one JSON object per event, every half second']],
      exits: [0, 5, 2, 1],
    },
    ...trustTopics(false),
    extract: {
      usage: ['sigla extract FILE [options]'],
      summary: 'the original document inside a .p7m (nested or Base64), .tsd, .m7m',
      about: ['A file whose signature is invalid is not extracted unless --force. Without --out the document goes beside the file under a free name: no file is replaced.'],
      options: { out: { arg: 'PATH', text: 'name of the extracted document', default: 'beside the file, under the name the envelope implies' }, force: { text: 'extract even when the signature is invalid; with --out, replace a file that exists' } },
      examples: [['sigla extract report.pdf.p7m', 'writes report.pdf'], ['sigla extract deed.pdf.p7m --out copy.pdf', 'writes copy.pdf']],
      exits: [0, 6, 8, 9, 2, 1],
    },
    pdfa: {
      usage: ['sigla pdfa FILE [options]'],
      summary: 'convert to PDF/A a PDF (Ghostscript) or an Office, OpenDocument, RTF, text document (LibreOffice)',
      about: ['The converted file is checked (PDF/A level declared, every font embedded) before it is written; the input file is never changed. Without LibreOffice or Ghostscript installed Sigla says how to install them (exit 8).'],
      options: {
        level: { arg: '1b|2b|3b', text: 'PDF/A level (ISO 19005-1, -2, -3, conformance B)', default: '2b' },
        out: { arg: 'PATH', text: 'name of the PDF/A file', default: 'beside the input, NAME-pdfa.pdf' },
        force: EN_OPT.force,
      },
      examples: [['sigla pdfa report.docx', 'writes report-pdfa.pdf (PDF/A-2b)'], ['sigla pdfa deed.pdf --level 1b --out deed-a1.pdf', 'writes deed-a1.pdf (PDF/A-1b)']],
      exits: [0, 8, 9, 2, 1],
    },
    extend: {
      usage: ['sigla extend FILE… --level B-T|B-LT|B-LTA [options]'],
      summary: 'extend the signatures of a PDF or a .p7m/.p7s to a long-term level (B-T, B-LT, B-LTA)',
      about: ['Every signature of the file, whoever made it, gets what the level asks in new revisions of the PDF: B-T a document time-stamp when a signature has no time-stamp of its own; B-LT certificates and OCSP/CRL responses (DSS); B-LTA also a document time-stamp, to be renewed before the TSA certificate expires. The input file is never changed: the result is written beside it (NAME-esteso.pdf). In a .p7m/.p7s every signer gets a time-stamp, certificates and OCSP/CRL responses (B-LT) and an archive time-stamp (archive-time-stamp-v3, B-LTA) among its unsigned attributes; the signed part stays identical (NAME-esteso.pdf.p7m).'],
      options: {
        level: { arg: 'B-T|B-LT|B-LTA', text: 'the level to reach' },
        tsa: EN_OPT.tsa,
        'tsa-user': EN_OPT.tsaUser,
        'tsa-policy': EN_OPT.tsaPolicy,
        'tsa-allow-http': EN_OPT.tsaAllowHttp,
        out: { arg: 'PATH', text: 'name of the extended file (one file only)', default: 'beside the input, NAME-esteso.pdf' },
        'out-dir': { arg: 'FOLDER', text: 'folder of the extended files', default: "each input's folder" },
        force: EN_OPT.force,
      },
      examples: [['sigla extend report-firmato.pdf --level B-LTA --tsa https://tsa.example.com', 'writes report-firmato-esteso.pdf with a DSS and a document time-stamp'], ['sigla extend deed.pdf --level B-LT', 'adds certificates and OCSP/CRL responses: writes deed-esteso.pdf']],
      exits: [0, 7, 8, 9, 2, 1],
    },
    timestamp: {
      usage: ['sigla timestamp FILE --tsa URL [options]'],
      summary: 'time-stamp a file: .tsr, .tsd, .m7m or inside the PDF',
      options: {
        tsa: EN_OPT.tsa,
        'tsa-user': EN_OPT.tsaUser,
        'tsa-policy': EN_OPT.tsaPolicy,
        'tsa-allow-http': EN_OPT.tsaAllowHttp,
        format: { arg: 'tsr|tsd|m7m|pdf', text: "tsr: the TSA's response; tsd: time-stamp with the document inside; m7m: .p7m and time-stamp together; pdf: time-stamp inside the PDF (NAME-marca.pdf)", default: 'pdf for PDF files, tsr for others' },
        out: { arg: 'PATH', text: 'name of the file written', default: 'beside the input' },
        force: EN_OPT.force,
      },
      examples: [['sigla timestamp report.pdf --tsa https://tsa.example.com', 'time-stamp inside the PDF: writes report-marca.pdf'], ['sigla timestamp minutes.txt --tsa https://tsa.example.com --format tsd', 'writes minutes.txt.tsd'], ['sigla timestamp deed.pdf.p7m --tsa https://tsa.example.com --format m7m', 'writes deed.pdf.m7m']],
      exits: [0, 7, 8, 9, 2, 1],
    },
    reminders: {
      usage: ['sigla reminders [options]'],
      summary: 'signing certificates about to expire, and what to do',
      options: { days: { arg: 'N', text: 'show the certificates expiring within N days', default: '90' } },
      examples: [['sigla reminders', 'certificates expiring within 90 days'], ['sigla reminders --days 30 --json', 'within 30 days, as JSON']],
      exits: EXIT_COMMON,
    },
    pec: PEC_EN,
    'pec check': PEC_EN,
    demo: {
      usage: ['sigla demo'],
      summary: 'end-to-end demo with no token and no network (npm run demo)',
      about: ["Makes a test identity in the user's data folder, signs the sample documents and checks every signature."],
      options: {},
      examples: [['sigla demo', 'runs the demo'], ['npm run demo', 'the same, from the project folder']],
      exits: [0, 1],
    },
    browsers: {
      usage: ['sigla browsers [status|register|unregister] [options]'],
      summary: 'the CNS in browsers: register the token\'s module in Firefox and Chrome/Chromium/Edge',
      about: ['status (the default) shows, for every Firefox profile and for the shared store ~/.pki/nssdb, whether the module is registered, and which of the token\'s certificates serves signing in to sites (authentication) and which only signing. register adds it with NSS\'s modutil (package libnss3-tools); unregister removes only what Sigla added. Close Firefox first: a profile in use is not changed.'],
      options: { module: EN_OPT.module },
      examples: [['sigla browsers', 'status of every browser'], ['sigla browsers register', 'registers the token in every browser'], ['sigla browsers unregister --json', 'removes Sigla\'s registration, as JSON']],
      exits: [0, 5, 15, 2, 1],
    },
  },
};

export const HELP: Readonly<Record<Lang, HelpCatalog>> = { it: IT, en: EN };
