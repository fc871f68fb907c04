/**
 * A PDF as the engine reads it: random access to byte ranges (the trailer, the cross-reference sections and the
 * few objects an incremental update needs, ISO 32000-2 §7.5.5–§7.5.8) and one streamed pass over the whole file
 * (the ByteRange digest and the copy of the original revision, §12.8.1). The engine never opens files itself: the
 * io layer gives a file, tests and small callers give bytes.
 */
import type { ContentSource } from '../content/ContentSource.js';

export interface PdfSource extends ContentSource {
  /**
   * The bytes `[offset, offset + length)`, shorter only at the end of the file. The result may be a view of a buffer
   * the source shares between calls, but bytes once returned are never overwritten: parsed objects keep views.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * True when every byte is already in memory, so any window costs nothing to take: a reader then parses an object
   * once over the rest of the file instead of through growing windows (each one parsed again from the start).
   */
  readonly inMemory?: boolean;
}

/** A source over bytes already in memory. */
export function bytesPdfSource(bytes: Uint8Array): PdfSource {
  return {
    size: bytes.length,
    inMemory: true,
    read: (offset, length) => bytes.subarray(Math.max(0, offset), Math.min(bytes.length, offset + length)),
    open: async function* () {
      yield bytes;
    },
  };
}

/** Most dictionaries an update reads fit 4 KiB; an object stream or a long array takes a few more reads. */
const FIRST_WINDOW = 4 * 1024;

/**
 * Runs `parse` over a window of the file starting at `at`, four times larger each time it fails or says the window
 * cut what it read (`complete` false), until the window reaches the end of the file: so an object is read whole
 * without knowing its length first, and a small object costs one small read. The last error is the one thrown.
 */
export function withWindow<T>(src: PdfSource, at: number, parse: (window: Uint8Array, atEnd: boolean) => { value: T; complete: boolean }): T {
  for (let size = src.inMemory === true ? Math.max(FIRST_WINDOW, src.size - at) : FIRST_WINDOW; ; size *= 4) {
    const length = Math.min(size, src.size - at);
    const atEnd = at + length >= src.size;
    const window = src.read(at, length);
    let r: { value: T; complete: boolean };
    try {
      r = parse(window, atEnd);
    } catch (e) {
      if (atEnd) throw e;
      continue;
    }
    if (r.complete || atEnd) return r.value;
  }
}
