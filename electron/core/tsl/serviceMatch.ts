/**
 * Which listed services a certificate belongs to (ETSI TS 119 615 §4.2/§4.3: a certificate is "issued by" a trust
 * service when the service's digital identity (TS 119 612 §5.5.3) is the issuer's: same subject name and public key,
 * or the same subject key identifier). For CA services that is the certificate's issuer (or any CA of its path); for
 * TSA and OCSP services, the certificate itself or its issuer.
 */
import { children, content, readTlv } from '../asn1/Ber.js';
import { certificateFields, sameBytes } from '../cert/CertificateFields.js';
import { certificateExtensions } from '../cert/CertificateInfo.js';
import { keyIdentifierOf } from '../cert/subjectKeyIdentifier.js';
import type { ListedService, TrustService } from './TrustedList.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The SubjectKeyIdentifier extension's value (hex), else the RFC 5280 §4.2.1.2 (1) key identifier. */
function skiOf(cert: Uint8Array): string | undefined {
  const ext = certificateExtensions(cert).get('2.5.29.14');
  if (ext !== undefined) return hex(content(readTlv(ext)));
  const k = keyIdentifierOf(cert);
  return k === undefined ? undefined : hex(k);
}

/** The AuthorityKeyIdentifier keyIdentifier [0] (RFC 5280 §4.2.1.1), hex. */
function akiOf(cert: Uint8Array): string | undefined {
  const ext = certificateExtensions(cert).get('2.5.29.35');
  if (ext === undefined) return undefined;
  const id = children(readTlv(ext)).find((n) => n.tag === 0x80);
  return id === undefined ? undefined : hex(content(id));
}

/** Whether `cert` is the service's digital identity: same subject and key as a service certificate, or its SKI. */
export function isServiceIdentity(service: TrustService, cert: Uint8Array): boolean {
  const f = certificateFields(cert);
  for (const sc of service.certificates) {
    try {
      const g = certificateFields(sc);
      if (sameBytes(f.subject, g.subject) && sameBytes(f.subjectPublicKeyInfo, g.subjectPublicKeyInfo)) return true;
    } catch {
      // an unreadable service certificate identifies nothing
    }
  }
  const ski = skiOf(cert);
  // An SKI alone (a digital identity without certificate) must come with a matching key: SKIs are the key's hash.
  return ski !== undefined && service.certificates.length === 0 && service.skis.includes(ski);
}

const CA_TYPES = /\/Svctype\/(CA\/QC|CA\/PKC|NationalRootCA-QC)$/;
const TSA_TYPES = /\/Svctype\/TSA(\/|$)/;

export function isCaService(s: TrustService): boolean {
  return CA_TYPES.test(s.type);
}

export function isTsaService(s: TrustService): boolean {
  return TSA_TYPES.test(s.type);
}

/**
 * CA services that issued `cert`: the identity of a CA service is the issuer (path[0]) or another CA of the path
 * (path: the issuer first, up to the root, `cert` excluded). With an empty path the certificate's AKI is compared
 * with the services' SKIs (and their certificates' SKIs).
 */
export function caServicesFor(cert: Uint8Array, path: readonly Uint8Array[], services: readonly ListedService[]): ListedService[] {
  const cas = services.filter((l) => isCaService(l.service));
  for (const ca of path) {
    const hit = cas.filter((l) => isServiceIdentity(l.service, ca));
    if (hit.length > 0) return hit;
  }
  const aki = akiOf(cert);
  if (aki === undefined) return [];
  const issuerName = certificateFields(cert).issuer;
  return cas.filter((l) =>
    l.service.certificates.some((sc) => {
      try {
        return skiOf(sc) === aki && sameBytes(certificateFields(sc).subject, issuerName);
      } catch {
        return false;
      }
    }));
}

/** TSA services of a time-stamping certificate: the TSA certificate itself, else its issuer. */
export function tsaServicesFor(tsaCert: Uint8Array, path: readonly Uint8Array[], services: readonly ListedService[]): ListedService[] {
  const tsas = services.filter((l) => isTsaService(l.service));
  const own = tsas.filter((l) => isServiceIdentity(l.service, tsaCert));
  if (own.length > 0) return own;
  const issuer = path[0];
  return issuer === undefined ? [] : tsas.filter((l) => isServiceIdentity(l.service, issuer));
}
