/**
 * What Sigla shows and decides on about a certificate: names, validity, key usage (RFC 5280 §4.2.1.3) and
 * qualified status (qcStatements, ETSI EN 319 412-5 §4.2.1 QcCompliance, §4.2.2 QcSSCD).
 */
import { parseCertificate } from './parseCertificate.js';
import { derKey, LruCache } from './certificateCache.js';
import { children, content, expectTag, oidString, readTlv, type Tlv } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';

export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  /** Hex serial number, upper case. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly commonName: string | undefined;
  readonly givenName: string | undefined;
  readonly surname: string | undefined;
  /** The name to show for a person: "GN SN" when both are present, else CN, else the subject. */
  readonly displayName: string;
  readonly nonRepudiation: boolean;
  readonly digitalSignature: boolean;
  readonly isCA: boolean;
  readonly qcCompliance: boolean;
  readonly qcSSCD: boolean;
  readonly fingerprintSha256: string;
  readonly publicKeyAlgorithm: string;
}

/** Extensions of a DER certificate by OID, as the extnValue content. */
export function certificateExtensions(der: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const [tbs] = children(readTlv(der));
  const extsWrapper = tbs ? children(tbs).find((n) => n.tag === 0xa3) : undefined;
  if (!extsWrapper) return out;
  const [exts] = children(extsWrapper);
  for (const ext of exts ? children(exts) : []) {
    const parts = children(ext);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id && value) out.set(oidString(id), content(value));
  }
  return out;
}

/** KeyUsage BIT STRING (RFC 5280 §4.2.1.3): bit 0 digitalSignature, bit 1 nonRepudiation (contentCommitment). */
function keyUsageBits(value: Uint8Array | undefined): { digitalSignature: boolean; nonRepudiation: boolean } {
  if (!value) return { digitalSignature: false, nonRepudiation: false };
  const bits = content(readTlv(value));
  const first = bits[1] ?? 0;
  return { digitalSignature: (first & 0x80) !== 0, nonRepudiation: (first & 0x40) !== 0 };
}

function qcStatementIds(value: Uint8Array | undefined): Set<string> {
  const ids = new Set<string>();
  if (!value) return ids;
  for (const st of children(readTlv(value))) {
    const [id] = children(st);
    if (id) ids.add(oidString(id));
  }
  return ids;
}

function isCa(value: Uint8Array | undefined): boolean {
  if (!value) return false;
  const [first] = children(readTlv(value));
  return first?.tag === 0x01 && content(first)[0] !== 0;
}

const ATTR: Readonly<Record<string, string>> = { '2.5.4.3': 'CN', '2.5.4.42': 'GN', '2.5.4.4': 'SN' };

function nameAttributes(name: Tlv): Map<string, string> {
  const out = new Map<string, string>();
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [t, v] = children(atv);
      const key = t ? ATTR[oidString(t)] : undefined;
      if (key && v && !out.has(key)) out.set(key, decodeString(v));
    }
  }
  return out;
}

function decodeString(v: Tlv): string {
  const c = Buffer.from(content(v));
  if (v.tag === 0x1e) return c.swap16().toString('utf16le'); // BMPString
  if (v.tag === 0x14) return c.toString('latin1'); // TeletexString, as most software reads it
  return c.toString('utf8');
}

/** What {@link certificateInfo} read, per certificate (certificateCache.ts): frozen, so no caller changes it. */
const infos = new LruCache<CertificateInfo>();

export function certificateInfo(der: Uint8Array): CertificateInfo {
  return infos.getOrMake(derKey(der), () => Object.freeze(readInfo(der)));
}

function readInfo(der: Uint8Array): CertificateInfo {
  const x = parseCertificate(der);
  const ext = certificateExtensions(der);
  const ku = keyUsageBits(ext.get(OID.keyUsage));
  const qcs = qcStatementIds(ext.get(OID.qcStatements));
  const [tbs] = children(expectTag(readTlv(der), 0x30, 'Certificate'));
  const tbsParts = tbs ? children(tbs) : [];
  const offset = tbsParts[0]?.tag === 0xa0 ? 1 : 0;
  const subjectNode = tbsParts[offset + 4];
  const names = subjectNode ? nameAttributes(subjectNode) : new Map<string, string>();
  const gn = names.get('GN');
  const sn = names.get('SN');
  const cn = names.get('CN');
  return {
    subject: x.subject.split('\n').join(', '),
    issuer: x.issuer.split('\n').join(', '),
    serial: x.serialNumber.toUpperCase(),
    notBefore: new Date(x.validFrom),
    notAfter: new Date(x.validTo),
    commonName: cn,
    givenName: gn,
    surname: sn,
    displayName: gn && sn ? `${gn} ${sn}` : (cn ?? x.subject.split('\n').join(', ')),
    nonRepudiation: ku.nonRepudiation,
    digitalSignature: ku.digitalSignature,
    isCA: isCa(ext.get('2.5.29.19')),
    qcCompliance: qcs.has(OID.qcCompliance),
    qcSSCD: qcs.has(OID.qcSSCD),
    fingerprintSha256: x.fingerprint256.replace(/:/g, '').toLowerCase(),
    publicKeyAlgorithm: x.publicKey.asymmetricKeyType ?? 'unknown',
  };
}
