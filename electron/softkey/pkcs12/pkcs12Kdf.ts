/**
 * The PKCS#12 key derivation, RFC 7292 Appendix B.2, over node:crypto's hash functions (node:crypto offers PBKDF2
 * but not this one). It keys the MAC of a PFX (RFC 7292 §5.1, id 3) and the legacy pbeWithSHAAnd… bags (Appendix
 * C, ids 1 and 2).
 */
import { hash as digest } from 'node:crypto';

/**
 * With `hash` (u = its output size, v = its block size in bytes): D = v copies of `id`; I = S‖P (salt and password,
 * each repeated to a multiple of v; the password as BMPString with a trailing NUL, none when absent); for each block
 * Ai = H^iter(D‖I), then every v-byte block Ij of I becomes (Ij + B + 1) mod 2^(8v), B = Ai repeated to v bytes;
 * the result is A1‖A2‖… cut to n bytes.
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
    // One-shot hashing: a Hash object per iteration costs more than the hash of 20-64 bytes itself.
    let A = digest(hash, Buffer.concat([D, I]), 'buffer');
    for (let r = 1; r < iterations; r++) A = digest(hash, A, 'buffer');
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

/** Output and block sizes (u, v of Appendix B.2) of the hashes a PKCS#12 file may name, by node:crypto name. */
export const KDF_HASHES: Readonly<Record<string, { readonly u: number; readonly v: number }>> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/**
 * A password as the PKCS#12 derivation takes it (RFC 7292 Appendix B.1): the BMPString (UTF-16 big-endian) of the
 * text with a trailing NUL; `null` stands for "no password" (no octets at all), which OpenSSL also tries for an
 * empty one.
 */
export function bmpPassword(password: string | null): Buffer | null {
  if (password === null) return null;
  const b = Buffer.alloc(2 * password.length + 2);
  for (let i = 0; i < password.length; i++) b.writeUInt16BE(password.charCodeAt(i), 2 * i);
  return b;
}
