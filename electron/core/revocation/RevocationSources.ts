/**
 * Where a certificate says its revocation status can be asked (RFC 5280 §4.2.2.1 authorityInfoAccess id-ad-ocsp,
 * §4.2.1.13 cRLDistributionPoints): the URLs, read from the extensions.
 */
import { readTlv } from '../asn1/Ber.js';
import { authorityInfoAccess, generalNameUris } from '../cert/AuthorityInfoAccess.js';
import { certificateExtensions } from '../cert/CertificateInfo.js';

const CDP = '2.5.29.31';

export function revocationSources(der: Uint8Array): { ocsp: string[]; crl: string[] } {
  const cdp = certificateExtensions(der).get(CDP);
  const crl = cdp ? generalNameUris(readTlv(cdp)) : [];
  return { ocsp: authorityInfoAccess(der).ocsp, crl: crl.filter((u) => /^https?:/i.test(u)) };
}
