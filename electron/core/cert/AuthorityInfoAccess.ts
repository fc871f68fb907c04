/**
 * AuthorityInfoAccess (RFC 5280 §4.2.2.1): where to ask about a certificate's issuer. `ocsp` (id-ad-ocsp) names
 * revocation responders; `caIssuers` (id-ad-caIssuers) names where the issuer's certificate can be downloaded (a DER
 * certificate, or a certs-only CMS "p7c"). Only http(s) URIs are kept.
 */
import { children, latin1Value, oidString, readTlv, type Tlv } from '../asn1/Ber.js';
import { certificateExtensions } from './CertificateInfo.js';

const AIA = '1.3.6.1.5.5.7.1.1';
const AD_OCSP = '1.3.6.1.5.5.7.48.1';
const AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';

/** Every GeneralName uniformResourceIdentifier ([6] IA5String) inside `node`. */
export function generalNameUris(node: Tlv, out: string[] = []): string[] {
  if (node.tagClass === 2 && node.tagNumber === 6 && !node.constructed) {
    out.push(latin1Value(node));
    return out;
  }
  if (node.constructed) for (const c of children(node)) generalNameUris(c, out);
  return out;
}

export function authorityInfoAccess(der: Uint8Array): { ocsp: string[]; caIssuers: string[] } {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  const aia = certificateExtensions(der).get(AIA);
  if (aia) {
    for (const ad of children(readTlv(aia))) {
      const [method, location] = children(ad);
      if (!method || !location) continue;
      const m = oidString(method);
      if (m === AD_OCSP) generalNameUris(location, ocsp);
      if (m === AD_CA_ISSUERS) generalNameUris(location, caIssuers);
    }
  }
  const web = (u: string): boolean => /^https?:/i.test(u);
  return { ocsp: ocsp.filter(web), caIssuers: caIssuers.filter(web) };
}
