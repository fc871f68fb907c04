/**
 * The certificate to sign with: the one with keyUsage nonRepudiation (RFC 5280 §4.2.1.3) that has its private key
 * on the token — on a CNS or BusinessKey that is the signature certificate, not the CNS authentication one —
 * unless `--cert-id` names another. None or several: a CERT_* error that lists the candidates.
 */
import { SiglaError } from '../shared/errors.js';
import type { TokenCertificate } from './pkcs11/TokenCertificates.js';

export function describeCandidates(certs: readonly TokenCertificate[]): string {
  return certs
    .map((c) => `id=${c.id || '-'} "${c.info.displayName}"${c.info.nonRepudiation ? ' [firma/nonRepudiation]' : ''}`)
    .join('; ');
}

export function selectSigningCertificate(certs: readonly TokenCertificate[], certId?: string): TokenCertificate {
  const withKey = certs.filter((c) => c.hasKeyPair || c.privateKey !== undefined);
  let matching: TokenCertificate[];
  if (certId !== undefined) {
    const want = certId.toLowerCase().replace(/[^0-9a-f]/g, '');
    matching = withKey.filter((c) => c.id === want);
  } else {
    matching = withKey.filter((c) => c.info.nonRepudiation && !c.info.isCA);
  }
  const params = { candidates: describeCandidates(withKey) };
  if (matching.length === 0) {
    throw new SiglaError('CERT_NOT_FOUND', certId ? `no certificate with id ${certId} and a private key` : 'no signature (nonRepudiation) certificate with a private key', { params });
  }
  const [only, ...others] = matching;
  if (!only || others.length > 0) {
    throw new SiglaError('CERT_AMBIGUOUS', 'several signature certificates: choose one with --cert-id', { params });
  }
  return only;
}
