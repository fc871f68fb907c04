/**
 * What `sigla verify` reports (shared/ACCEPTANCE.md), in the vocabulary of ETSI EN 319 102-1 §5.1.3: a status
 * (passed / failed / indeterminate) and, when not passed, a sub-indication.
 */
import { EXIT, type ErrorCode, type SiglaError } from '../../shared/errors.js';
import type { Qualification, TrustedListMatch } from '../tsl/TrustedList.js';
import type { Finding } from '../findings/Finding.js';

export type Status = 'passed' | 'failed' | 'indeterminate';

export type SubIndication =
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'FORMAT_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'NOT_YET_VALID'
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'REVOKED_NO_POE'
  | 'REVOKED_CA_NO_POE'
  | 'TRY_LATER'
  /** INDETERMINATE: the signed data cannot be obtained (a detached signature without its document). */
  | 'SIGNED_DATA_NOT_FOUND'
  | 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE';

export interface TimestampReport {
  readonly time: string;
  readonly kind: 'signature' | 'document' | 'envelope';
  /** The token's own signature and message digest verify. */
  readonly integrity: 'valid' | 'invalid';
  /** Its imprint matches what it claims to time-stamp. */
  readonly imprintMatches: boolean;
  readonly tsa: string;
  readonly trusted: boolean;
  /** A qualified electronic time-stamp: its TSA is a TSA/QTST service granted at the token's time (TS 119 615). */
  readonly qualified?: boolean;
  /** The TSA's service in a trusted list, when listed. */
  readonly trustedList?: TrustedListMatch;
  /** `time` in Italian local time, in the user's words (`localizeReport`). */
  readonly timeText?: string;
  /** The status of `trustedList`'s service in the user's words (`localizeReport`). */
  readonly serviceStatusText?: string;
}

export interface SignatureReport {
  readonly signer: string;
  readonly integrity: 'valid' | 'invalid';
  readonly status: Status;
  readonly subIndication?: SubIndication;
  readonly signingTime: string | null;
  readonly timestamps: readonly TimestampReport[];
  /** The level reached (B-B, B-T, B-LT, B-LTA; validateSignature), not the one claimed. */
  readonly level: string;
  /** The oldest proof of existence of the signature (EN 319 102-1 §5.6.2.3), ISO 8601; absent when none. */
  readonly poe?: string;
  /**
   * When the newest usable archive/document time-stamp is to be renewed (its TSA certificate's expiry less
   * RENEWAL_MARGIN_DAYS), ISO 8601; absent without one.
   */
  readonly renewalDue?: string;
  /** `renewalDue` in Italian local time (`localizeReport`). */
  readonly renewalDueText?: string;
  /** ETSI TS 119 172-4 / TS 119 615 qualification conclusion (shared/ACCEPTANCE.md). */
  readonly qualification?: Qualification;
  /** The trusted-list service the signer's certificate chains to, with its status at the time that matters. */
  readonly trustedList?: TrustedListMatch;
  /** Why the qualification is what it is, when not plainly qualified (from `qualify`, TS 119 615). */
  readonly qualificationReasons?: readonly Finding[];
  readonly depth: number;
  readonly kind: 'signer' | 'countersignature';
  readonly certificate?: {
    readonly subject: string;
    readonly issuer: string;
    readonly serial: string;
    readonly notBefore: string;
    readonly notAfter: string;
    readonly qualified: boolean;
    readonly qcSSCD: boolean;
    readonly nonRepudiation: boolean;
  };
  /** Facts that do not change the status (weak algorithms, revocation not checked, …). */
  readonly warnings: readonly Finding[];
  readonly problems: readonly Finding[];
  /** The qualification in the user's words (`localizeReport`), filled in by whoever shows the report to a user. */
  readonly qualificationText?: string;
  /** `subIndication` explained, `signingTime` in Italian local time, the service's status: words (`localizeReport`). */
  readonly subIndicationText?: string;
  readonly signingTimeText?: string;
  readonly serviceStatusText?: string;
  /** PDF only: field name, revision coverage. */
  readonly field?: string;
  readonly coversWholeDocument?: boolean;
}

/** Why a file could not be verified at all (missing, not a regular file, not signed, corrupt, over a limit…). */
export interface FileError {
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly params: Readonly<Record<string, string | number>>;
  /** The user's text for it (`describeError`), filled in by whoever prints the report. */
  readonly message?: string;
}

export interface FileReport {
  readonly file: string;
  readonly format: string;
  readonly status: Status;
  readonly signatures: readonly SignatureReport[];
  readonly timestamps?: readonly TimestampReport[];
  readonly problems?: readonly Finding[];
  /**
   * What the trusted lists in use mean for this report (none cached, one past its NextUpdate and by how many days,
   * one refused): coded findings the verifier adds (io/trustedLists `trustNotes`).
   */
  readonly trustNotes?: readonly Finding[];
  /**
   * The file's own sub-indication when it is not one signature's: SIGNED_DATA_NOT_FOUND for a detached signature
   * (.p7s) or a time-stamp (.tsr) whose document was neither given nor found beside it (status `indeterminate`).
   */
  readonly subIndication?: SubIndication;
  /** `subIndication` explained in the user's words (`localizeReport`). */
  readonly subIndicationText?: string;
  /** Coded facts about the file as a whole (SIGNED_CONTENT_BESIDE, SIGNED_CONTENT_NOT_FOUND…): warnings. */
  readonly findings?: readonly Finding[];
  /** Set when the file could not be verified: its status is then `failed` and its exit code this one's. */
  readonly error?: FileError;
}

/** The report of a file that could not be verified: `failed`, no signatures, and the coded reason. */
export function unverifiableReport(file: string, e: SiglaError, message?: string): FileReport {
  // Our parsers' errors without a `detail` param say what failed in their message (INTERNAL never repeats it).
  const params = e.code === 'INTERNAL' || 'detail' in e.params ? e.params : { detail: e.message, ...e.params };
  return { file, format: 'unknown', status: 'failed', signatures: [], error: { code: e.code, exitCode: e.exitCode, params, ...(message !== undefined ? { message } : {}) } };
}

/** The exit code of one file's report (shared/ACCEPTANCE.md): its error's, else 0 / 6 / 10 by status. */
export function reportExitCode(r: FileReport): number {
  if (r.error) return r.error.exitCode;
  return r.status === 'passed' ? EXIT.OK : r.status === 'failed' ? EXIT.VERIFY_FAILED : EXIT.INDETERMINATE;
}

const RANK: Readonly<Record<Status, number>> = { passed: 0, indeterminate: 1, failed: 2 };

export function worst(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), 'passed');
}
