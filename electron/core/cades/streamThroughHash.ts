import { createHash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';

/**
 * Copies `content` into `sink` and hashes the very bytes written, in one read (the eContent of an attached
 * signature, RFC 5652 §5.4: the message digest is over the OCTET STRING's value). Fails with `INPUT_CHANGED` when
 * the source delivers more or fewer than `content.size` bytes (the header already written announced that many).
 */
export async function streamThroughHash(content: ContentSource, algorithm: string, sink: OutputSink): Promise<Uint8Array> {
  const h = createHash(algorithm);
  let n = 0;
  for await (const chunk of content.open()) {
    n += chunk.length;
    if (n > content.size) break;
    h.update(chunk);
    await sink.write(chunk);
  }
  if (n !== content.size) {
    throw new SiglaError('INPUT_CHANGED', `content length changed while reading (${content.size} → ${n})`);
  }
  return new Uint8Array(h.digest());
}
