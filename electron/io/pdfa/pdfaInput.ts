/**
 * Which converter a file needs: a PDF (by its first bytes, ISO 32000-2 §7.5.2) goes to Ghostscript; Office, ODF,
 * RTF and text files (by their name's extension: their content is LibreOffice's to judge) go to LibreOffice;
 * anything else is not converted (CONVERSION_UNSUPPORTED, exit 8).
 */
import { extname } from 'node:path';
import { SiglaError } from '../../shared/errors.js';

export type PdfaConverter = 'libreoffice' | 'ghostscript';

/** Extensions LibreOffice opens as documents (Writer, Calc, Impress, Draw). */
const OFFICE = new Set(['doc', 'docx', 'docm', 'dot', 'dotx', 'odt', 'ott', 'fodt', 'rtf', 'txt', 'xls', 'xlsx', 'xlsm', 'ods', 'fods', 'csv', 'ppt', 'pptx', 'odp', 'fodp', 'odg', 'wpd']);

function startsAsPdf(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, 1024)).includes('%PDF-');
}

export interface PdfaInputKind {
  readonly converter: PdfaConverter;
  /** The extension the private copy is given (LibreOffice chooses its import filter by it). */
  readonly extension: string;
}

export function pdfaInputKind(file: string, bytes: Uint8Array): PdfaInputKind {
  if (startsAsPdf(bytes)) return { converter: 'ghostscript', extension: 'pdf' };
  const ext = extname(file).slice(1).toLowerCase();
  if (OFFICE.has(ext)) return { converter: 'libreoffice', extension: ext };
  throw new SiglaError('CONVERSION_UNSUPPORTED', `${file}: not a PDF, Office, ODF, RTF or text file`, { params: { file } });
}
