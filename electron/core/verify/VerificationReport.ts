/**
 * What `sigla verify` reports (shared/ACCEPTANCE.md), in the vocabulary of ETSI EN 319 102-1 §5.1.3: a status
 * (passed / failed / indeterminate) and, when not passed, a sub-indication.
 */
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
  | 'TRY_LATER';

export interface TimestampReport {
  readonly time: string;
  readonly kind: 'signature' | 'document' | 'envelope';
  /** The token's own signature and message digest verify. */
  readonly integrity: 'valid' | 'invalid';
  /** Its imprint matches what it claims to time-stamp. */
  readonly imprintMatches: boolean;
  readonly tsa: string;
  readonly trusted: boolean;
}

export interface SignatureReport {
  readonly signer: string;
  readonly integrity: 'valid' | 'invalid';
  readonly status: Status;
  readonly subIndication?: SubIndication;
  readonly signingTime: string | null;
  readonly timestamps: readonly TimestampReport[];
  readonly level: string;
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
  readonly warnings: readonly string[];
  readonly problems: readonly string[];
  /** PDF only: field name, revision coverage. */
  readonly field?: string;
  readonly coversWholeDocument?: boolean;
}

export interface FileReport {
  readonly file: string;
  readonly format: string;
  readonly status: Status;
  readonly signatures: readonly SignatureReport[];
  readonly timestamps?: readonly TimestampReport[];
  readonly problems?: readonly string[];
}

const RANK: Readonly<Record<Status, number>> = { passed: 0, indeterminate: 1, failed: 2 };

export function worst(statuses: readonly Status[]): Status {
  return statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), 'passed');
}
