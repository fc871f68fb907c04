/**
 * A time-stamp token checked against what it claims to stamp (RFC 3161 §2.4.2 imprint) and by itself (its
 * SignedData integrity; a TSA certificate with the timeStamping EKU; a path to a trust anchor).
 */
import { certificateInfo } from '../cert/CertificateInfo.js';
import { sameBytes } from '../cert/CertificateFields.js';
import { DIGEST_BY_OID } from '../crypto/HashAlgorithm.js';
import { isTsaCertificate } from '../tsp/TimeStampResp.js';
import { tstInfoOf } from '../tsp/TstInfo.js';
import { trustPath } from './trustPath.js';
import type { TimestampReport } from './VerificationReport.js';
import { verifyCmsIntegrity } from './verifyCmsIntegrity.js';
import { asSignedBytes } from './signedRanges.js';
import type { SignedBytes } from '../cms/verifySignerInfo.js';
import type { ListedService } from '../tsl/TrustedList.js';
import { timestampQualified } from '../tsl/qualification.js';

export interface CheckedToken extends TimestampReport {
  readonly genTime: Date;
  readonly usable: boolean;
  /** The TSA's certificate and its issuer on the path to a trust anchor, for its revocation check. */
  readonly tsaCertificate?: Uint8Array;
  readonly tsaIssuer?: Uint8Array;
}

/** What the report shows of a checked token (no dates as objects, no certificates). */
export function timestampReport(t: CheckedToken): TimestampReport {
  const { genTime: _g, usable: _u, tsaCertificate: _c, tsaIssuer: _i, ...rest } = t;
  return rest;
}

/**
 * `stamped`: what the token claims to time-stamp, as bytes or as ranges of a file (a PDF's ByteRange). `services`:
 * the trusted lists' services, when known; then `qualified` says whether the TSA is a TSA/QTST service granted at the
 * token's time (TS 119 615, `timestampQualified`), with the service in `trustedList`.
 */
export function validateTimestamp(token: Uint8Array, stamped: Uint8Array | SignedBytes, kind: TimestampReport['kind'], anchors: readonly Uint8Array[], services?: readonly ListedService[]): CheckedToken {
  let info;
  try {
    info = tstInfoOf(token);
  } catch {
    return { time: '', kind, integrity: 'invalid', imprintMatches: false, tsa: '', trusted: false, genTime: new Date(0), usable: false };
  }
  const alg = DIGEST_BY_OID[info.hashOid];
  const imprintMatches = alg !== undefined && sameBytes(info.imprint, asSignedBytes(stamped).digest(alg));
  let integrity: 'valid' | 'invalid' = 'invalid';
  let tsa = '';
  let trusted = false;
  let tsaCertificate: Uint8Array | undefined;
  let tsaIssuer: Uint8Array | undefined;
  let tsaPath: readonly Uint8Array[] = [];
  try {
    const [s] = verifyCmsIntegrity(token).signatures;
    if (s?.valid && s.certificate && isTsaCertificate(s.certificate)) integrity = 'valid';
    if (s?.certificate) {
      tsa = certificateInfo(s.certificate).displayName;
      const path = trustPath(s.certificate, s.certificates, anchors);
      trusted = path.anchored;
      tsaCertificate = s.certificate;
      tsaIssuer = path.path[0];
      tsaPath = path.path.length > 0 ? path.path : s.certificates;
    }
  } catch {
    integrity = 'invalid';
  }
  let listed: { qualified: boolean; trustedList?: NonNullable<TimestampReport['trustedList']> } | undefined;
  if (services) {
    const q = tsaCertificate && integrity === 'valid' && imprintMatches ? timestampQualified({ tsaCertificate, path: tsaPath, services, genTime: info.genTime }) : { qualified: false };
    listed = { qualified: q.qualified, ...(q.trustedList ? { trustedList: q.trustedList } : {}) };
  }
  return {
    time: info.genTime.toISOString(),
    kind,
    integrity,
    imprintMatches,
    tsa,
    trusted,
    genTime: info.genTime,
    usable: integrity === 'valid' && imprintMatches,
    ...(listed ?? {}),
    ...(tsaCertificate ? { tsaCertificate } : {}),
    ...(tsaIssuer ? { tsaIssuer } : {}),
  };
}
