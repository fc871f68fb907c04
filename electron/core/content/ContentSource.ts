/**
 * How content reaches the engine: a length and a way to read it from the start as a stream of chunks, as many
 * times as needed (once to hash, once to write). The engine never opens files itself.
 */
export interface ContentSource {
  /** Byte length; the engine checks each read delivers exactly this many bytes. */
  readonly size: number;
  /** A fresh stream over the whole content. A chunk may be reused by the source once the next one is requested. */
  open(): AsyncIterable<Uint8Array>;
}

/** Where the engine writes output. Writes are awaited in order; the caller owns atomicity (temp file + rename). */
export interface OutputSink {
  write(chunk: Uint8Array): Promise<void>;
}

/** A content source over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ContentSource {
  return {
    size: bytes.length,
    open: async function* () {
      yield bytes;
    },
  };
}

/** An output sink that collects everything in memory (small outputs, tests). */
export class MemorySink implements OutputSink {
  private readonly parts: Uint8Array[] = [];
  write(chunk: Uint8Array): Promise<void> {
    this.parts.push(chunk.slice());
    return Promise.resolve();
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}
