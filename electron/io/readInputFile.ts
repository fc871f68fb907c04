/**
 * Reading a file the user named, which may be anything: a device (`/dev/zero` never ends), a FIFO (blocks until a
 * writer comes), a folder, a file that vanishes or grows meanwhile. Only regular files are read: `stat` before
 * opening, so a device is never opened; the open is non-blocking (`O_NONBLOCK`), so a FIFO swapped in between
 * cannot block; `fstat` of the descriptor confirms it is the same regular file; and exactly the size `fstat` gave is
 * read, so a file that grows cannot make the read unbounded.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { SiglaError } from '../shared/errors.js';

export interface ReadInputOptions {
  /** An empty file is refused (INPUT_EMPTY) unless allowed (detached content may be empty). */
  readonly allowEmpty?: boolean;
  /** Read only the first `head` bytes (a preview): a larger file is not an error, and only that much is read. */
  readonly head?: number;
}

function unreadable(path: string, cause: unknown): SiglaError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SiglaError('INPUT_NOT_FOUND', `${path} does not exist`, { params: { file: path }, cause });
  return new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause });
}

function notRegular(path: string, st: Stats): SiglaError {
  const kind = st.isDirectory() ? 'directory' : st.isFIFO() ? 'fifo' : st.isCharacterDevice() || st.isBlockDevice() ? 'device' : st.isSocket() ? 'socket' : 'other';
  return new SiglaError('INPUT_NOT_REGULAR', `${path} is not a regular file (${kind})`, { params: { file: path, kind } });
}

/** The whole content of a regular file; every failure is a coded error (exit 8). */
export function readInputFile(path: string, o: ReadInputOptions = {}): Uint8Array {
  let before: Stats;
  try {
    before = statSync(path);
  } catch (e) {
    throw unreadable(path, e);
  }
  if (!before.isFile()) throw notRegular(path, before);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    throw unreadable(path, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, st);
    if (st.ino !== before.ino || st.dev !== before.dev) throw new SiglaError('INPUT_UNREADABLE', `${path} was replaced while being opened`, { params: { file: path } });
    if (st.size === 0 && !o.allowEmpty) throw new SiglaError('INPUT_EMPTY', `${path} is empty`, { params: { file: path } });
    const want = o.head === undefined ? st.size : Math.min(st.size, Math.max(0, o.head));
    const out = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, out, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    // A file truncated meanwhile: what was read is not the file any more.
    if (got !== want) throw new SiglaError('INPUT_UNREADABLE', `${path} changed while being read`, { params: { file: path } });
    return new Uint8Array(out.buffer, out.byteOffset, got);
  } catch (e) {
    throw e instanceof SiglaError ? e : unreadable(path, e);
  } finally {
    closeSync(fd);
  }
}
