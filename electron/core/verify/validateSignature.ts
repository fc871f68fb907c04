/**
 * One signature's validation (ETSI EN 319 102-1 §5, simplified to what Sigla checks): cryptographic integrity, the
 * signing-certificate attribute, signature time-stamps as proof of existence, a path to a trust anchor, the signer
 * certificate's validity at the best time known (the earliest usable time-stamp, else `at`, else now) and its key
 * usage. Revocation (OCSP/CRL) is reported as not checked.
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { SiglaError } from '../../shared/errors.js';
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
import { finding, type Finding } from '../findings/Finding.js';
import { carriedRevocation } from '../ltv/carriedRevocation.js';
import { NO_VALIDATION_DATA, type ArchiveProof, type ValidationData } from '../ltv/ValidationData.js';

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
  /**
   * Times at which time-stamps over the whole envelope (a .m7m's or .tsd's, verified, matching and trusted) prove
   * the signature existed: proofs of existence like its own signature time-stamps (EN 319 102-1 §5.6.2.3).
   */
  readonly existedAt?: readonly Date[];
  /**
   * Archive proofs of one signature that only the format's own code can check (a CAdES archive-time-stamp-v3, EN
   * 319 122-1 §5.5.3: core/cades `archiveProofs`), added to the signature's own `archiveProofs` (a PDF's document
   * time-stamps, set by verifyPdf). Each one `usable` (verifies, imprint matches, TSA trusted by `anchors`) is a
   * proof of existence and makes the level B-LTA when the signature is B-LT.
   */
  readonly archiveProofs?: (s: SignatureIntegrity, anchors: readonly Uint8Array[]) => readonly ArchiveProof[];
  /**
   * Stricter than EN 319 102-1 §5.6.2.4: a signature whose certificate has expired at the validation time is
   * passed on a proof of existence only when revocation data issued after it (carried in the file, or asked on
   * the network) shows the certificate was not revoked then; without (offline, nothing carried) it is
   * indeterminate OUT_OF_BOUNDS_NO_POE. Default off: the corpus's ParER verdicts (an .m7m valid in 2013 on its
   * envelope time-stamp alone) follow the standard.
   */
  readonly requireRevocationAfterExpiry?: boolean;
}

/**
 * How long before its TSA certificate expires an archive/document time-stamp is to be renewed (a new one over it:
 * EN 319 142-1 §5.4.3, EN 319 122-1 §5.5.3). 90 days leave time for a renewal done by hand.
 */
export const RENEWAL_MARGIN_DAYS = 90;

/** How many issuers may be downloaded one above the other (leaf → intermediate → … → anchor). */
const MAX_FETCHED_LEVELS = 4;

/**
 * The path to a trust anchor; when the file's certificates do not reach one, the missing issuers are downloaded
 * (AIA caIssuers) one level at a time and the path is built again.
 */
async function pathWithFetchedIssuers(leaf: Uint8Array, pool: readonly Uint8Array[], p: ValidationPolicy, warnings: Finding[]): Promise<ReturnType<typeof trustPath>> {
  let path = trustPath(leaf, pool, p.anchors);
  const extra: Uint8Array[] = [];
  for (let level = 0; !path.anchored && p.fetchIssuers && level < MAX_FETCHED_LEVELS; level++) {
    const top = path.path[path.path.length - 1] ?? leaf;
    const fetched = (await p.fetchIssuers(top)).filter((c) => ![...pool, ...extra].some((x) => Buffer.compare(Buffer.from(x), Buffer.from(c)) === 0));
    if (fetched.length === 0) break;
    extra.push(...fetched);
    for (const c of fetched) warnings.push(finding('ISSUER_DOWNLOADED', { issuer: certificateInfo(c).displayName, subject: certificateInfo(top).displayName }));
    path = trustPath(leaf, [...pool, ...extra], p.anchors);
  }
  return path;
}

const WEAK_DIGESTS = new Set(['md5', 'sha1']);

/**
 * Why a revocation source gave no answer, as the revocation checker words it (sources and failure kinds, never a
 * library's text: net/RevocationClient.ts); a coded error by its code.
 */
function reasonText(e: unknown): string {
  if (e instanceof SiglaError) return e.code;
  const m = e instanceof Error ? e.message : '';
  return m.length > 0 && m.length <= 2000 ? m : 'error';
}

export async function validateSignature(s: SignatureIntegrity, p: ValidationPolicy): Promise<SignatureReport> {
  const warnings: Finding[] = s.signedOverDerReencoding ? [finding('SIGNED_ATTRIBUTES_DER_ONLY')] : [];
  const problems: Finding[] = [...s.problems];
  const carried = s.validationData ?? NO_VALIDATION_DATA;
  const timestamps = s.fields.unsignedAttributes
    .filter((a) => a.type === OID.signatureTimeStampToken)
    .flatMap((a) => a.values.map((v) => validateTimestamp(raw(v), s.fields.signature, 'signature', p.anchors, p.services)));
  for (const t of timestamps) if (!t.usable) warnings.push(t.time ? finding('TIMESTAMP_INVALID', { time: t.time }) : finding('TIMESTAMP_UNREADABLE'));
  const archive = [...(s.archiveProofs ?? []), ...(p.archiveProofs?.(s, p.anchors) ?? [])];
  for (const a of archive) if (!a.usable) warnings.push(finding('ARCHIVE_TIMESTAMP_UNUSABLE', { time: a.time.toISOString() }));
  const usableArchive = archive.filter((a) => a.usable);
  const poe = [...(await proofsOfExistence(timestamps, carried, p, warnings, problems)), ...(p.existedAt ?? []), ...usableArchive.map((a) => a.time)].sort((a, b) => a.getTime() - b.getTime())[0];
  const bestTime = poe ?? p.at ?? new Date();
  /** The time the validation is made at (EN 319 102-1 §5.6.2.1 "current time"): `--at`, else now. */
  const validationTime = p.at ?? new Date();
  const info = s.certificate ? certificateInfo(s.certificate) : undefined;
  if (s.digestAlgorithm && WEAK_DIGESTS.has(s.digestAlgorithm)) warnings.push(finding('WEAK_DIGEST', { algorithm: s.digestAlgorithm.toUpperCase() }));
  if (s.certificate) {
    const key = parseCertificate(s.certificate).publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (key.asymmetricKeyType === 'rsa' && bits !== undefined && bits < 2048) warnings.push(finding('WEAK_RSA_KEY', { bits }));
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
    // EN 319 102-1 §5.2.8 cryptographic constraints: MD5 is not a reliable digest for signatures (ETSI TS 119 312
    // lists it for no use), and no proof of existence from before it fell can be shown, so nothing it signs is proven.
    else if (s.digestAlgorithm === 'md5') set('indeterminate', 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE');
  }
  let issuers: readonly Uint8Array[] = [];
  /** Whether the file's own validation data answered for the signer and for every CA of its path (B-LT). */
  let pathFromFile = false;
  if (s.certificate && status === 'passed') {
    const pool = carried.certificates.length > 0 ? [...s.certificates, ...carried.certificates] : s.certificates;
    const path = await pathWithFetchedIssuers(s.certificate, pool, p, warnings);
    issuers = path.path;
    if (!path.anchored) set('indeterminate', 'NO_CERTIFICATE_CHAIN_FOUND');
    const v = validAt(s.certificate, bestTime);
    if (v === 'expired') set('indeterminate', 'OUT_OF_BOUNDS_NO_POE');
    if (v === 'notYetValid') set('indeterminate', 'NOT_YET_VALID');
    for (const ca of path.path) if (validAt(ca, bestTime) !== 'valid') problems.push(finding('CA_NOT_VALID_AT_TIME', { subject: certificateInfo(ca).displayName, time: bestTime.toISOString() }));
    if (info && !info.nonRepudiation && !info.digitalSignature) set('failed', 'SIG_CONSTRAINTS_FAILURE');
    const issuer = path.path[0];
    if (status === 'passed' && issuer) {
      const signer = s.certificate;
      const ask = revocationResolver(carried, { time: poe ?? validationTime, proven: poe !== undefined }, p, pool, warnings);
      try {
        const r = await ask(signer, issuer, info?.displayName ?? '?');
        pathFromFile = r.fromFile && path.anchored;
        if (!r.asked) {
          warnings.push(finding('REVOCATION_NOT_CHECKED_OFFLINE'));
          // Past signature validation (EN 319 102-1 §5.6.2.4): a certificate expired at the validation time with a
          // proof of existence inside its validity is PASSED (OUT_OF_BOUNDS_NO_POE turned by the POE), as before;
          // that no revocation data issued after the proof says it was not revoked then is said (the level stays
          // B-T). It is not passed when the file's own revocation data about the certificate do not verify
          // (changed, or not what they claim: CARRIED_REVOCATION_INVALID), or with `requireRevocationAfterExpiry`.
          if (poe && validAt(signer, validationTime) === 'expired') {
            if (p.requireRevocationAfterExpiry === true || r.invalid > 0) {
              set('indeterminate', 'OUT_OF_BOUNDS_NO_POE');
              problems.push(finding('LTV_REVOCATION_DATA_MISSING', { time: poe.toISOString() }));
            } else warnings.push(finding('LTV_REVOCATION_DATA_MISSING', { time: poe.toISOString() }));
          }
        } else if (!r.answer) warnings.push(finding('NO_REVOCATION_SOURCE'));
        else if (r.answer.status === 'unknown') set('indeterminate', 'TRY_LATER');
        else if (r.answer.status === 'revoked') {
          // Revoked: still valid only if a time-stamp proves the signature existed before the revocation.
          const revokedAt = r.answer.revokedAt;
          if (!(poe && revokedAt && poe.getTime() < revokedAt.getTime())) set('indeterminate', 'REVOKED_NO_POE');
          problems.push(revokedAt ? finding('CERT_REVOKED', { revokedAt: revokedAt.toISOString(), source: r.answer.source }) : finding('CERT_REVOKED_UNDATED', { source: r.answer.source }));
        } else if (!r.fromFile) warnings.push(finding('NOT_REVOKED', { source: r.answer.source }));
      } catch (e) {
        set('indeterminate', 'TRY_LATER');
        problems.push(finding('REVOCATION_UNAVAILABLE', { detail: reasonText(e) }));
      }
      if (status === 'passed') pathFromFile = (await checkCaRevocation(path.path, poe, ask, set, warnings, problems)) && pathFromFile;
    } else if (!p.revocation) warnings.push(finding('REVOCATION_NOT_CHECKED_OFFLINE'));
  }
  const firstStamp = timestamps.filter((t) => t.usable).map((t) => t.genTime.getTime()).sort((a, b) => a - b)[0];
  const archived = firstStamp !== undefined && usableArchive.some((a) => a.time.getTime() >= firstStamp);
  // EN 319 102-1 / EN 319 122-1 §5.5 / EN 319 142-1 §5.4 levels as reached, not as claimed: B-T with a usable
  // signature time-stamp; B-LT when the file's own validation data answered for the signer's whole path; B-LTA
  // when, moreover, a usable archive or document time-stamp came after the signature time-stamp.
  const level =
    firstStamp !== undefined ? (pathFromFile ? (archived ? 'B-LTA' : 'B-LT') : 'B-T') : s.signingCertificateOk !== undefined ? 'B-B' : 'BES-legacy';
  const renewalDue = renewalOf(usableArchive);
  if (renewalDue && validationTime.getTime() >= renewalDue.getTime()) warnings.push(finding('LTA_RENEWAL_DUE', { time: renewalDue.toISOString() }));
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
    ...(poe ? { poe: poe.toISOString() } : {}),
    ...(renewalDue ? { renewalDue: renewalDue.toISOString() } : {}),
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
    // RFC 5652 §5.4: intact, but only as re-encoded in DER (the stored signed attributes are another BER form).

  };
}

/**
 * When the newest usable archive/document time-stamp is to be renewed: its TSA certificate's expiry less
 * RENEWAL_MARGIN_DAYS (a time-stamp proves nothing once its TSA certificate has expired, unless a newer one covers
 * it). Undefined when there is none or its TSA certificate is not known.
 */
function renewalOf(proofs: readonly ArchiveProof[]): Date | undefined {
  const newest = [...proofs].sort((a, b) => b.time.getTime() - a.time.getTime())[0];
  if (!newest?.tsaCertificate) return undefined;
  try {
    return new Date(certificateInfo(newest.tsaCertificate).notAfter.getTime() - RENEWAL_MARGIN_DAYS * 86_400_000);
  } catch {
    return undefined;
  }
}

/** What a revocation question got: an answer from the file or the network; `asked` false when neither could. */
interface RevocationAnswer {
  readonly answer?: RevocationStatus | undefined;
  /** Items of the file about this certificate that do not verify. */
  readonly invalid: number;
  readonly fromFile: boolean;
  readonly asked: boolean;
}

/** `provenAt`: a proof of existence the answer must be fresh after, instead of the resolver's own. */
type AskRevocation = (cert: Uint8Array, issuer: Uint8Array, subject: string, provenAt?: Date) => Promise<RevocationAnswer>;

/**
 * Revocation status from the file's validation data first (ltv/carriedRevocation: verified, and issued at or after
 * `fresh`), else from the network source when there is one (not `--offline`). `fresh` is the proof of existence the
 * signature is validated at; without one, the validation time (a "good" answer must then be as recent as the time
 * validated at: carried data older than that are not used, and the network is asked). What the file's data gave, or
 * why it gave nothing (items that do not verify, answers issued before the proof of existence), becomes findings.
 */
function revocationResolver(data: ValidationData, fresh: { readonly time: Date; readonly proven: boolean }, p: ValidationPolicy, pool: readonly Uint8Array[], warnings: Finding[]): AskRevocation {
  const online = p.revocation;
  const anchorOf = (c: Uint8Array): Uint8Array | undefined => {
    const path = trustPath(c, pool, p.anchors);
    return path.anchored ? (path.path[path.path.length - 1] ?? c) : undefined;
  };
  return async (cert, issuer, subject, provenAt) => {
    const freshAfter = provenAt ?? fresh.time;
    // A responder the issuer did not delegate is trusted when it chains to the same trust anchor as the issuer
    // (RFC 6960 §4.2.2.2 trusted responder; common in CA hierarchies whose responder is certified by the root).
    const issuerAnchor = anchorOf(issuer);
    const trustedResponder = (r: Uint8Array): boolean => {
      const a = issuerAnchor ? anchorOf(r) : undefined;
      return a !== undefined && issuerAnchor !== undefined && Buffer.compare(Buffer.from(a), Buffer.from(issuerAnchor)) === 0;
    };
    const c = carriedRevocation(data, cert, issuer, freshAfter, trustedResponder);
    if (c.invalid > 0) warnings.push(finding('CARRIED_REVOCATION_INVALID', { subject, count: c.invalid }));
    if (c.answer) {
      warnings.push(finding('REVOCATION_FROM_FILE', { subject, source: c.answer.source, ...(c.answer.thisUpdate ? { time: c.answer.thisUpdate.toISOString() } : {}) }));
      return { answer: c.answer, fromFile: true, asked: true, invalid: c.invalid };
    }
    if (c.stale > 0 && (provenAt !== undefined || fresh.proven)) warnings.push(finding('CARRIED_REVOCATION_STALE', { subject, time: freshAfter.toISOString() }));
    if (!online) return { fromFile: false, asked: false, invalid: c.invalid };
    return { answer: await online(cert, issuer), fromFile: false, asked: true, invalid: c.invalid };
  };
}

/**
 * Revocation of the CA certificates of the path (EN 319 102-1 §5.2.6 X.509 certificate validation: every
 * certificate of the chain, not only the signer's): each intermediate is checked with its own issuer, up to the
 * trust anchor, which is trusted as configured and not checked. A revoked CA is REVOKED_CA_NO_POE unless a
 * time-stamp proves the signature existed before the revocation. Returns whether the file's own validation data
 * answered for every one of them.
 */
async function checkCaRevocation(
  path: readonly Uint8Array[],
  poe: Date | undefined,
  ask: AskRevocation,
  set: (st: Status, si: SubIndication) => void,
  warnings: Finding[],
  problems: Finding[],
): Promise<boolean> {
  let allFromFile = true;
  for (let i = 0; i + 1 < path.length; i++) {
    const ca = path[i];
    const issuer = path[i + 1];
    if (!ca || !issuer) break;
    const name = certificateInfo(ca).displayName;
    try {
      const a = await ask(ca, issuer, name);
      allFromFile &&= a.fromFile;
      // Offline with nothing in the file: CAs are not checked, as before (the signer's finding says so).
      if (!a.asked) continue;
      const r = a.answer;
      if (!r) warnings.push(finding('CA_NO_REVOCATION_SOURCE', { subject: name }));
      else if (r.status === 'unknown') set('indeterminate', 'TRY_LATER');
      else if (r.status === 'revoked') {
        if (!(poe && r.revokedAt && poe.getTime() < r.revokedAt.getTime())) set('indeterminate', 'REVOKED_CA_NO_POE');
        problems.push(r.revokedAt ? finding('CA_REVOKED', { subject: name, revokedAt: r.revokedAt.toISOString(), source: r.source }) : finding('CA_REVOKED_UNDATED', { subject: name, source: r.source }));
      } else if (!a.fromFile) warnings.push(finding('CA_NOT_REVOKED', { subject: name, source: r.source }));
    } catch (e) {
      allFromFile = false;
      set('indeterminate', 'TRY_LATER');
      problems.push(finding('CA_REVOCATION_UNAVAILABLE', { subject: name, detail: reasonText(e) }));
    }
  }
  return allFromFile;
}

/**
 * The times the signature time-stamps prove (EN 319 102-1 §5.6.2.3 "time-stamp validation"): only tokens that
 * verify, stamp this signature, and come from a TSA with a path to a trust anchor; with revocation on, a TSA
 * certificate revoked at or before the token's time disqualifies it. Anything else is only reported.
 */
async function proofsOfExistence(timestamps: readonly CheckedToken[], carried: ValidationData, p: ValidationPolicy, warnings: Finding[], problems: Finding[]): Promise<Date[]> {
  const out: Date[] = [];
  const ask = revocationResolver(carried, { time: p.at ?? new Date(), proven: false }, p, carried.certificates, warnings);
  for (const t of timestamps) {
    if (!t.usable) continue;
    if (!t.trusted) {
      warnings.push(finding('TIMESTAMP_TSA_UNTRUSTED', { time: t.time, tsa: t.tsa }));
      continue;
    }
    if (t.tsaCertificate && t.tsaIssuer) {
      try {
        const a = await ask(t.tsaCertificate, t.tsaIssuer, t.tsa, t.genTime);
        const r = a.answer;
        if (!a.asked) {
          out.push(t.genTime);
          continue;
        }
        if (!r) warnings.push(finding('TSA_NO_REVOCATION_SOURCE', { tsa: t.tsa }));
        else if (r.status === 'revoked' && (!r.revokedAt || r.revokedAt.getTime() <= t.genTime.getTime())) {
          problems.push(
            r.revokedAt
              ? finding('TSA_REVOKED_BEFORE_TIMESTAMP', { tsa: t.tsa, revokedAt: r.revokedAt.toISOString(), source: r.source, time: t.time })
              : finding('TSA_REVOKED_UNDATED', { tsa: t.tsa, source: r.source, time: t.time }),
          );
          continue;
        } else if (r.status === 'revoked') warnings.push(finding('TSA_REVOKED_AFTER_TIMESTAMP', { tsa: t.tsa, source: r.source, ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString() } : {}) }));
        else if (r.status === 'unknown') warnings.push(finding('TSA_REVOCATION_UNKNOWN', { tsa: t.tsa, source: r.source }));
        else if (!a.fromFile) warnings.push(finding('TSA_NOT_REVOKED', { tsa: t.tsa, source: r.source }));
      } catch (e) {
        warnings.push(finding('TSA_REVOCATION_UNAVAILABLE', { tsa: t.tsa, detail: reasonText(e) }));
      }
    }
    out.push(t.genTime);
  }
  return out;
}
