/**
 * A small X.509 v3 certificate builder (RFC 5280 §4.1) on top of Sigla's DER encoder, signing with
 * sha256WithRSAEncryption via node:crypto. It only knows the handful of names and extensions the demo PKI needs;
 * it is not a general-purpose CA. Used by the demo PKI (cli/demo) and by the loopback server of the browsers' TLS check
 * (io/browsers/tlsClientCheck.ts).
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { children, content, readTlv } from '../core/asn1/Ber.js';
import {
  concat,
  explicit,
  integer,
  integerFromBytes,
  nullValue,
  oid,
  sequence,
  setOf,
  time,
  tlv,
  TAG,
} from '../core/asn1/Der.js';
import { OID } from '../core/asn1/oids.js';

/** Attribute types of X.520 used in names (RFC 5280 §4.1.2.4, Appendix A.1). */
export const NAME_ATTR = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  GN: '2.5.4.42',
  serialNumber: '2.5.4.5',
} as const;

export type NameAttr = keyof typeof NAME_ATTR;

/** Certificate extension OIDs (RFC 5280 §4.2.1). */
const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: OID.keyUsage,
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/**
 * X.520 declares countryName and serialNumber as PrintableString; everything else is written as UTF8String, the
 * encoding RFC 5280 §4.1.2.4 requires for DirectoryString attributes in new certificates.
 */
const PRINTABLE_ONLY: ReadonlySet<string> = new Set([NAME_ATTR.C, NAME_ATTR.serialNumber]);

/**
 * A Name as an RDNSequence (RFC 5280 §4.1.2.4): one single-valued RelativeDistinguishedName per attribute, in the
 * order given.
 */
export function buildName(attrs: ReadonlyArray<readonly [NameAttr, string]>): Uint8Array {
  return sequence(
    ...attrs.map(([type, value]) => {
      const typeOid = NAME_ATTR[type];
      const encoded = PRINTABLE_ONLY.has(typeOid)
        ? tlv(TAG.PRINTABLE_STRING, printable(value))
        : tlv(TAG.UTF8_STRING, new TextEncoder().encode(value));
      return setOf([sequence(oid(typeOid), encoded)]);
    }),
  );
}

/** PrintableString character set (X.680 §41.4). */
function printable(s: string): Uint8Array {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s)) throw new RangeError(`not a PrintableString: ${s}`);
  return new TextEncoder().encode(s);
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } (RFC 5280 §4.1). */
export function extension(extnId: string, critical: boolean, value: Uint8Array): Uint8Array {
  // DER omits a BOOLEAN equal to its DEFAULT (X.690 §11.5).
  return sequence(oid(extnId), ...(critical ? [Uint8Array.of(TAG.BOOLEAN, 1, 0xff)] : []), tlv(TAG.OCTET_STRING, value));
}

/** basicConstraints (RFC 5280 §4.2.1.9), always critical here. `cA FALSE` is the DEFAULT and so omitted. */
export function basicConstraintsExt(ca: boolean): Uint8Array {
  return extension(EXT.basicConstraints, true, sequence(...(ca ? [Uint8Array.of(TAG.BOOLEAN, 1, 0xff)] : [])));
}

/** KeyUsage bit positions (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

export type KeyUsageName = keyof typeof KEY_USAGE;

/**
 * keyUsage (RFC 5280 §4.2.1.3), critical. A DER named-bit BIT STRING drops trailing zero bits (X.690 §11.2.2), so the
 * unused-bits count is set from the highest bit asserted.
 */
export function keyUsageExt(usages: readonly KeyUsageName[]): Uint8Array {
  if (usages.length === 0) throw new RangeError('keyUsage needs at least one bit');
  const bits = usages.map((u) => KEY_USAGE[u]);
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  const unused = 7 - (highest & 7);
  return extension(EXT.keyUsage, true, tlv(TAG.BIT_STRING, Uint8Array.of(unused), bytes));
}

/** subjectKeyIdentifier (RFC 5280 §4.2.1.2), non-critical. */
export function subjectKeyIdentifierExt(keyId: Uint8Array): Uint8Array {
  return extension(EXT.subjectKeyIdentifier, false, tlv(TAG.OCTET_STRING, keyId));
}

/** authorityKeyIdentifier (RFC 5280 §4.2.1.1) with only `keyIdentifier [0] IMPLICIT`, non-critical. */
export function authorityKeyIdentifierExt(keyId: Uint8Array): Uint8Array {
  return extension(EXT.authorityKeyIdentifier, false, sequence(tlv(0x80, keyId)));
}

/**
 * qcStatements (RFC 3739 §3.2.6, ETSI EN 319 412-5 §4): a SEQUENCE OF QCStatement, each here a bare statementId
 * (e.g. QcCompliance, which has no statementInfo). Non-critical.
 */
export function qcStatementsExt(statementIds: readonly string[]): Uint8Array {
  return extension(OID.qcStatements, false, sequence(...statementIds.map((id) => sequence(oid(id)))));
}

/**
 * Key identifier by RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value, excluding tag,
 * length and the unused-bits octet.
 */
export function keyIdentifier(spkiDer: Uint8Array): Uint8Array {
  const [, bitString] = children(readTlv(spkiDer));
  if (bitString?.tag !== TAG.BIT_STRING) throw new Error('SubjectPublicKeyInfo without a BIT STRING');
  return new Uint8Array(createHash('sha1').update(content(bitString).subarray(1)).digest());
}

/** A positive 16-byte serial number (RFC 5280 §4.1.2.2: positive, at most 20 octets, unpredictable). */
export function randomSerial(): Uint8Array {
  const b = new Uint8Array(randomBytes(16));
  // Clear the sign bit and set the next one so the INTEGER stays positive and exactly 16 octets long.
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x40;
  return b;
}

export interface CertificateTemplate {
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
  readonly spki: Uint8Array;
  /** Encoded Extension SEQUENCEs. */
  readonly extensions: readonly Uint8Array[];
}

/** AlgorithmIdentifier sha256WithRSAEncryption with NULL parameters (RFC 4055 §5, RFC 5754 §3.2). */
const SHA256_WITH_RSA = sequence(oid(OID.sha256WithRSAEncryption), nullValue());

/**
 * Encodes a v3 TBSCertificate (RFC 5280 §4.1, §4.1.2) and signs it with the issuer's RSA key, returning the DER
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
 */
export function buildCertificate(t: CertificateTemplate, issuerKey: KeyObject): Uint8Array {
  const tbs = sequence(
    explicit(0, integer(2)), // version v3 (§4.1.2.1)
    integerFromBytes(t.serial),
    SHA256_WITH_RSA, // signature (§4.1.2.3), must match signatureAlgorithm
    t.issuer,
    sequence(time(t.notBefore), time(t.notAfter)), // validity (§4.1.2.5)
    t.subject,
    t.spki,
    ...(t.extensions.length > 0 ? [explicit(3, sequence(...t.extensions))] : []), // extensions (§4.1.2.9)
  );
  const signature = new Uint8Array(sign('sha256', tbs, issuerKey));
  return sequence(tbs, SHA256_WITH_RSA, tlv(TAG.BIT_STRING, concat([Uint8Array.of(0), signature])));
}

/** PEM armour (RFC 7468 §2) for a DER certificate. */
export function certificatePem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
