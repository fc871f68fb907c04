/**
 * ESS signing-certificate-v2 attribute (RFC 5035 §3; required by ETSI EN 319 122-1 §5.2.2.3 for CAdES baseline).
 *
 *   SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies ... OPTIONAL }
 *   ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 *                              certHash Hash, issuerSerial IssuerSerial OPTIONAL }
 *   IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
 */
import { explicit, octetString, sequence } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import type { CertificateFields } from '../cert/CertificateFields.js';
import { digestBytes } from '../crypto/digestStream.js';
import { HASHES, type SigningHash } from '../crypto/HashAlgorithm.js';
import { digestAlgorithm } from './AlgorithmIdentifier.js';
import { attribute } from './Attribute.js';

export function essCertIdV2(cert: CertificateFields, hash: SigningHash): Uint8Array {
  const certHash = octetString(digestBytes(cert.der, HASHES[hash].nodeName));
  // GeneralName directoryName is [4] and explicit because Name is a CHOICE (X.680 §31.2.7).
  const issuerSerial = sequence(sequence(explicit(4, cert.issuer)), cert.serialNumber);
  // DER omits a component equal to its DEFAULT (X.690 §11.5): SHA-256 is the default hashAlgorithm.
  return hash === 'sha256'
    ? sequence(certHash, issuerSerial)
    : sequence(digestAlgorithm(hash), certHash, issuerSerial);
}

export function signingCertificateV2Attribute(cert: CertificateFields, hash: SigningHash): Uint8Array {
  return attribute(OID.signingCertificateV2, sequence(sequence(essCertIdV2(cert, hash))));
}
