/**
 * pdf-lib's parser over a whole file, read-only (no metadata update, encrypted files parsed as they are), within the
 * limits of `pdfLimits.ts`. pdf-lib reports the objects it skips with console.warn; Sigla judges files with its own
 * cross-reference and ByteRange checks, so those messages are muted here, in one place.
 */
import { PDFDict, PDFDocument } from 'pdf-lib';
import { SiglaError } from '../../shared/errors.js';
import { pdfParseError } from './PdfBytes.js';
import { installPdfLimits, limitViolation } from './pdfLimits.js';

/**
 * A thrown value met while reading a PDF, as a coded error: ours stay as they are; pdf-lib's own errors (its parser
 * and its typed lookups on a hostile document) are PDF_PARSE with the error's class as the detail, never its text.
 * Anything else (a TypeError, a RangeError) is left alone: it is a bug, and reported as one.
 */
export function asPdfError(e: unknown): unknown {
  if (e instanceof SiglaError) return e;
  if (e instanceof Error && isPdfLibError(e)) return pdfParseError(e.constructor.name, e);
  return e;
}

const BUILT_IN_ERRORS = ['TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError'];

/**
 * pdf-lib's errors derive from Error with their own class name (core/errors.ts of pdf-lib) — but its ES5 build
 * (the CommonJS one Node loads) subclasses Error with `_super.call(this, msg) || this`, which yields a plain Error:
 * such an error is recognised by where it was thrown, the first frame of its stack being inside pdf-lib.
 */
function isPdfLibError(e: Error): boolean {
  const name = e.constructor.name;
  if (BUILT_IN_ERRORS.includes(name)) return false;
  if (name !== 'Error' && /Error$/.test(name)) return true;
  const origin = (e.stack ?? '').split('\n').find((l) => l.trimStart().startsWith('at '));
  return origin !== undefined && /[\\/]node_modules[\\/]pdf-lib[\\/]/.test(origin);
}

export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  installPdfLimits();
  // eslint-disable-next-line no-console
  const warn = console.warn;
  // eslint-disable-next-line no-console
  console.warn = () => undefined;
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (e) {
    const coded = asPdfError(e);
    throw coded instanceof SiglaError ? coded : pdfParseError('unreadable', e);
  } finally {
    // eslint-disable-next-line no-console
    console.warn = warn;
  }
  const violation = limitViolation(doc.context);
  if (violation) throw violation;
  // pdf-lib takes whatever /Root names as the catalog; a file whose /Root is not a dictionary has no document.
  if (!((doc.catalog as unknown) instanceof PDFDict)) throw pdfParseError('no document catalog');
  return doc;
}
