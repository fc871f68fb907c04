/**
 * A ZIP file's central directory (APPNOTE.TXT 6.3 §4.3.12–4.3.16), read from its end without extracting anything:
 * the end-of-central-directory record in the last 64 KiB + 22 bytes, then the directory it points to, bounded in
 * size and entry count. ZIP64 (§4.3.14) is followed for the directory's place and entry count.
 */
import { SiglaError } from '../../shared/errors.js';

export interface RandomAccess {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflated (§4.4.5). */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** General purpose bit 0 (§4.4.4): the entry is encrypted. */
  readonly encrypted: boolean;
}

export const ZIP_LIMITS = { entries: 20_000, directoryBytes: 8 << 20 } as const;

function damaged(detail: string): SiglaError {
  return new SiglaError('INPUT_FORMAT', `ZIP: ${detail}`, { params: { detail: `ZIP: ${detail}` } });
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
}

function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x1_0000_0000;
}

export function readZipDirectory(src: RandomAccess): ZipEntry[] {
  const tailLength = Math.min(src.size, 0xffff + 22);
  const tail = src.read(src.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end of central directory');
  let count = u16(tail, eocd + 10);
  let dirSize = u32(tail, eocd + 12);
  let dirOffset = u32(tail, eocd + 16);
  // ZIP64 end of central directory locator, just before the EOCD (§4.3.15).
  const locatorAt = eocd - 20;
  if (locatorAt >= 0 && u32(tail, locatorAt) === 0x07064b50) {
    const recordAt = u64(tail, locatorAt + 8);
    if (recordAt + 56 <= src.size) {
      const rec = src.read(recordAt, 56);
      if (u32(rec, 0) === 0x06064b50) {
        count = u64(rec, 32);
        dirSize = u64(rec, 40);
        dirOffset = u64(rec, 48);
      }
    }
  }
  if (count > ZIP_LIMITS.entries) throw new SiglaError('INPUT_LIMIT', `ZIP with ${count} entries`, { params: { limit: `${ZIP_LIMITS.entries} ZIP entries` } });
  if (dirSize > ZIP_LIMITS.directoryBytes) throw new SiglaError('INPUT_LIMIT', `ZIP directory of ${dirSize} bytes`, { params: { limit: `${ZIP_LIMITS.directoryBytes} bytes of ZIP directory` } });
  if (dirOffset + dirSize > src.size) throw damaged('the central directory is outside the file');
  const dir = src.read(dirOffset, dirSize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || u32(dir, at) !== 0x02014b50) throw damaged('a central directory entry is damaged');
    const flags = u16(dir, at + 8);
    const nameLength = u16(dir, at + 28);
    const extraLength = u16(dir, at + 30);
    const commentLength = u16(dir, at + 32);
    let compressedSize = u32(dir, at + 20);
    let size = u32(dir, at + 24);
    let localHeaderOffset = u32(dir, at + 42);
    const nameBytes = dir.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: UTF-8 names (§4.4.4); older tools wrote CP437, read here as Latin-1 (ASCII names are the same).
    const name = Buffer.from(nameBytes).toString(flags & 0x800 ? 'utf8' : 'latin1');
    // ZIP64 extended information extra field (§4.5.3): 64-bit values for the fields that are 0xFFFFFFFF.
    let e = at + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(dir, e);
      const len = u16(dir, e + 2);
      if (id === 0x0001) {
        let p = e + 4;
        if (size === 0xffffffff) {
          size = u64(dir, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(dir, p);
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(dir, p);
      }
      e += 4 + len;
    }
    entries.push({ name, method: u16(dir, at + 10), compressedSize, size, localHeaderOffset, encrypted: (flags & 1) !== 0 });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: after its local header (§4.3.7), whose name and extra lengths may differ. */
export function entryDataOffset(src: RandomAccess, e: ZipEntry): number {
  const h = src.read(e.localHeaderOffset, 30);
  if (h.length < 30 || u32(h, 0) !== 0x04034b50) throw damaged('a local header is damaged');
  return e.localHeaderOffset + 30 + u16(h, 26) + u16(h, 28);
}
