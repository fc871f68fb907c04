/**
 * One signature's validation (ETSI EN 319 102-1 §5, simplified to what Sigla checks): cryptographic integrity, the
 * signing-certificate attribute, signature time-stamps as proof of existence, a path to a trust anchor, the signer
 * certificate's validity at the best time known (the earliest usable time-stamp, else `at`, else now) and its key
 * usage. Revocation (OCSP/CRL) is reported as not checked.
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { raw } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { certificateInfo } from '../cert/CertificateInfo.js';
import { trustPath, validAt } from './trustPath.js';
import { timestampReport, validateTimestamp, type CheckedToken } from './validateTimestamp.js';
import type { SignatureReport, Status, SubIndication } from './VerificationReport.js';
import type { SignatureIntegrity } from './verifyCmsIntegrity.js';
import type { RevocationStatus } from '../revocation/Ocsp.js';
import type { ListedService } from '../tsl/TrustedList.js';
import { qualify } from '../tsl/qualification.js';

export interface ValidationPolicy {
  readonly anchors: readonly Uint8Array[];
  /** The time to validate at when no time-stamp proves an earlier one (`--at`); default now. */
  readonly at?: Date;
  /**
   * Revocation status of a certificate (OCSP, then CRL, per its AIA/CDP); undefined when it names no source.
   * Absent (`--offline`): revocation is reported as not checked.
   */
  readonly revocation?: (cert: Uint8Array, issuer: Uint8Array) => Promise<RevocationStatus | undefined>;
  /**
   * The issuer certificates a certificate's AIA caIssuers URLs give (RFC 5280 §4.2.2.1), used only when no path
   * to a trust anchor can be built from the file's certificates. Absent (`--offline`): nothing is downloaded.
   */
  readonly fetchIssuers?: (cert: Uint8Array) => Promise<Uint8Array[]>;
  /**
   * The services of the validated trusted lists in use (ETSI TS 119 612; io/trustedLists). Their certificates are
   * trust anchors beside `anchors` (verifyFile adds them), and each signature's qualification (TS 119 615 /
   * TS 119 172-4) and each time-stamp's `qualified` are concluded from them. Absent: no lists are known and no
   * qualification is stated. `anchors` alone (`--trust`, the user's store) give trust, never qualification.
   */
  readonly services?: readonly ListedService[];
}

/** How many issuers may be downloaded one above the other (leaf → intermediate → … → anchor). */
const MAX_FETCHED_LEVELS = 4;

/**
 * The path to a trust anchor; when the file's certificates do not reach one, the missing issuers are downloaded
 * (AIA caIssuers) one level at a time and the path is built again.
 */
async function pathWithFetchedIssuers(leaf: Uint8Array, pool: readonly Uint8Array[], p: ValidationPolicy, warnings: string[]): Promise<ReturnType<typeof trustPath>> {
  let path = trustPath(leaf, pool, p.anchors);
  const extra: Uint8Array[] = [];
  for (let level = 0; !path.anchored && p.fetchIssuers && level < MAX_FETCHED_LEVELS; level++) {
    const top = path.path[path.path.length - 1] ?? leaf;
    const fetched = (await p.fetchIssuers(top)).filter((c) => ![...pool, ...extra].some((x) => Buffer.compare(Buffer.from(x), Buffer.from(c)) === 0));
    if (fetched.length === 0) break;
    extra.push(...fetched);
    for (const c of fetched) warnings.push(`issuer certificate "${certificateInfo(c).displayName}" downloaded from the AIA of "${certificateInfo(top).displayName}"`);
    path = trustPath(leaf, [...pool, ...extra], p.anchors);
  }
  return path;
}

const WEAK_DIGESTS = new Set(['md5', 'sha1']);

export async function validateSignature(s: SignatureIntegrity, p: ValidationPolicy): Promise<SignatureReport> {
  const warnings: string[] = [];
  const problems = [...s.problems];
  const timestamps = s.fields.unsignedAttributes
    .filter((a) => a.type === OID.signatureTimeStampToken)
    .flatMap((a) => a.values.map((v) => validateTimestamp(raw(v), s.fields.signature, 'signature', p.anchors, p.services)));
  for (const t of timestamps) if (!t.usable) warnings.push(`signature time-stamp of ${t.time || '?'} does not verify`);
  const poe = (await proofsOfExistence(timestamps, p, warnings, problems)).sort((a, b) => a.getTime() - b.getTime())[0];
  const bestTime = poe ?? p.at ?? new Date();
  const info = s.certificate ? certificateInfo(s.certificate) : undefined;
  if (s.digestAlgorithm && WEAK_DIGESTS.has(s.digestAlgorithm)) warnings.push(`weak digest algorithm ${s.digestAlgorithm.toUpperCase()}`);
  if (s.certificate) {
    const key = parseCertificate(s.certificate).publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (key.asymmetricKeyType === 'rsa' && bits !== undefined && bits < 2048) warnings.push(`weak RSA key (${bits} bits)`);
  }
  let status: Status = 'passed';
  let sub: SubIndication | undefined;
  const set = (st: Status, si: SubIndication): void => {
    if (status === 'passed' || (status === 'indeterminate' && st === 'failed')) {
      status = st;
      sub = si;
    }
  };
  if (!s.certificate) set('indeterminate', 'NO_SIGNING_CERTIFICATE_FOUND');
  else {
    if (!s.messageDigestOk) set('failed', 'HASH_FAILURE');
    else if (!s.signatureOk) set('failed', 'SIG_CRYPTO_FAILURE');
    else if (s.signingCertificateOk === false) set('failed', 'FORMAT_FAILURE');
  }
  let issuers: readonly Uint8Array[] = [];
  if (s.certificate && status === 'passed') {
    const path = await pathWithFetchedIssuers(s.certificate, s.certificates, p, warnings);
    issuers = path.path;
    if (!path.anchored) set('indeterminate', 'NO_CERTIFICATE_CHAIN_FOUND');
    const v = validAt(s.certificate, bestTime);
    if (v === 'expired') set('indeterminate', 'OUT_OF_BOUNDS_NO_POE');
    if (v === 'notYetValid') set('indeterminate', 'NOT_YET_VALID');
    for (const ca of path.path) if (validAt(ca, bestTime) !== 'valid') problems.push('a CA certificate of the path is not valid at the validation time');
    if (info && !info.nonRepudiation && !info.digitalSignature) set('failed', 'SIG_CONSTRAINTS_FAILURE');
    const issuer = path.path[0];
    if (!p.revocation) warnings.push('revocation not checked (offline)');
    else if (status === 'passed' && issuer) {
      try {
        const r = await p.revocation(s.certificate, issuer);
        if (!r) warnings.push('the certificate names no OCSP responder or CRL: revocation not checked');
        else if (r.status === 'unknown') set('indeterminate', 'TRY_LATER');
        else if (r.status === 'revoked') {
          // Revoked: still valid only if a time-stamp proves the signature existed before the revocation.
          if (!(poe && r.revokedAt && poe.getTime() < r.revokedAt.getTime())) set('indeterminate', 'REVOKED_NO_POE');
          problems.push(`certificate revoked${r.revokedAt ? ` on ${r.revokedAt.toISOString()}` : ''} (${r.source})`);
        } else warnings.push(`not revoked (${r.source})`);
      } catch (e) {
        set('indeterminate', 'TRY_LATER');
        problems.push(`revocation status unavailable: ${(e as Error).message}`);
      }
      if (status === 'passed') await checkCaRevocation(path.path, poe, p.revocation, set, warnings, problems);
    }
  }
  const level = timestamps.some((t) => t.usable) ? 'B-T' : s.signingCertificateOk !== undefined ? 'B-B' : 'BES-legacy';
  // The time that matters for the list's service status (issue 12 item 2): proven by a usable time-stamp, else the
  // claimed signing time, else --at, else now.
  const qualificationTime = poe ?? s.signingTime ?? p.at ?? new Date();
  const q = p.services && s.certificate ? qualify({ certificate: s.certificate, path: issuers.length > 0 ? issuers : s.certificates, services: p.services, signingTime: qualificationTime, signatureStatus: status }) : undefined;
  return {
    signer: info?.displayName ?? '?',
    integrity: s.valid ? 'valid' : 'invalid',
    status,
    ...(sub ? { subIndication: sub } : {}),
    signingTime: s.signingTime?.toISOString() ?? null,
    timestamps: timestamps.map(timestampReport),
    level,
    ...(q ? { qualification: q.qualification, ...(q.trustedList ? { trustedList: q.trustedList } : {}), ...(q.reasons.length > 0 ? { qualificationReasons: q.reasons } : {}) } : {}),
    depth: s.depth,
    kind: s.kind,
    ...(info
      ? {
          certificate: {
            subject: info.subject,
            issuer: info.issuer,
            serial: info.serial,
            notBefore: info.notBefore.toISOString(),
            notAfter: info.notAfter.toISOString(),
            qualified: info.qcCompliance,
            qcSSCD: info.qcSSCD,
            nonRepudiation: info.nonRepudiation,
          },
        }
      : {}),
    warnings,
    problems,
  };
}

/**
 * Revocation of the CA certificates of the path (EN 319 102-1 §5.2.6 X.509 certificate validation: every
 * certificate of the chain, not only the signer's): each intermediate is checked with its own issuer, up to the
 * trust anchor, which is trusted as configured and not checked. A revoked CA is REVOKED_CA_NO_POE unless a
 * time-stamp proves the signature existed before the revocation.
 */
async function checkCaRevocation(
  path: readonly Uint8Array[],
  poe: Date | undefined,
  revocation: NonNullable<ValidationPolicy['revocation']>,
  set: (st: Status, si: SubIndication) => void,
  warnings: string[],
  problems: string[],
): Promise<void> {
  for (let i = 0; i + 1 < path.length; i++) {
    const ca = path[i];
    const issuer = path[i + 1];
    if (!ca || !issuer) break;
    const name = certificateInfo(ca).displayName;
    try {
      const r = await revocation(ca, issuer);
      if (!r) warnings.push(`CA certificate "${name}" names no OCSP responder or CRL: its revocation not checked`);
      else if (r.status === 'unknown') set('indeterminate', 'TRY_LATER');
      else if (r.status === 'revoked') {
        if (!(poe && r.revokedAt && poe.getTime() < r.revokedAt.getTime())) set('indeterminate', 'REVOKED_CA_NO_POE');
        problems.push(`CA certificate "${name}" revoked${r.revokedAt ? ` on ${r.revokedAt.toISOString()}` : ''} (${r.source})`);
      } else warnings.push(`CA certificate "${name}" not revoked (${r.source})`);
    } catch (e) {
      set('indeterminate', 'TRY_LATER');
      problems.push(`revocation status of CA certificate "${name}" unavailable: ${(e as Error).message}`);
    }
  }
}

/**
 * The times the signature time-stamps prove (EN 319 102-1 §5.6.2.3 "time-stamp validation"): only tokens that
 * verify, stamp this signature, and come from a TSA with a path to a trust anchor; with revocation on, a TSA
 * certificate revoked at or before the token's time disqualifies it. Anything else is only reported.
 */
async function proofsOfExistence(timestamps: readonly CheckedToken[], p: ValidationPolicy, warnings: string[], problems: string[]): Promise<Date[]> {
  const out: Date[] = [];
  for (const t of timestamps) {
    if (!t.usable) continue;
    if (!t.trusted) {
      warnings.push(`signature time-stamp of ${t.time} is from a TSA with no path to a trust anchor ("${t.tsa}"): not used as proof of time`);
      continue;
    }
    if (p.revocation && t.tsaCertificate && t.tsaIssuer) {
      try {
        const r = await p.revocation(t.tsaCertificate, t.tsaIssuer);
        if (!r) warnings.push(`TSA certificate "${t.tsa}" names no OCSP responder or CRL: its revocation not checked`);
        else if (r.status === 'revoked' && (!r.revokedAt || r.revokedAt.getTime() <= t.genTime.getTime())) {
          problems.push(`TSA certificate "${t.tsa}" revoked${r.revokedAt ? ` on ${r.revokedAt.toISOString()}` : ''} (${r.source}): the time-stamp of ${t.time} proves nothing`);
          continue;
        } else if (r.status === 'revoked') warnings.push(`TSA certificate "${t.tsa}" revoked after the time-stamp (${r.source})`);
        else if (r.status === 'unknown') warnings.push(`TSA certificate "${t.tsa}": revocation status unknown (${r.source})`);
        else warnings.push(`TSA certificate "${t.tsa}" not revoked (${r.source})`);
      } catch (e) {
        warnings.push(`TSA certificate "${t.tsa}": revocation status unavailable: ${(e as Error).message}`);
      }
    }
    out.push(t.genTime);
  }
  return out;
}
