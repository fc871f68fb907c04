/**
 * A PDF followed by an incremental update not yet written anywhere (ISO 32000-2 §7.5.6): the file as it will be
 * once the update is appended, read without copying the original — so a second revision (a document time-stamp
 * after a DSS, EN 319 142-1 §5.5) can be prepared over the first one and the whole streamed once to the output.
 */
import type { PdfSource } from './PdfSource.js';

export function appendedPdfSource(base: PdfSource, tail: Uint8Array): PdfSource {
  const size = base.size + tail.length;
  return {
    size,
    ...(base.inMemory === true ? { inMemory: true } : {}),
    read: (offset, length) => {
      const start = Math.max(0, offset);
      const end = Math.min(size, offset + length);
      if (end <= start) return new Uint8Array(0);
      if (end <= base.size) return base.read(start, end - start);
      if (start >= base.size) return tail.subarray(start - base.size, end - base.size);
      const out = new Uint8Array(end - start);
      out.set(base.read(start, base.size - start), 0);
      out.set(tail.subarray(0, end - base.size), base.size - start);
      return out;
    },
    open: async function* () {
      yield* base.open();
      yield tail;
    },
  };
}
