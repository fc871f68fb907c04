/**
 * The two facts a conversion to PDF/A promises, read from a parsed PDF: the conformance the XMP metadata declares
 * (ISO 19005-1 §6.7.11, ISO 19005-2 §6.6.4: `pdfaid:part` and `pdfaid:conformance` in the catalog's /Metadata
 * stream) and whether every font the pages use is embedded (ISO 19005-1 §6.3.4, ISO 19005-2 §6.2.11.4: a
 * /FontDescriptor with /FontFile, /FontFile2 or /FontFile3; a Type 3 font is its own glyph program). The walk covers
 * each page's resources, the Form XObjects they name and the annotations' normal appearances, each dictionary once.
 */
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { fontEmbedded } from './fontEmbedded.js';
import { catalogXmp, readPdfaClaim, type PdfaClaim } from './pdfaClaim.js';
import { deref, dictOf } from './pdfObjects.js';

export { readPdfaClaim, type PdfaClaim };

export interface PdfaFacts {
  readonly claim: PdfaClaim;
  /** Base names of the fonts that are not embedded (each once). */
  readonly fontsNotEmbedded: readonly string[];
  /** How many distinct fonts were looked at. */
  readonly fonts: number;
}

/** At most this many dictionaries are walked (a hostile file's resource graph is bounded). */
const MAX_VISITS = 20_000;

/** The PDF/A claim and the fonts not embedded of `doc` (parsed by loadPdf or openLazily). */
export function pdfaFacts(doc: PDFDocument): PdfaFacts {
  const ctx = doc.context;
  const seen = new Set<PDFDict>();
  const fonts = new Set<PDFDict>();
  const missing = new Set<string>();
  const queue: PDFDict[] = [];
  const push = (o: PDFObject | undefined): void => {
    const d = dictOf(ctx, o);
    if (d && !seen.has(d) && seen.size < MAX_VISITS) {
      seen.add(d);
      queue.push(d);
    }
  };
  for (const page of doc.getPages()) {
    push(page.node.Resources());
    const annots = deref(ctx, page.node.get(PDFName.of('Annots')));
    if (annots instanceof PDFArray) {
      for (const a of annots.asArray()) {
        const ap = dictOf(ctx, dictOf(ctx, a)?.get(PDFName.of('AP')));
        const n = deref(ctx, ap?.get(PDFName.of('N')));
        if (n instanceof PDFStream) push(n);
        else if (n instanceof PDFDict) for (const [, v] of n.entries()) push(v);
      }
    }
  }
  // Each queued dictionary is a resource dictionary or a Form XObject / appearance stream's dictionary.
  for (let i = 0; i < queue.length; i++) {
    const d = queue[i] as PDFDict;
    const resources = d.has(PDFName.of('Resources')) ? dictOf(ctx, d.get(PDFName.of('Resources'))) : d;
    if (resources !== d) {
      push(resources);
      continue;
    }
    const fontDict = dictOf(ctx, d.get(PDFName.of('Font')));
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = dictOf(ctx, ref);
      if (!font || fonts.has(font)) continue;
      fonts.add(font);
      if (!fontEmbedded(ctx, font)) missing.add(String(deref(ctx, font.get(PDFName.of('BaseFont'))) ?? '?').replace(/^\//, ''));
    }
    const xobjects = dictOf(ctx, d.get(PDFName.of('XObject')));
    for (const [, ref] of xobjects?.entries() ?? []) {
      const x = dictOf(ctx, ref);
      if (x?.get(PDFName.of('Subtype')) === PDFName.of('Form')) push(x);
    }
  }
  return { claim: readPdfaClaim(catalogXmp(doc.catalog, doc.context) ?? ''), fontsNotEmbedded: [...missing], fonts: fonts.size };
}
