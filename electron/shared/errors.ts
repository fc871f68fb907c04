/**
 * The one error taxonomy of Sigla. Every failure that reaches a user carries a code from this list; the text shown
 * to the user is produced from the code in one place (`i18n/messages.ts`), never from the error's own message.
 */
export const ERROR_CODES = [
  'INTERNAL',
  'USAGE',
  'USAGE_UNKNOWN_OPTION',
  'USAGE_OPTION_VALUE',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'PIN_FINAL_TRY_REFUSED',
  'PIN_FORMAT',
  'PUK_INCORRECT',
  'PUK_LOCKED',
  'CANCELLED',
  'TOKEN_REMOVED',
  'TOKEN_NOT_FOUND',
  'TOKEN_AMBIGUOUS',
  'CERT_NOT_FOUND',
  'CERT_AMBIGUOUS',
  'KEY_NOT_FOUND',
  'KEY_NOT_USABLE',
  'DEVICE_ERROR',
  'MECHANISM_UNSUPPORTED',
  'MODULE_LOAD_FAILED',
  'TOKEN_GENERAL',
  'P12_PASSWORD',
  'INPUT_UNREADABLE',
  'INPUT_NOT_FOUND',
  'INPUT_NOT_REGULAR',
  'INPUT_EMPTY',
  'INPUT_NOT_SIGNED',
  'INPUT_LIMIT',
  'INPUT_FORMAT',
  'INPUT_CHANGED',
  'OUTPUT_EXISTS',
  'OUTPUT_WRITE',
  'OUTPUT_IS_INPUT',
  'OUTPUT_DISK_FULL',
  'OUTPUT_READ_ONLY',
  'OUTPUT_PERMISSION',
  'OUTPUT_FOLDER_MISSING',
  'INPUT_IS_STDIN',
  'SIGNATURE_INVALID',
  'EXTRACT_SIGNATURE_INVALID',
  'VERIFY_INDETERMINATE',
  'TSA_UNAVAILABLE',
  'PDF_PARSE',
  'PDF_ENCRYPTED',
  'PDF_CERTIFIED',
  'PDF_FIELD',
  'SECURE_STORAGE_UNAVAILABLE',
  'TSA_ACCOUNT_NOT_FOUND',
  'TSA_INSECURE',
  'TL_DOWNLOAD',
  'TL_REFUSED',
  'TL_FORMAT',
  'DOCUMENT_OPEN_FAILED',
  'NOT_A_PDF',
  'CONVERTER_MISSING',
  'CONVERSION_FAILED',
  'CONVERSION_CHECK_FAILED',
  'CONVERSION_UNSUPPORTED',
  'VALIDATION_DATA_UNAVAILABLE',
  'PDFA_ALREADY_INVALID',
  'PEC_PROFILE_NOT_FOUND',
  'PEC_PROFILE_INVALID',
  'BROWSER_RUNNING',
  'NSS_TOOL_MISSING',
  'NSS_TOOL_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Process exit codes of the `sigla` command (shared/ACCEPTANCE.md). */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  PIN_INCORRECT: 3,
  PIN_LOCKED: 4,
  NOT_FOUND: 5,
  VERIFY_FAILED: 6,
  TSA: 7,
  BAD_INPUT: 8,
  OUTPUT_EXISTS: 9,
  INDETERMINATE: 10,
  CANCELLED: 11,
  FINAL_TRY_REFUSED: 12,
  /** `sigla pec check`: something in the message would make the receiving office reject it. */
  PEC_BLOCKED: 13,
  /** `sigla trust update`: a trusted list could not be downloaded (network, HTTP status, size, time). */
  TL_DOWNLOAD: 14,
  /** `sigla browsers register|unregister`: a Firefox profile is in use by a running Firefox; nothing was changed. */
  BROWSER_RUNNING: 15,
} as const;

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  INTERNAL: EXIT.INTERNAL,
  USAGE: EXIT.USAGE,
  USAGE_UNKNOWN_OPTION: EXIT.USAGE,
  USAGE_OPTION_VALUE: EXIT.USAGE,
  PIN_INCORRECT: EXIT.PIN_INCORRECT,
  PUK_INCORRECT: EXIT.PIN_INCORRECT,
  P12_PASSWORD: EXIT.PIN_INCORRECT,
  PIN_LOCKED: EXIT.PIN_LOCKED,
  PUK_LOCKED: EXIT.PIN_LOCKED,
  PIN_FINAL_TRY_REFUSED: EXIT.FINAL_TRY_REFUSED,
  PIN_FORMAT: EXIT.USAGE,
  CANCELLED: EXIT.CANCELLED,
  TOKEN_REMOVED: EXIT.NOT_FOUND,
  TOKEN_NOT_FOUND: EXIT.NOT_FOUND,
  TOKEN_AMBIGUOUS: EXIT.NOT_FOUND,
  CERT_NOT_FOUND: EXIT.NOT_FOUND,
  CERT_AMBIGUOUS: EXIT.NOT_FOUND,
  KEY_NOT_FOUND: EXIT.NOT_FOUND,
  KEY_NOT_USABLE: EXIT.NOT_FOUND,
  DEVICE_ERROR: EXIT.INTERNAL,
  MECHANISM_UNSUPPORTED: EXIT.NOT_FOUND,
  MODULE_LOAD_FAILED: EXIT.NOT_FOUND,
  TOKEN_GENERAL: EXIT.INTERNAL,
  INPUT_UNREADABLE: EXIT.BAD_INPUT,
  INPUT_NOT_FOUND: EXIT.BAD_INPUT,
  INPUT_NOT_REGULAR: EXIT.BAD_INPUT,
  INPUT_EMPTY: EXIT.BAD_INPUT,
  INPUT_NOT_SIGNED: EXIT.BAD_INPUT,
  INPUT_LIMIT: EXIT.BAD_INPUT,
  INPUT_FORMAT: EXIT.BAD_INPUT,
  INPUT_CHANGED: EXIT.BAD_INPUT,
  PDF_PARSE: EXIT.BAD_INPUT,
  PDF_ENCRYPTED: EXIT.BAD_INPUT,
  PDF_CERTIFIED: EXIT.BAD_INPUT,
  PDF_FIELD: EXIT.BAD_INPUT,
  OUTPUT_EXISTS: EXIT.OUTPUT_EXISTS,
  OUTPUT_WRITE: EXIT.INTERNAL,
  OUTPUT_IS_INPUT: EXIT.USAGE,
  OUTPUT_DISK_FULL: EXIT.INTERNAL,
  OUTPUT_READ_ONLY: EXIT.INTERNAL,
  OUTPUT_PERMISSION: EXIT.INTERNAL,
  OUTPUT_FOLDER_MISSING: EXIT.INTERNAL,
  INPUT_IS_STDIN: EXIT.USAGE,
  SIGNATURE_INVALID: EXIT.VERIFY_FAILED,
  // `sigla extract` of a file whose signature is failed (issue 12): the content is not given out unless --force.
  EXTRACT_SIGNATURE_INVALID: EXIT.VERIFY_FAILED,
  VERIFY_INDETERMINATE: EXIT.INDETERMINATE,
  TSA_UNAVAILABLE: EXIT.TSA,
  SECURE_STORAGE_UNAVAILABLE: EXIT.INTERNAL,
  TSA_ACCOUNT_NOT_FOUND: EXIT.NOT_FOUND,
  // A TSA failure (shared/ACCEPTANCE.md exit 7): the service cannot be used as configured; nothing was sent.
  TSA_INSECURE: EXIT.TSA,
  // Trusted lists (issue 12): a download that failed is not a bad file; a list refused (signature, signer, parse)
  // is a bad input (exit 8), so that a tampered list never ends a command with 0.
  TL_DOWNLOAD: EXIT.TL_DOWNLOAD,
  TL_REFUSED: EXIT.BAD_INPUT,
  // A trusted list (ETSI TS 119 612) that is not a well-formed, bounded list: a bad input (shared/ACCEPTANCE.md exit 8).
  TL_FORMAT: EXIT.BAD_INPUT,
  // Verifica's "Apri documento": the system has no application for the signed document, or it failed to start.
  DOCUMENT_OPEN_FAILED: EXIT.INTERNAL,
  // A file given to PAdES (or to a PDF time-stamp) whose first bytes are not a PDF's (issue 14): a bad input (exit 8).
  NOT_A_PDF: EXIT.BAD_INPUT,
  // `sigla pdfa` (issue 15): the file cannot be turned into PDF/A on this computer — no converter for it (exit 8, like
  // an unsupported file: it is not Sigla's defect, exit 1; the JSON error code tells CONVERTER_MISSING apart), the
  // converter failed or timed out on it, its result is not the PDF/A promised, or its type is not convertible.
  CONVERTER_MISSING: EXIT.BAD_INPUT,
  CONVERSION_FAILED: EXIT.BAD_INPUT,
  CONVERSION_CHECK_FAILED: EXIT.BAD_INPUT,
  CONVERSION_UNSUPPORTED: EXIT.BAD_INPUT,
  // B-LT/B-LTA (issue 16): the revocation data of a signer's path could not be obtained (OCSP/CRL services
  // unreachable or refusing): a trust service failure like a TSA's (exit 7); nothing was written.
  VALIDATION_DATA_UNAVAILABLE: EXIT.TSA,
  // A warning before signing (issue 15): a file that claims PDF/A but already breaks it. Signing goes on; never an exit.
  PDFA_ALREADY_INVALID: EXIT.BAD_INPUT,
  // `pec check --profile NAME` naming no shipped or user profile: a usage error (exit 2).
  PEC_PROFILE_NOT_FOUND: EXIT.USAGE,
  // A PEC profile file that is not valid JSON of the profile schema: a bad input (exit 8).
  PEC_PROFILE_INVALID: EXIT.BAD_INPUT,
  // `sigla browsers` (issue 17): a running Firefox holds the profile (15); NSS's tools missing is a thing not found (5).
  BROWSER_RUNNING: EXIT.BROWSER_RUNNING,
  NSS_TOOL_MISSING: EXIT.NOT_FOUND,
  NSS_TOOL_FAILED: EXIT.INTERNAL,
};

export interface SiglaErrorDetails {
  /** Values substituted into the localized message (`{name}` placeholders). Never a PIN or PUK. */
  readonly params?: Readonly<Record<string, string | number>>;
  /** PKCS#11 return value (CKR_*) when the error comes from a token. */
  readonly ckr?: number;
  /** The PKCS#11 function that returned `ckr`, e.g. `C_Login`. */
  readonly pkcs11Function?: string;
  /** The underlying error, kept for diagnostics. */
  readonly cause?: unknown;
}

/** An error with a code from {@link ERROR_CODES}. `message` is English, for logs; users see `describeError`. */
export class SiglaError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly ckr: number | undefined;
  readonly pkcs11Function: string | undefined;

  constructor(code: ErrorCode, message: string, details: SiglaErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SiglaError';
    this.code = code;
    this.params = details.params ?? {};
    this.ckr = details.ckr;
    this.pkcs11Function = details.pkcs11Function;
  }

  get exitCode(): number {
    return EXIT_BY_CODE[this.code];
  }
}

export function isSiglaError(e: unknown): e is SiglaError {
  return e instanceof SiglaError;
}

export function exitCodeOf(e: unknown): number {
  return isSiglaError(e) ? e.exitCode : EXIT.INTERNAL;
}

/**
 * The one place where a thrown value becomes what users are told. Sigla's parsers throw coded errors for bad input
 * (INPUT_FORMAT, PDF_PARSE, INPUT_LIMIT…), so anything else — a TypeError, a RangeError, a library's own error that
 * escaped its wrapper — is a bug: INTERNAL (exit 1), whose text asks the user to report it and never repeats the raw
 * exception message (kept as `cause` and in `message` for SIGLA_DEBUG and logs).
 */
export function asSiglaError(e: unknown): SiglaError {
  if (isSiglaError(e)) return e;
  const raw = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new SiglaError('INTERNAL', raw, { cause: e });
}

/**
 * The order in which outcomes of several files make one exit code: an internal error first (it must never hide),
 * then a bad input file (8), a failed verification (6), an indeterminate one (10), then success (0); any other code
 * ranks between internal errors and bad input.
 */
const EXIT_RANK: Readonly<Record<number, number>> = { [EXIT.OK]: 0, [EXIT.INDETERMINATE]: 1, [EXIT.VERIFY_FAILED]: 2, [EXIT.BAD_INPUT]: 3, [EXIT.INTERNAL]: 5 };

export function worstExit(codes: readonly number[]): number {
  return codes.reduce((w, c) => ((EXIT_RANK[c] ?? 4) > (EXIT_RANK[w] ?? 4) ? c : w), EXIT.OK);
}
