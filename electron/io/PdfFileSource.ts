/**
 * A PDF file as the engine reads it (core/pdf/PdfSource.ts): one descriptor, positioned reads for the few ranges an
 * incremental update needs, and one streamed pass in 1 MiB chunks. Memory stays flat whatever the file size. Only a
 * regular file is opened (a FIFO or a device could block or never end), without blocking (O_NONBLOCK), and the
 * descriptor must be the file that was checked; the size is taken once, so a file that grows cannot make a read
 * unbounded.
 */
import { closeSync, constants, fstatSync, openSync, read, readSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import type { PdfSource } from '../core/pdf/PdfSource.js';
import { SiglaError } from '../shared/errors.js';

const CHUNK = 1 << 20;
/**
 * Positioned reads smaller than this go through one cached block (cross-reference entries are checked one by one,
 * objects near each other are read in turn). A block is replaced by a new buffer, never overwritten: the engine's
 * parsed objects keep views of what was returned (PdfSource.read).
 */
const BLOCK = 64 * 1024;
const readAsync = promisify(read);

export interface PdfFileSource extends PdfSource {
  close(): void;
}

function unreadable(path: string, cause: unknown): SiglaError {
  return new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause });
}

/** Opens `path` for reading; the caller closes it. Every failure is a coded error. */
export function openPdfFile(path: string): PdfFileSource {
  let fd: number;
  let size: number;
  try {
    const before = statSync(path);
    if (!before.isFile()) throw new Error('not a regular file');
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) {
      closeSync(fd);
      throw new Error('replaced while being opened');
    }
    size = st.size;
  } catch (e) {
    throw unreadable(path, e);
  }
  let block: Uint8Array = new Uint8Array(0);
  let blockAt = -1;
  const readInto = (buf: Uint8Array, at: number): number => {
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, at + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  };
  return {
    size,
    read(offset, length) {
      const start = Math.max(0, offset);
      const end = Math.min(size, offset + length);
      if (end <= start) return new Uint8Array(0);
      try {
        if (blockAt >= 0 && start >= blockAt && end <= blockAt + block.length) return block.subarray(start - blockAt, end - blockAt);
        if (end - start <= BLOCK) {
          const buf = new Uint8Array(Math.min(BLOCK, size - start));
          block = buf.subarray(0, readInto(buf, start));
          blockAt = start;
          return block.subarray(0, end - start);
        }
        const buf = new Uint8Array(end - start);
        return buf.subarray(0, readInto(buf, start));
      } catch (e) {
        throw unreadable(path, e);
      }
    },
    open: async function* () {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let at = 0;
      while (at < size) {
        let n: number;
        try {
          ({ bytesRead: n } = await readAsync(fd, buffer, 0, Math.min(CHUNK, size - at), at));
        } catch (e) {
          throw unreadable(path, e);
        }
        if (n === 0) return;
        at += n;
        yield buffer.subarray(0, n);
      }
    },
    close() {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    },
  };
}
