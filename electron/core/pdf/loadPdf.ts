/**
 * pdf-lib's parser over a whole file, read-only (no metadata update, encrypted files parsed as they are). pdf-lib
 * reports the objects it skips with console.warn; Sigla judges files with its own cross-reference and ByteRange
 * checks, so those messages are muted here, in one place.
 */
import { PDFDocument } from 'pdf-lib';
import { pdfParseError } from './PdfBytes.js';

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // eslint-disable-next-line no-console
  const warn = console.warn;
  // eslint-disable-next-line no-console
  console.warn = () => undefined;
  try {
    return await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    throw pdfParseError((e as Error).message.split('\n')[0] ?? 'unreadable', e);
  } finally {
    // eslint-disable-next-line no-console
    console.warn = warn;
  }
}
