/**
 * Is this file a PDF at all? Told by its first bytes, as a PDF reader does: ISO 32000-2 §7.5.2 puts the header
 * `%PDF-` at the start (readers accept it within the first 1024 bytes, core/pdf/PdfBytes.ts headerOffset). A file
 * without it is not a damaged PDF but another kind of file: NOT_A_PDF (exit 8), said before a PIN is asked.
 */
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { SiglaError } from '../shared/errors.js';

const HEADER_WINDOW = 1024;

/** The first bytes of `path` (up to 1024); a file that cannot be read gives none (its own refusal comes later). */
function firstBytes(path: string): Buffer | null {
  let fd: number;
  try {
    // Without blocking: a FIFO or device named as a PDF is refused by readInputFile's rules, never waited on.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(HEADER_WINDOW);
    return buf.subarray(0, readSync(fd, buf, 0, HEADER_WINDOW, 0));
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Throws NOT_A_PDF when the first 1024 bytes of `path` hold no `%PDF-` header. */
export function assertPdfHeader(path: string): void {
  const head = firstBytes(path);
  if (head !== null && !head.includes('%PDF-', 0, 'latin1')) {
    throw new SiglaError('NOT_A_PDF', `${path} is not a PDF (no %PDF- header)`, { params: { file: path } });
  }
}
