/**
 * The validation data a CMS signature carries (what `ValidationData` names), read from every place producers put it:
 * - `SignedData.certificates` (RFC 5652 §5.1; only X.509 `Certificate`s, not attribute certificates) and
 *   `SignedData.crls`: `CertificateList`s and `RevocationInfoChoice` other with id-ri-ocsp-response (RFC 5940 §3,
 *   an `OCSPResponse`) — the CAdES B-LT places (ETSI EN 319 122-1 §5.5.1/§5.5.2). A BasicOCSPResponse given as
 *   other with id-pkix-ocsp-basic (some producers) is wrapped into an `OCSPResponse`;
 * - the legacy CAdES-X-L unsigned attributes certificate-values (RFC 5126 §6.3.3, `SEQUENCE OF Certificate`) and
 *   revocation-values (§6.3.4: `[0] SEQUENCE OF CertificateList`, `[1] SEQUENCE OF BasicOCSPResponse`);
 * - the adbe-revocationInfoArchival signed attribute of PDF signatures (ISO 32000-1 §12.8.3.3.2:
 *   `[0] EXPLICIT SEQUENCE OF CRL`, `[1] EXPLICIT SEQUENCE OF OCSPResponse`).
 * Unreadable parts are skipped (the signature's own checks report its structure); counts are bounded.
 */
import { children, oidString, raw, type Tlv } from '../asn1/Ber.js';
import { explicit, octetString, oid, sequence, tlv, TAG } from '../asn1/Der.js';
import { mergeValidationData, type ValidationData } from './ValidationData.js';

const ENUMERATED = 0x0a;

export const LTV_OID = {
  idRiOcspResponse: '1.3.6.1.5.5.7.16.2',
  idPkixOcspBasic: '1.3.6.1.5.5.7.48.1.1',
  certificateValues: '1.2.840.113549.1.9.16.2.23',
  revocationValues: '1.2.840.113549.1.9.16.2.24',
  adbeRevocationInfoArchival: '1.2.840.113583.1.1.8',
} as const;

/** Items of each kind read from one signature's CMS: beyond this the rest is ignored. */
export const MAX_CARRIED_ITEMS = 1000;

interface Attribute {
  readonly type: string;
  readonly values: readonly Tlv[];
}

/** An OCSPResponse (RFC 6960 §4.2.1) of status successful around a BasicOCSPResponse. */
export function ocspResponseOfBasic(basic: Uint8Array): Uint8Array {
  return sequence(tlv(ENUMERATED, new Uint8Array([0])), explicit(0, sequence(oid(LTV_OID.idPkixOcspBasic), octetString(basic))));
}

function kids(n: Tlv | undefined): Tlv[] {
  if (!n) return [];
  try {
    return children(n).slice(0, MAX_CARRIED_ITEMS);
  } catch {
    return [];
  }
}

/** `SignedData.crls`: CertificateLists and RFC 5940 OCSP responses. */
function revocationChoices(crls: readonly Tlv[]): ValidationData {
  const out = { certificates: [] as Uint8Array[], ocspResponses: [] as Uint8Array[], crls: [] as Uint8Array[] };
  for (const c of crls.slice(0, MAX_CARRIED_ITEMS)) {
    if (c.tag === TAG.SEQUENCE) out.crls.push(raw(c));
    else if (c.tag === 0xa1) {
      // [1] IMPLICIT OtherRevocationInfoFormat ::= SEQUENCE { otherRevInfoFormat OID, otherRevInfo ANY }
      const [format, info] = kids(c);
      if (!format || !info || format.tag !== TAG.OID) continue;
      const f = oidString(format);
      if (f === LTV_OID.idRiOcspResponse && info.tag === TAG.SEQUENCE) out.ocspResponses.push(raw(info));
      else if (f === LTV_OID.idPkixOcspBasic && info.tag === TAG.SEQUENCE) out.ocspResponses.push(ocspResponseOfBasic(raw(info)));
    }
  }
  return out;
}

/** revocation-values (RFC 5126 §6.3.4) or adbe-revocationInfoArchival: `[0]` CRLs, `[1]` OCSP (basic or full). */
function revocationValues(value: Tlv, ocspIsBasic: boolean): ValidationData {
  const out = { certificates: [] as Uint8Array[], ocspResponses: [] as Uint8Array[], crls: [] as Uint8Array[] };
  for (const part of kids(value)) {
    const [list] = kids(part);
    if (part.tag === 0xa0) for (const crl of kids(list)) out.crls.push(raw(crl));
    if (part.tag === 0xa1) for (const r of kids(list)) out.ocspResponses.push(ocspIsBasic ? ocspResponseOfBasic(raw(r)) : raw(r));
  }
  return out;
}

/**
 * The validation data of one signer: its envelope's certificates and crls, its unsigned certificate-values and
 * revocation-values, its signed adbe-revocationInfoArchival.
 */
export function cmsValidationData(certificates: readonly Tlv[], crls: readonly Tlv[], signedAttributes: readonly Attribute[], unsignedAttributes: readonly Attribute[]): ValidationData {
  const parts: ValidationData[] = [{ certificates: certificates.filter((c) => c.tag === TAG.SEQUENCE).slice(0, MAX_CARRIED_ITEMS).map(raw), ocspResponses: [], crls: [] }, revocationChoices(crls)];
  for (const a of unsignedAttributes) {
    if (a.type === LTV_OID.certificateValues) for (const v of a.values) parts.push({ certificates: kids(v).filter((c) => c.tag === TAG.SEQUENCE).map(raw), ocspResponses: [], crls: [] });
    if (a.type === LTV_OID.revocationValues) for (const v of a.values) parts.push(revocationValues(v, true));
  }
  for (const a of signedAttributes) if (a.type === LTV_OID.adbeRevocationInfoArchival) for (const v of a.values) parts.push(revocationValues(v, false));
  return mergeValidationData(...parts);
}
