import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { bytesSource, type ContentSource } from '../core/content/ContentSource.js';
import { SiglaError } from '../shared/errors.js';

const CHUNK = 1 << 20;

const unreadable = (path: string, cause: unknown): SiglaError =>
  new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause });

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
    throw unreadable(path, e);
  }
  return {
    size,
    open: async function* () {
      let fh;
      try {
        // node:fs/promises is loaded only for a streamed (large) file: small documents never need it.
        fh = await process.getBuiltinModule('node:fs/promises').open(path, 'r');
      } catch (e) {
        throw unreadable(path, e);
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

/**
 * Opened without blocking: a path swapped for a FIFO since it was checked must not hang the open (O_NONBLOCK has no
 * effect on regular files, POSIX open(2)); Windows has no such flag and no FIFOs at a path.
 */
const READ_NONBLOCK = constants.O_NONBLOCK === undefined ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * A file as a content source, read into memory at once when it is at most `inMemoryMax` bytes: one open, one fstat,
 * one read (of one byte more than the size, so the same read tells that the file ended there) and one close, the
 * syscalls a batch of small documents pays per document. A larger file is streamed ({@link fileContentSource}).
 * A file that is not a regular file, or that grows or shrinks between the fstat and the read, is refused
 * (`INPUT_UNREADABLE`, `INPUT_CHANGED`).
 */
export function loadFileContent(path: string, inMemoryMax: number): ContentSource {
  let fd: number;
  try {
    fd = openSync(path, READ_NONBLOCK);
  } catch (e) {
    throw unreadable(path, e);
  }
  try {
    let size: number;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new Error('not a regular file');
      size = st.size;
    } catch (e) {
      throw unreadable(path, e);
    }
    if (size > inMemoryMax) return fileContentSource(path);
    const bytes = Buffer.allocUnsafe(size + 1);
    let n = 0;
    try {
      // A short read of a regular file is its end (POSIX read(2)); asking one byte more than the size tells it at once.
      for (;;) {
        const want = bytes.length - n;
        const r = readSync(fd, bytes, n, want, n);
        n += r;
        if (r < want || n === bytes.length) break;
      }
    } catch (e) {
      throw unreadable(path, e);
    }
    if (n !== size) throw new SiglaError('INPUT_CHANGED', `${path} changed size while it was read (${size} → ${n === size + 1 ? 'more' : n} bytes)`);
    return bytesSource(new Uint8Array(bytes.buffer, bytes.byteOffset, size));
  } finally {
    closeSync(fd);
  }
}
