import { SiglaError } from '../../shared/errors.js';

/**
 * How content reaches the engine: a length and a way to read it from the start as a stream of chunks, as many
 * times as needed (once to hash, once to write). The engine never opens files itself.
 */
export interface ContentSource {
  /** Byte length; the engine checks each read delivers exactly this many bytes. */
  readonly size: number;
  /** A fresh stream over the whole content. A chunk may be reused by the source once the next one is requested. */
  open(): AsyncIterable<Uint8Array>;
  /** The whole content, when the source already holds it in memory (no copy needed to read it whole). */
  readonly bytes?: Uint8Array;
}

/** Where the engine writes output. Writes are awaited in order; the caller owns atomicity (temp file + rename). */
export interface OutputSink {
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Optional: overwrites bytes already written, from `position` (never past what was written). A sink that has it
   * lets the engine write a header before it knows every length and fix it afterwards, so the content is read once.
   */
  writeAt?(position: number, bytes: Uint8Array): Promise<void>;
}

/** A content source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ContentSource {
  return {
    size: bytes.length,
    bytes,
    open: async function* () {
      yield bytes;
    },
  };
}

/**
 * Reads a whole (small) source into one buffer: one pass, the caller bounds `source.size`. Fails with
 * `INPUT_CHANGED` when the source does not deliver exactly `source.size` bytes.
 */
export async function readWhole(source: ContentSource): Promise<Uint8Array> {
  if (source.bytes !== undefined && source.bytes.length === source.size) return source.bytes;
  const out = new Uint8Array(source.size);
  let n = 0;
  for await (const chunk of source.open()) {
    if (n + chunk.length > out.length) throw changedSize(source.size, n + chunk.length);
    out.set(chunk, n);
    n += chunk.length;
  }
  if (n !== source.size) throw changedSize(source.size, n);
  return out;
}

const changedSize = (expected: number, got: number): SiglaError =>
  new SiglaError('INPUT_CHANGED', `content length changed while reading (${expected} → at least ${got})`);

/** An output sink that collects everything in memory (small outputs, tests). */
export class MemorySink implements OutputSink {
  private parts: Uint8Array[] = [];
  write(chunk: Uint8Array): Promise<void> {
    this.parts.push(chunk.slice());
    return Promise.resolve();
  }
  writeAt(position: number, bytes: Uint8Array): Promise<void> {
    const all = this.bytes();
    if (position < 0 || position + bytes.length > all.length) return Promise.reject(new RangeError('writeAt past the end'));
    all.set(bytes, position);
    this.parts = [all];
    return Promise.resolve();
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}
