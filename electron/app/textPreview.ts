/**
 * `documents:text`: the beginning of a document the user chose, as text, for Firma's preview before signing. Bounded
 * (the first 64 KiB, read through readInputFile's regular-file checks), never the whole file; UTF-8 when the bytes
 * are UTF-8 (RFC 3629), else Windows-1252 (what office text files without a BOM usually are); a file with NUL bytes
 * is `binary` and nothing of it is returned.
 */
import { readInputFile } from '../io/readInputFile.js';
import type { ResultOf } from '../shared/ipc/contract.js';

/** How much of a file the preview shows. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;

export function decodeTextPreview(bytes: Uint8Array, truncated: boolean): ResultOf<'documents:text'> {
  if (bytes.includes(0)) return { text: '', truncated, binary: true };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    // stream: a multi-byte character cut at the 64 KiB boundary is left out rather than refused.
    text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: truncated });
  } catch {
    text = new TextDecoder('windows-1252').decode(body);
  }
  return { text, truncated, binary: false };
}

export function readTextPreview(path: string, size: number): ResultOf<'documents:text'> {
  const bytes = readInputFile(path, { allowEmpty: true, head: TEXT_PREVIEW_BYTES });
  return decodeTextPreview(bytes, size > bytes.length);
}
