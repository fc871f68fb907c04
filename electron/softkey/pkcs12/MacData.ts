/**
 * The integrity check of a PKCS#12 file in password mode (RFC 7292 §4 MacData, §5.1): an HMAC over the
 * AuthenticatedSafe's octets, keyed by the PKCS#12 derivation (Appendix B.2, id 3) with the MAC's own hash, or by
 * PBKDF2 when the MAC algorithm is PBMAC1 (RFC 9579). It is what tells a wrong password from a damaged file.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { children, content, expectTag, integerValue, oidString, type Tlv } from '../../core/asn1/Ber.js';
import { SiglaError } from '../../shared/errors.js';
import { MAX_PKCS12_ITERATIONS } from './PasswordBasedEncryption.js';
import { KDF_HASHES, pkcs12Kdf } from './pkcs12Kdf.js';
import type { Pkcs12Password } from './Pkcs12Password.js';
import { UnsupportedPkcs12 } from './UnsupportedPkcs12.js';

/** Digest algorithms of a classic PKCS#12 MAC by OID → node:crypto name. */
const MAC_HASHES: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

function macKey(macData: Tlv, algorithm: Tlv, password: Pkcs12Password): { hash: string; key: Buffer } {
  const [oidNode] = children(expectTag(algorithm, 0x30, 'MAC algorithm'));
  const oid = oidString(expectTag(oidNode, 0x06, 'MAC algorithm'));
  const hash = MAC_HASHES[oid];
  const sizes = hash ? KDF_HASHES[hash] : undefined;
  if (!hash || !sizes) throw new UnsupportedPkcs12(`the MAC digest ${oid}`);
  const [, salt, iter] = children(macData);
  const iterations = iter ? integerValue(expectTag(iter, 0x02, 'MAC iterations')) : 1;
  if (iterations < 1) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: MAC iteration count below 1');
  if (iterations > MAX_PKCS12_ITERATIONS) throw new SiglaError('INPUT_LIMIT', `PKCS#12: ${iterations} MAC iterations`, { params: { limit: 'pkcs12Iterations' } });
  const key = pkcs12Kdf(password.bmp, Buffer.from(content(expectTag(salt, 0x04, 'MAC salt'))), 3, iterations, sizes.u, hash, sizes.u, sizes.v);
  return { hash, key };
}

/** Whether `password` gives the MAC the file carries over `authSafe` (the AuthenticatedSafe's octets). */
export function macMatches(macData: Tlv, authSafe: Uint8Array, password: Pkcs12Password): boolean {
  const [digestInfo] = children(expectTag(macData, 0x30, 'MacData'));
  const [algorithm, digest] = children(expectTag(digestInfo, 0x30, 'MAC DigestInfo'));
  if (!algorithm) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: MAC algorithm missing');
  const expected = content(expectTag(digest, 0x04, 'MAC value'));
  const { hash, key } = macKey(macData, algorithm, password);
  const actual = createHmac(hash, key).update(authSafe).digest();
  key.fill(0);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
