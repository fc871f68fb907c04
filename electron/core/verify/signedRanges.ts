/**
 * What a signature's digest is computed over, without copying it: whole content, or the ranges of a PDF's
 * /ByteRange (ISO 32000-1 §12.8.1: the signed bytes are the file minus the /Contents hole) hashed one after the
 * other, so a 200 MB PDF is never duplicated in memory. Digests are computed once per algorithm.
 */
import { createHash } from 'node:crypto';
import { sameBytes } from '../cert/CertificateFields.js';
import type { SignedBytes } from '../cms/verifySignerInfo.js';

/** [start, end) offsets into one buffer, hashed in order. */
export type ByteRanges = readonly (readonly [number, number])[];

/** The digest of `ranges` of `bytes` (no concatenated copy), memoised per algorithm. */
export function rangesDigest(bytes: Uint8Array, ranges: ByteRanges): SignedBytes {
  const memo = new Map<string, Uint8Array>();
  return {
    digest(alg: string): Uint8Array {
      let d = memo.get(alg);
      if (!d) {
        const h = createHash(alg);
        for (const [from, to] of ranges) h.update(bytes.subarray(from, to));
        d = new Uint8Array(h.digest());
        memo.set(alg, d);
      }
      return d;
    },
  };
}

/** The digest of a whole buffer. */
export function contentDigest(bytes: Uint8Array): SignedBytes {
  return rangesDigest(bytes, [[0, bytes.length]]);
}

/** Digest input as given: bytes, or something that already knows how to digest itself. */
export function asSignedBytes(x: Uint8Array | SignedBytes): SignedBytes {
  return x instanceof Uint8Array ? contentDigest(x) : x;
}

/**
 * Whether two contents are the same: byte comparison when both are bytes, else SHA-256 of both (a content given
 * only as ranges of a larger file is never copied to compare it).
 */
export function sameContent(a: Uint8Array, b: Uint8Array | SignedBytes): boolean {
  if (b instanceof Uint8Array) return sameBytes(a, b);
  return sameBytes(contentDigest(a).digest('sha256'), b.digest('sha256'));
}
