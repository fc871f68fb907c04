/**
 * node:crypto for the two password-based key derivations node-forge runs when it opens a PKCS#12 file, instead of
 * forge's pure-JavaScript hashing (the bulk of a PKCS#12 signature's fixed cost: OpenSSL 3 files use 2048
 * iterations of SHA-256 for each):
 * - PBKDF2 (RFC 8018 §5.2) of the PBES2 bags (RFC 8018 §6.2): forge calls node's PBKDF2 itself only for a PRF named
 *   by a string, and pbe.js passes a message-digest object, so every SHA-256 derivation ran in JavaScript;
 * - the PKCS#12 key derivation (RFC 7292 Appendix B.2) of the MAC (RFC 7292 §5.1, id 3) and of the legacy
 *   pbeWithSHAAnd… bags (RFC 7292 Appendix C, ids 1 and 2), which node:crypto does not offer: written here over
 *   node's hash functions.
 * forge remains the PKCS#12 parser; only these functions are replaced, with the same inputs and outputs (forge's
 * binary strings and ByteBuffers), and only for digests node knows — any other falls back to forge's own code. One
 * difference, a fix: the PBKDF2 password is the UTF-8 of the text (RFC 8018 §3 leaves the encoding open; OpenSSL
 * uses the UTF-8 the user typed), where forge took one byte per character.
 */
import { createHash, getHashes, pbkdf2Sync } from 'node:crypto';
import * as forge from 'node-forge';

/** A forge message digest: what forge's derivations take as `md`. */
interface ForgeDigest {
  readonly algorithm: string;
  readonly digestLength: number;
  readonly blockLength: number;
}

/** forge's digest names → node's (forge writes `sha512/256`, OpenSSL `sha512-256`). */
function nodeHash(md: unknown): string | undefined {
  if (md === null || md === undefined) return 'sha1';
  if (typeof md !== 'object' || typeof (md as ForgeDigest).algorithm !== 'string') return undefined;
  const name = (md as ForgeDigest).algorithm.replace('/', '-');
  return getHashes().includes(name) ? name : undefined;
}

/**
 * The PKCS#12 key derivation, RFC 7292 Appendix B.2, with `hash` (u = its output size, v = its block size in bytes):
 * D = v copies of `id`; I = S‖P (salt and password, each repeated to a multiple of v; the password as BMPString
 * with a trailing NUL, none when absent); for each block Ai = H^iter(D‖I), then every v-byte block Ij of I becomes
 * (Ij + B + 1) mod 2^(8v), B = Ai repeated to v bytes; the result is A1‖A2‖… cut to n bytes.
 */
export function pkcs12Kdf(password: Buffer | null, salt: Buffer, id: number, iterations: number, n: number, hash: string, u: number, v: number): Buffer {
  if (!(iterations >= 1)) throw new Error('PKCS#12 key derivation iteration count must be >= 1.');
  const repeat = (b: Buffer): Buffer => {
    const out = Buffer.alloc(v * Math.ceil(b.length / v));
    for (let i = 0; i < out.length; i++) out[i] = b[i % b.length] ?? 0;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([repeat(salt), password ? repeat(password) : Buffer.alloc(0)]);
  const blocks = Math.ceil(n / u);
  const out = Buffer.alloc(blocks * u);
  for (let i = 0; i < blocks; i++) {
    let A = createHash(hash).update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash(hash).update(A).digest();
    A.copy(out, i * u);
    if (i === blocks - 1) break;
    const B = Buffer.alloc(v);
    for (let l = 0; l < v; l++) B[l] = A[l % u] ?? 0;
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let l = v - 1; l >= 0; l--) {
        const x = (I[j + l] ?? 0) + (B[l] ?? 0) + carry;
        I[j + l] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out.subarray(0, n);
}

/** The password as forge hands it to the PKCS#12 derivation: UTF-16BE code units and a trailing NUL (RFC 7292 B.1). */
function bmpPassword(password: string | null | undefined): Buffer | null {
  if (password === null || password === undefined) return null;
  const b = Buffer.alloc(2 * password.length + 2);
  for (let i = 0; i < password.length; i++) b.writeUInt16BE(password.charCodeAt(i), 2 * i);
  return b;
}

type Pbkdf2 = (p: string, s: string, c: number, dkLen: number, md?: unknown, callback?: unknown) => string;
type Pkcs12Key = (password: string | null | undefined, salt: forge.util.ByteStringBuffer, id: number, iter: number, n: number, md?: unknown) => forge.util.ByteStringBuffer;

interface ForgeKdfs {
  pkcs5: { pbkdf2: Pbkdf2 };
  pbe: { generatePkcs12Key: Pkcs12Key };
  pkcs12: { generateKey: Pkcs12Key };
}

let installed = false;

/** Replaces forge's PBKDF2 and PKCS#12 derivations with node:crypto ones (once per process). */
export function useNativePasswordKdf(): void {
  if (installed) return;
  installed = true;
  const f = forge as unknown as ForgeKdfs;
  const forgePbkdf2 = f.pkcs5.pbkdf2;
  const forgePkcs12Key = f.pbe.generatePkcs12Key;
  f.pkcs5.pbkdf2 = function (p, s, c, dkLen, md, callback) {
    const hash = typeof md === 'function' ? 'sha1' : nodeHash(md);
    if (hash === undefined || callback !== undefined || typeof md === 'function') return forgePbkdf2(p, s, c, dkLen, md, callback);
    // The salt is a forge binary string; the password is the text the user typed, whose PBES2 octets are its UTF-8
    // (as OpenSSL writes them: forge took one byte per character, so no OpenSSL 3 file with a non-ASCII password
    // could be opened).
    return pbkdf2Sync(Buffer.from(p, 'utf8'), Buffer.from(s, 'binary'), c, dkLen, hash).toString('binary');
  };
  const pkcs12Key: Pkcs12Key = (password, salt, id, iter, n, md) => {
    const hash = nodeHash(md);
    if (hash === undefined) return forgePkcs12Key(password, salt, id, iter, n, md);
    const d = md ? (md as ForgeDigest) : { digestLength: 20, blockLength: 64 };
    const key = pkcs12Kdf(bmpPassword(password), Buffer.from(salt.bytes(), 'binary'), id, iter, n, hash, d.digestLength, d.blockLength);
    return forge.util.createBuffer(key.toString('binary'));
  };
  f.pbe.generatePkcs12Key = pkcs12Key;
  f.pkcs12.generateKey = pkcs12Key;
}
