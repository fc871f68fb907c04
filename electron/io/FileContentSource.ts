import { createReadStream, statSync } from 'node:fs';
import type { ContentSource } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';

/** A file as a content source for the engine: streamed in 1 MiB chunks, re-openable. */
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
    open: () => createReadStream(path, { highWaterMark: 1 << 20 }),
  };
}
