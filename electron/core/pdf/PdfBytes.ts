/**
 * Byte-level landmarks of a PDF file (ISO 32000-2 §7.5): where the header starts (offsets in cross-reference data
 * are relative to it, §7.5.2), the last `startxref`, and revision ends (`%%EOF`).
 */
import { SiglaError } from '../../shared/errors.js';

/**
 * ISO 8859-1 text of bytes, one character per byte (offsets preserved), through Buffer's native latin1 decoder: the
 * WHATWG TextDecoder 'latin1' label decodes windows-1252 instead, several times slower (issue 13, verify).
 */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

export function pdfParseError(detail: string, cause?: unknown): SiglaError {
  return new SiglaError('PDF_PARSE', `PDF: ${detail}`, { params: { detail }, ...(cause !== undefined ? { cause } : {}) });
}

/** Offset of `%PDF-` (a few producers put bytes before it; §7.5.2 offsets count from here). */
export function headerOffset(bytes: Uint8Array): number {
  const head = latin1(bytes.subarray(0, Math.min(bytes.length, 1024)));
  const at = head.indexOf('%PDF-');
  if (at < 0) throw pdfParseError('no %PDF- header in the first 1024 bytes');
  return at;
}

/** The PDF version in the header, e.g. "1.7" or "2.0". */
export function headerVersion(bytes: Uint8Array, header: number): string {
  const m = /^%PDF-(\d\.\d)/.exec(latin1(bytes.subarray(header, header + 16)));
  return m?.[1] ?? '1.4';
}

/** The value of the last `startxref` in the file's tail (§7.5.5), relative to the header. */
export function lastStartxref(bytes: Uint8Array): number {
  const tailStart = Math.max(0, bytes.length - 4096);
  const tail = latin1(bytes.subarray(tailStart));
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw pdfParseError('no startxref at the end of the file');
  const m = /^startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(at));
  if (!m?.[1]) throw pdfParseError('startxref is not followed by an offset and %%EOF');
  return Number(m[1]);
}

/** Text of a byte range (latin1: one char per byte, offsets preserved). */
export function textAt(bytes: Uint8Array, start: number, length: number): string {
  return latin1(bytes.subarray(Math.max(0, start), Math.min(bytes.length, start + length)));
}

export function isWhite(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;
}
