/**
 * Where a certificate says its revocation status can be asked (RFC 5280 §4.2.2.1 authorityInfoAccess id-ad-ocsp,
 * §4.2.1.13 cRLDistributionPoints): the URLs, read from the extensions.
 */
import { children, oidString, readTlv, type Tlv } from '../asn1/Ber.js';
import { certificateExtensions } from '../cert/CertificateInfo.js';

const AIA = '1.3.6.1.5.5.7.1.1';
const CDP = '2.5.29.31';
const OCSP = '1.3.6.1.5.5.7.48.1';

function uris(node: Tlv, out: string[]): void {
  // GeneralName uniformResourceIdentifier [6] IA5String, wherever it sits in the structure.
  if (node.tagClass === 2 && node.tagNumber === 6 && !node.constructed) {
    out.push(new TextDecoder('latin1').decode(node.bytes.subarray(node.contentStart, node.contentEnd)));
    return;
  }
  if (node.constructed) for (const c of children(node)) uris(c, out);
}

export function revocationSources(der: Uint8Array): { ocsp: string[]; crl: string[] } {
  const ext = certificateExtensions(der);
  const ocsp: string[] = [];
  const crl: string[] = [];
  const aia = ext.get(AIA);
  if (aia) {
    for (const ad of children(readTlv(aia))) {
      const [method, location] = children(ad);
      if (method && location && oidString(method) === OCSP) uris(location, ocsp);
    }
  }
  const cdp = ext.get(CDP);
  if (cdp) uris(readTlv(cdp), crl);
  return { ocsp: ocsp.filter((u) => /^https?:/i.test(u)), crl: crl.filter((u) => /^https?:/i.test(u)) };
}
