import { open } from 'node:fs/promises';
import { statSync } from 'node:fs';
import type { ContentSource } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';

const CHUNK = 1 << 20;

/**
 * A file as a content source for the engine: read in 1 MiB chunks into two reused buffers, so that memory stays
 * flat whatever the file size (no garbage of a million short-lived buffers). While the consumer hashes and writes
 * one chunk, the next is already being read into the other buffer (the read runs in libuv's thread pool), so that
 * reading overlaps hashing as in a two-stage pipeline. Each chunk is valid until the consumer asks for the next
 * one, which is how the engine uses them.
 */
export function fileContentSource(path: string): ContentSource {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (e) {
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
  }
  return {
    size,
    open: async function* () {
      let fh;
      try {
        fh = await open(path, 'r');
      } catch (e) {
        throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
      }
      let current = Buffer.allocUnsafe(CHUNK);
      let spare = Buffer.allocUnsafe(CHUNK);
      let pending: Promise<{ bytesRead: number }> | undefined = fh.read(current, 0, CHUNK, null);
      try {
        for (;;) {
          const { bytesRead } = await pending;
          pending = undefined;
          if (bytesRead === 0) return;
          const chunk = current.subarray(0, bytesRead);
          // The consumer has released the other buffer by asking for this chunk: read ahead into it.
          [current, spare] = [spare, current];
          pending = fh.read(current, 0, CHUNK, null);
          yield chunk;
        }
      } finally {
        // A consumer that stops early leaves a read in flight: it must end before the file is closed.
        if (pending) await pending.catch(() => undefined);
        await fh.close();
      }
    },
  };
}
