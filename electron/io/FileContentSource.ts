import { open } from 'node:fs/promises';
import { statSync } from 'node:fs';
import type { ContentSource } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';

const CHUNK = 1 << 20;

/**
 * A file as a content source for the engine: read in 1 MiB chunks into one reused buffer, so that memory stays flat
 * whatever the file size (no garbage of a million short-lived buffers). Each chunk is valid until the consumer asks
 * for the next one, which is how the engine uses them.
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
      const buffer = Buffer.allocUnsafe(CHUNK);
      try {
        for (;;) {
          const { bytesRead } = await fh.read(buffer, 0, CHUNK, null);
          if (bytesRead === 0) return;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    },
  };
}
