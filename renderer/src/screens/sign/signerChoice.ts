/**
 * Who signs, decided on Firma before anything is signed: the device and, on it, the signature certificate — the one
 * with keyUsage nonRepudiation (RFC 5280 §4.2.1.3) that is not a CA, as the engine's selectSigningCertificate picks
 * it. The choice shown is the choice sent (`sign:run` gets the token label and the certificate id), so what the user
 * saw is what signs.
 */
import type { Certificate, Token } from '../../api';

/** A PIN that can still be typed: a locked or never-set PIN cannot sign. */
export const pinUsable = (t: Token): boolean => t.userPin !== 'locked' && t.userPin !== 'notInitialized';

/** The signature certificates of a device, the most useful first: in force, qualified, the longest-lived. */
export function signatureCertificates(certs: readonly Certificate[], token: Token): Certificate[] {
  return certs
    .filter((c) => c.token === token.label && !c.isCA && c.nonRepudiation)
    .sort((a, b) => Number(b.daysLeft >= 0) - Number(a.daysLeft >= 0) || Number(b.qualified) - Number(a.qualified) || b.daysLeft - a.daysLeft);
}

export interface SignerChoice {
  token?: Token;
  certificate?: Certificate;
  /** The device's signature certificates (more than one: the user picks). */
  candidates: Certificate[];
}

/**
 * The device and certificate that will sign: the ones the user picked when still present, else the first device
 * whose PIN works and that has a signature certificate, and its best certificate.
 */
export function chooseSigner(tokens: readonly Token[], certs: readonly Certificate[], wanted: { token: string; certificate: string }): SignerChoice {
  const token =
    tokens.find((t) => t.label === wanted.token) ??
    tokens.find((t) => pinUsable(t) && signatureCertificates(certs, t).length > 0) ??
    tokens.find(pinUsable) ??
    tokens[0];
  if (!token) return { candidates: [] };
  const candidates = signatureCertificates(certs, token);
  const certificate = candidates.find((c) => c.id === wanted.certificate) ?? candidates[0];
  return { token, candidates, ...(certificate ? { certificate } : {}) };
}
