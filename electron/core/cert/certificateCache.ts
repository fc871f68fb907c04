/**
 * Parsed certificates (RFC 5280 §4.1) kept within one process, keyed by their DER bytes: one `sigla verify` over
 * many files meets the same CA, TSA and trusted-list certificates again and again, and parsing each again (Node's
 * X509Certificate, our own reading of names and extensions) was a tenth of the time of a corpus call.
 *
 * The key is the SHA-256 of the DER, so a certificate is recognised whatever buffer it arrives in; only values
 * derived from the bytes alone are kept (never a verdict that depends on time, policy or trust anchors), so a hit
 * gives exactly what parsing again would. Bounded: the least recently used entry goes when the cache is full.
 */
import { createHash } from 'node:crypto';

/** Entries kept per cache: far more than the certificates of a batch, a few MB at most. */
export const CERTIFICATE_CACHE_SIZE = 2000;

/** The SHA-256 of `der`, the cache key (Base64: a short string, cheap to hash and compare). */
export function derKey(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('base64');
}

/** A least-recently-used map of at most `limit` entries (a Map iterates in insertion order: the oldest first). */
export class LruCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly limit: number = CERTIFICATE_CACHE_SIZE) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
  }

  /** The cached value for `key`, or `make()` remembered (a throw is not remembered: it propagates). */
  getOrMake(key: string, make: () => V): V {
    const have = this.get(key);
    if (have !== undefined) return have;
    const v = make();
    this.set(key, v);
    return v;
  }
}
