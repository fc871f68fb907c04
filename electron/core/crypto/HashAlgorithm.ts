/**
 * Digest algorithms Sigla signs with. SHA-1 and MD5 are recognised for verification only; new signatures use
 * SHA-256 or stronger (AgID guidelines following EU decision 2015/1506, ETSI TS 119 312).
 */
import { OID } from '../asn1/oids.js';

export type SigningHash = 'sha256' | 'sha384' | 'sha512';

export const SIGNING_HASHES: readonly SigningHash[] = ['sha256', 'sha384', 'sha512'];

export interface HashInfo {
  /** Name for node:crypto. */
  readonly nodeName: string;
  readonly oid: string;
  readonly length: number;
  /** RSA signature OID for PKCS#1 v1.5 with this hash (RFC 8017 App. C). */
  readonly rsaOid: string;
  /** ECDSA signature OID with this hash (RFC 5758 §3.2). */
  readonly ecdsaOid: string;
  /**
   * DER prefix of DigestInfo (RFC 8017 §9.2 note 1): prepended to the digest for a raw CKM_RSA_PKCS signature.
   */
  readonly digestInfoPrefix: Uint8Array;
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

export const HASHES: Readonly<Record<SigningHash, HashInfo>> = {
  sha256: {
    nodeName: 'sha256',
    oid: OID.sha256,
    length: 32,
    rsaOid: OID.sha256WithRSAEncryption,
    ecdsaOid: OID.ecdsaWithSHA256,
    digestInfoPrefix: hex('3031300d060960864801650304020105000420'),
  },
  sha384: {
    nodeName: 'sha384',
    oid: OID.sha384,
    length: 48,
    rsaOid: OID.sha384WithRSAEncryption,
    ecdsaOid: OID.ecdsaWithSHA384,
    digestInfoPrefix: hex('3041300d060960864801650304020205000430'),
  },
  sha512: {
    nodeName: 'sha512',
    oid: OID.sha512,
    length: 64,
    rsaOid: OID.sha512WithRSAEncryption,
    ecdsaOid: OID.ecdsaWithSHA512,
    digestInfoPrefix: hex('3051300d060960864801650304020305000440'),
  },
};

export function isSigningHash(s: string): s is SigningHash {
  return (SIGNING_HASHES as readonly string[]).includes(s);
}

/** Digest algorithm names by OID, including those accepted only when verifying. */
export const DIGEST_BY_OID: Readonly<Record<string, string>> = {
  [OID.md5]: 'md5',
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  [OID.sha3_256]: 'sha3-256',
  [OID.sha3_384]: 'sha3-384',
  [OID.sha3_512]: 'sha3-512',
};

/** The digest of each signature algorithm Sigla verifies (RFC 8017 App. C, RFC 5758 §3.2), for CMS, OCSP and CRLs. */
export const SIGNATURE_HASH_BY_OID: Readonly<Record<string, string>> = {
  [OID.sha1WithRSAEncryption]: 'sha1',
  [OID.sha256WithRSAEncryption]: 'sha256',
  [OID.sha384WithRSAEncryption]: 'sha384',
  [OID.sha512WithRSAEncryption]: 'sha512',
  [OID.md5WithRSAEncryption]: 'md5',
  [OID.ecdsaWithSHA1]: 'sha1',
  [OID.ecdsaWithSHA256]: 'sha256',
  [OID.ecdsaWithSHA384]: 'sha384',
  [OID.ecdsaWithSHA512]: 'sha512',
};
