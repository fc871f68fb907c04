/**
 * A PDF opened without parsing it whole (lazyPdf.ts): the header (ISO 32000-2 §7.5.2), the cross-reference chain
 * from the last `startxref` (§7.5.5, XrefChain.ts), and a document whose objects are read when looked up. Shared by
 * signing (which reads the few objects an update needs) and verification (which reads the signature fields).
 * A file this cannot open (damaged cross-reference data, a catalog /Root does not name) throws PDF_PARSE: callers
 * then read it whole with pdf-lib's loader (loadPdf.ts), which repairs what it can.
 */
import { PDFCatalog, PDFContext, type PDFDocument } from 'pdf-lib';
import { headerOffset, lastStartxref, pdfParseError, textAt } from './PdfBytes.js';
import type { PdfSource } from './PdfSource.js';
import { lazyPdf } from './lazyPdf.js';
import { installPdfLimits } from './pdfLimits.js';
import { readXrefChain, type XrefChain } from './XrefChain.js';

export interface LazilyOpened {
  readonly doc: PDFDocument;
  /** Where `%PDF-` is: offsets in the file are relative to it (§7.5.2, a few producers put bytes before it). */
  readonly header: number;
  readonly chain: XrefChain;
}

export function openLazily(src: PdfSource): LazilyOpened {
  installPdfLimits();
  const header = headerOffset(src.read(0, 1024));
  // §7.5.2: "%PDF-" and a version; pdf-lib's loader refuses anything else, and so does the whole-file path.
  if (!/^%PDF-\d+\.\d+/.test(textAt(src.read(header, 16), 0, 16))) throw pdfParseError('the header has no version');
  const tail = Math.max(0, src.size - 4096);
  const chainContext = PDFContext.create();
  const chain = readXrefChain(src, header, lastStartxref(src.read(tail, src.size - tail)), chainContext);
  const doc = lazyPdf(src, header, chain);
  // pdf-lib's loader finds a catalog /Root does not name; that repair is the whole-file path's.
  if (!((doc.catalog as unknown) instanceof PDFCatalog)) throw pdfParseError('the catalog is not a /Type /Catalog dictionary');
  return { doc, header, chain };
}
