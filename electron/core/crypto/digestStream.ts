import { createHash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import type { ContentSource } from '../content/ContentSource.js';

/**
 * Hashes a content source by streaming it, so memory stays bounded whatever its size. Fails with `INPUT_CHANGED`
 * if the stream does not deliver exactly `source.size` bytes.
 */
export async function digestSource(source: ContentSource, algorithm: string): Promise<Uint8Array> {
  const h = createHash(algorithm);
  let n = 0;
  for await (const chunk of source.open()) {
    h.update(chunk);
    n += chunk.length;
  }
  if (n !== source.size) {
    throw new SiglaError('INPUT_CHANGED', `content length changed while reading (${source.size} → ${n})`);
  }
  return new Uint8Array(h.digest());
}

export function digestBytes(bytes: Uint8Array, algorithm: string): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(bytes).digest());
}
