/**
 * CAdES-B-LT validation values (ETSI EN 319 122-1 §5.5.1): the certificates of the signers' and time-stamping
 * units' paths go into `SignedData.certificates`, their CRLs into `SignedData.crls`, and their OCSP responses into
 * `SignedData.crls` as `RevocationInfoChoice` other [1] `OtherRevocationInfoFormat { id-ri-ocsp-response,
 * OCSPResponse }` (RFC 5940 §3: the complete OCSPResponse). Every SignerInfo and the encapsulated content stay byte
 * for byte as they were; items already present are not added twice; the version becomes 5 when an `other` entry is
 * present (RFC 5652 §5.1).
 */
import { children, oidString, raw, readTlv } from '../asn1/Ber.js';
import { oid, sequence, TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import type { ValidationData } from '../ltv/ValidationData.js';
import { appendMissing, envelopeBytes, openCmsEnvelope, type CmsEnvelope } from './cmsEnvelope.js';

/** RFC 5940 §3: an OCSPResponse as a RevocationInfoChoice (`other` [1] IMPLICIT OtherRevocationInfoFormat). */
export function ocspRevocationInfoChoice(ocspResponse: Uint8Array): Uint8Array {
  const der = sequence(oid(OID.riOcspResponse), ocspResponse);
  der[0] = 0xa1;
  return der;
}

/** The envelope with `data` added to its certificates and crls (what is already there is kept and not repeated). */
export function withValidationValues(e: CmsEnvelope, data: ValidationData): CmsEnvelope {
  return {
    ...e,
    certificates: appendMissing(e.certificates, data.certificates),
    crls: appendMissing(e.crls, [...data.crls, ...data.ocspResponses.map(ocspRevocationInfoChoice)]),
  };
}

/**
 * A new SignedData DER (a ContentInfo) carrying `data` as validation values. The encapsulated content is copied
 * once, into the result, as it was encoded; for large files use {@link withValidationValues} with the envelope's
 * chunks written to a sink (io/ltv/extendCadesFile does).
 */
export function addValidationValues(signedDataDer: Uint8Array, data: ValidationData): Uint8Array {
  return envelopeBytes(withValidationValues(openCmsEnvelope(signedDataDer), data));
}

/** The validation values a SignedData already carries (certificates, CRLs, RFC 5940 OCSP responses). */
export function carriedValidationValues(e: CmsEnvelope): ValidationData {
  const ocspResponses: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const c of e.crls) {
    if (c[0] === TAG.SEQUENCE) crls.push(c);
    else if (c[0] === 0xa1) {
      const [format, value] = children(readTlv(c));
      if (format?.tag === TAG.OID && value !== undefined && oidString(format) === OID.riOcspResponse) ocspResponses.push(raw(value));
    }
  }
  return { certificates: e.certificates.filter((c) => c[0] === TAG.SEQUENCE), crls, ocspResponses };
}
