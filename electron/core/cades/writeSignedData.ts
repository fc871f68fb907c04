import { createHash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import { layoutSignedData, type SignedDataParts } from '../cms/SignedData.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';

/**
 * Writes a SignedData whose content is streamed from `content` (or absent when detached). When `expectedDigest`
 * is given, the content is hashed again while it is written and must match: a file changed between hashing and
 * writing fails with INPUT_CHANGED instead of producing a signature that does not verify.
 */
export async function writeSignedData(
  parts: SignedDataParts,
  sink: OutputSink,
  content: ContentSource | null,
  expectedDigest?: { readonly algorithm: string; readonly value: Uint8Array },
): Promise<void> {
  const layout = layoutSignedData(parts);
  await sink.write(layout.prefix);
  if (content !== null && parts.contentLength !== null) {
    const h = expectedDigest ? createHash(expectedDigest.algorithm) : null;
    let n = 0;
    for await (const chunk of content.open()) {
      n += chunk.length;
      if (n > parts.contentLength) break;
      h?.update(chunk);
      await sink.write(chunk);
    }
    if (n !== parts.contentLength) {
      throw new SiglaError('INPUT_CHANGED', 'the content changed size while it was being signed');
    }
    if (h && expectedDigest && Buffer.compare(h.digest(), expectedDigest.value) !== 0) {
      throw new SiglaError('INPUT_CHANGED', 'the content changed while it was being signed');
    }
  }
  await sink.write(layout.suffix);
}
