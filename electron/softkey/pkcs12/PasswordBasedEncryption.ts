/**
 * Decryption of the password-protected parts of a PKCS#12 file with node:crypto: PBES2 (RFC 8018 §6.2: PBKDF2
 * §5.2 with an HMAC PRF, then AES-CBC or DES-EDE3-CBC) as OpenSSL 3 and current Windows write, and the PKCS#12
 * PBE schemes (RFC 7292 Appendix C: pbeWithSHAAnd3-KeyTripleDES-CBC and the others, keyed by the derivation of
 * Appendix B). A scheme or cipher node:crypto cannot run is UnsupportedPkcs12 (the caller falls back to forge).
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { children, content, expectTag, integerValue, oidString, type Tlv } from '../../core/asn1/Ber.js';
import { SiglaError } from '../../shared/errors.js';
import { KDF_HASHES, pkcs12Kdf } from './pkcs12Kdf.js';
import type { Pkcs12Password } from './Pkcs12Password.js';
import { UnsupportedPkcs12 } from './UnsupportedPkcs12.js';

/**
 * The most iterations a PKCS#12 file may ask of a key derivation: current tools use 2048 to 600 000; a file asking
 * for billions would hold the signature for hours.
 */
export const MAX_PKCS12_ITERATIONS = 10_000_000;

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

/** HMAC PRFs of PBKDF2 (RFC 8018 Appendix B.1) by OID → node:crypto hash name. */
const HMAC_PRFS: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** PBES2 encryption schemes (RFC 8018 Appendix B.2, NIST AES OIDs) → node:crypto cipher and key length. */
const PBES2_CIPHERS: Readonly<Record<string, { readonly cipher: string; readonly keyLength: number }>> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

/** PKCS#12 PBE schemes (RFC 7292 Appendix C), all with SHA-1 derivation → cipher, key and IV lengths. */
const PKCS12_PBE: Readonly<Record<string, { readonly cipher: string; readonly keyLength: number; readonly ivLength: number }>> = {
  '1.2.840.113549.1.12.1.1': { cipher: 'rc4', keyLength: 16, ivLength: 0 },
  '1.2.840.113549.1.12.1.2': { cipher: 'rc4-40', keyLength: 5, ivLength: 0 },
  '1.2.840.113549.1.12.1.3': { cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
  '1.2.840.113549.1.12.1.4': { cipher: 'des-ede-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.5': { cipher: 'rc2-cbc', keyLength: 16, ivLength: 8 },
  '1.2.840.113549.1.12.1.6': { cipher: 'rc2-40-cbc', keyLength: 5, ivLength: 8 },
};

function iterationsOf(node: Tlv | undefined): number {
  const n = integerValue(expectTag(node, 0x02, 'iteration count'));
  if (n < 1) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: iteration count below 1');
  if (n > MAX_PKCS12_ITERATIONS) throw new SiglaError('INPUT_LIMIT', `PKCS#12: ${n} iterations`, { params: { limit: 'pkcs12Iterations' } });
  return n;
}

/**
 * PBKDF2 (RFC 8018 §5.2) from its parameters (PBKDF2-params, Appendix A.2): salt, iterations, key length (when
 * absent: `keyLength`), PRF (default hmacWithSHA1).
 */
function pbkdf2FromParams(params: Tlv, password: Buffer, keyLength: number | undefined): Buffer {
  const [salt, iter, ...rest] = children(expectTag(params, 0x30, 'PBKDF2 parameters'));
  if (salt?.tag !== 0x04) throw new UnsupportedPkcs12('a PBKDF2 salt from another source');
  let length = keyLength;
  let prf = 'sha1';
  for (const r of rest) {
    if (r.tag === 0x02) length = integerValue(r);
    else if (r.tag === 0x30) {
      const prfOid = oidString(expectTag(children(r)[0], 0x06, 'PBKDF2 PRF'));
      const name = HMAC_PRFS[prfOid];
      if (!name) throw new UnsupportedPkcs12(`the PBKDF2 PRF ${prfOid}`);
      prf = name;
    }
  }
  if (length === undefined || length < 1 || length > 64) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: PBKDF2 key length');
  return pbkdf2Sync(password, content(salt), iterationsOf(iter), length, prf);
}

function decipher(cipher: string, key: Buffer, iv: Buffer | null, data: Uint8Array): Buffer {
  let d;
  try {
    d = createDecipheriv(cipher, key, iv);
  } catch (e) {
    // OpenSSL 3 keeps RC2, RC4 and single DES in its legacy provider, which node does not load.
    throw new UnsupportedPkcs12(`the cipher ${cipher} (${(e as Error).message})`);
  }
  try {
    return Buffer.concat([d.update(data), d.final()]);
  } catch (e) {
    // Bad padding: the key, hence the password, is wrong.
    throw new SiglaError('P12_PASSWORD', 'wrong PKCS#12 password', { cause: e });
  }
}

/** Decrypts `data` encrypted with the password-based scheme `algorithm` (an AlgorithmIdentifier). */
export function pbeDecrypt(algorithm: Tlv, data: Uint8Array, password: Pkcs12Password): Buffer {
  const [oidNode, params] = children(expectTag(algorithm, 0x30, 'encryption algorithm'));
  const oid = oidString(expectTag(oidNode, 0x06, 'encryption algorithm'));
  if (oid === PBES2) {
    const [kdf, scheme] = children(expectTag(params, 0x30, 'PBES2 parameters'));
    const [kdfOid, kdfParams] = children(expectTag(kdf, 0x30, 'PBES2 key derivation'));
    const [encOid, ivNode] = children(expectTag(scheme, 0x30, 'PBES2 encryption scheme'));
    const kdfName = oidString(expectTag(kdfOid, 0x06, 'PBES2 key derivation'));
    if (kdfName !== PBKDF2) throw new UnsupportedPkcs12(`the key derivation ${kdfName}`);
    const encName = oidString(expectTag(encOid, 0x06, 'PBES2 encryption scheme'));
    const enc = PBES2_CIPHERS[encName];
    if (!enc) throw new UnsupportedPkcs12(`the PBES2 cipher ${encName}`);
    const iv = content(expectTag(ivNode, 0x04, 'PBES2 IV'));
    if (!kdfParams) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: PBKDF2 parameters missing');
    const key = pbkdf2FromParams(kdfParams, password.utf8, enc.keyLength);
    if (key.length !== enc.keyLength) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: PBKDF2 key length does not fit the cipher');
    return decipher(enc.cipher, key, Buffer.from(iv), data);
  }
  const pbe = PKCS12_PBE[oid];
  if (!pbe) throw new UnsupportedPkcs12(`the encryption ${oid}`);
  const [salt, iter] = children(expectTag(params, 0x30, 'PKCS#12 PBE parameters'));
  const s = Buffer.from(content(expectTag(salt, 0x04, 'PBE salt')));
  const n = iterationsOf(iter);
  const { u, v } = KDF_HASHES['sha1'] ?? { u: 20, v: 64 };
  const key = pkcs12Kdf(password.bmp, s, 1, n, pbe.keyLength, 'sha1', u, v);
  const iv = pbe.ivLength ? pkcs12Kdf(password.bmp, s, 2, n, pbe.ivLength, 'sha1', u, v) : null;
  return decipher(pbe.cipher, key, iv, data);
}
