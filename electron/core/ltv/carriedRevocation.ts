/**
 * The revocation status of one certificate from the validation data carried in the file (ETSI EN 319 102-1
 * §5.2.5 "revocation freshness checker" and §5.6.2 "validation process for signatures with time and signatures with
 * long-term validation material"), before anything is asked on the network.
 *
 * An item counts only when it verifies: an OCSP response signed by the certificate's issuer or by a responder the
 * issuer delegated (id-kp-OCSPSigning, issued and signed by the issuer) or by a responder with id-kp-OCSPSigning
 * `trustedResponder` vouches for (RFC 6960 §4.2.2.2 trusted responder), with a SingleResponse for this certificate's
 * CertID (RFC 6960 §3.2); a CRL whose issuer is the certificate's issuer and whose signature verifies with the
 * issuer's key (RFC 5280 §6.3.3). Items about this certificate that do not verify are counted as `invalid`; items
 * about other certificates are ignored.
 *
 * Which answer is used:
 * - a verified "revoked" answer, whenever issued (a revocation is never undone; RFC 5280 §5.3.1 certificateHold
 *   aside): the earliest revocation date;
 * - else a fresh verified "good" answer, the newest. `freshAfter` is the proof of existence the signature is
 *   validated at (or the validation time when there is none); an answer is fresh for it (EN 319 102-1 §5.2.5.4
 *   revocation freshness, with the issuer's own period as the maximum age when the policy sets none, as EU DSS does)
 *   when it was issued at or after that time less {@link CLOCK_TOLERANCE_MS} (OCSP times are whole seconds, and the
 *   responder's and the TSA's clocks differ), or when that time lies inside its validity period
 *   (thisUpdate ≤ POE < nextUpdate: the status the issuer stands for until its next update);
 * - else none; verified "good" answers that are not fresh are counted as `stale`.
 */
import { checkCrl, crlHeader } from '../revocation/Crl.js';
import { checkOcspResponse, ocspNames, type RevocationStatus } from '../revocation/Ocsp.js';
import { certificateFields, sameBytes } from '../cert/CertificateFields.js';
import type { ValidationData } from './ValidationData.js';

export interface CarriedRevocation {
  /** The answer taken from the file (source `OCSP` or `CRL`), when one verifies and is fresh enough. */
  readonly answer?: RevocationStatus;
  /** Items about this certificate that do not verify (signature, signer, structure). */
  readonly invalid: number;
  /** Verified "good" answers issued before `freshAfter`. */
  readonly stale: number;
}

/** Clock differences tolerated between a revocation answer's issue time and the proof of existence. */
export const CLOCK_TOLERANCE_MS = 60_000;

/** Whether a "good" answer speaks for the status at `at` (see the module comment). */
function freshFor(a: RevocationStatus, at: Date): boolean {
  if (a.thisUpdate === undefined) return false;
  const t = at.getTime();
  if (a.thisUpdate.getTime() >= t - CLOCK_TOLERANCE_MS) return true;
  return a.nextUpdate !== undefined && a.thisUpdate.getTime() <= t && t < a.nextUpdate.getTime();
}

/** How many carried items are tried for one certificate: real files carry a handful; a hostile one thousands. */
export const MAX_CARRIED_TRIED = 64;

export function carriedRevocation(data: ValidationData, cert: Uint8Array, issuer: Uint8Array, freshAfter: Date, trustedResponder?: (responder: Uint8Array) => boolean): CarriedRevocation {
  const answers: RevocationStatus[] = [];
  let invalid = 0;
  let tried = 0;
  for (const r of data.ocspResponses) {
    if (tried >= MAX_CARRIED_TRIED) break;
    if (!ocspNames(r, cert, issuer)) continue;
    tried++;
    try {
      answers.push(checkOcspResponse(r, cert, issuer, 'OCSP', trustedResponder));
    } catch {
      invalid++;
    }
  }
  let certIssuer: Uint8Array | undefined;
  try {
    certIssuer = certificateFields(cert).issuer;
  } catch {
    certIssuer = undefined;
  }
  for (const c of data.crls) {
    if (tried >= MAX_CARRIED_TRIED || !certIssuer) break;
    const h = crlHeader(c);
    if (!h || !sameBytes(h.issuer, certIssuer)) continue;
    tried++;
    try {
      answers.push(checkCrl(c, cert, issuer, 'CRL'));
    } catch {
      invalid++;
    }
  }
  const revoked = answers.filter((a) => a.status === 'revoked').sort((a, b) => (a.revokedAt?.getTime() ?? -Infinity) - (b.revokedAt?.getTime() ?? -Infinity))[0];
  if (revoked) return { answer: revoked, invalid, stale: 0 };
  const good = answers.filter((a) => a.status === 'good');
  const fresh = good.filter((a) => freshFor(a, freshAfter));
  const newest = fresh.sort((a, b) => (b.thisUpdate?.getTime() ?? 0) - (a.thisUpdate?.getTime() ?? 0))[0];
  return { ...(newest ? { answer: newest } : {}), invalid, stale: good.length - fresh.length };
}
