/**
 * The two facts a conversion to PDF/A promises, read from a parsed PDF: the conformance the XMP metadata declares
 * (ISO 19005-1 §6.7.11, ISO 19005-2 §6.6.4: `pdfaid:part` and `pdfaid:conformance` in the catalog's /Metadata
 * stream) and whether every font the pages use is embedded (ISO 19005-1 §6.3.4, ISO 19005-2 §6.2.11.4: a
 * /FontDescriptor with /FontFile, /FontFile2 or /FontFile3; a Type 3 font is its own glyph program). The walk covers
 * each page's resources, the Form XObjects they name and the annotations' normal appearances, each dictionary once.
 */
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodeBounded } from './pdfLimits.js';

export interface PdfaClaim {
  /** `pdfaid:part` (1, 2, 3, 4), when the XMP declares one. */
  readonly part?: number;
  /** `pdfaid:conformance` upper-cased (`A`, `B`, `U`), when declared. */
  readonly conformance?: string;
}

export interface PdfaFacts {
  readonly claim: PdfaClaim;
  /** Base names of the fonts that are not embedded (each once). */
  readonly fontsNotEmbedded: readonly string[];
  /** How many distinct fonts were looked at. */
  readonly fonts: number;
}

/** At most this many dictionaries are walked (a hostile file's resource graph is bounded). */
const MAX_VISITS = 20_000;

function deref(doc: PDFDocument, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? doc.context.lookup(o) : o;
}

function dictOf(doc: PDFDocument, o: PDFObject | undefined): PDFDict | undefined {
  const v = deref(doc, o);
  if (v instanceof PDFDict) return v;
  if (v instanceof PDFStream) return v.dict;
  return undefined;
}

/** The XMP packet's `pdfaid` values, as attributes (`pdfaid:part="2"`) or elements (`<pdfaid:part>2</…>`). */
export function readPdfaClaim(xmp: string): PdfaClaim {
  const value = (name: string): string | undefined =>
    new RegExp(`pdfaid:${name}\\s*=\\s*["']\\s*([^"'<\\s]+)`).exec(xmp)?.[1] ?? new RegExp(`<pdfaid:${name}>\\s*([^<\\s]+)\\s*<`).exec(xmp)?.[1];
  const part = Number(value('part'));
  const conformance = value('conformance');
  return { ...(Number.isInteger(part) && part > 0 ? { part } : {}), ...(conformance ? { conformance: conformance.toUpperCase() } : {}) };
}

function xmpOf(doc: PDFDocument): string {
  const meta = deref(doc, doc.catalog.get(PDFName.of('Metadata')));
  if (!(meta instanceof PDFRawStream)) return '';
  return Buffer.from(decodeBounded(meta)).toString('utf8');
}

function fontEmbedded(doc: PDFDocument, font: PDFDict): boolean {
  const subtype = font.get(PDFName.of('Subtype'));
  if (subtype === PDFName.of('Type3')) return true;
  let described = font;
  if (subtype === PDFName.of('Type0')) {
    const descendants = deref(doc, font.get(PDFName.of('DescendantFonts')));
    const first = descendants instanceof PDFArray ? dictOf(doc, descendants.get(0)) : undefined;
    if (!first) return false;
    described = first;
  }
  const descriptor = dictOf(doc, described.get(PDFName.of('FontDescriptor')));
  if (!descriptor) return false;
  return ['FontFile', 'FontFile2', 'FontFile3'].some((k) => deref(doc, descriptor.get(PDFName.of(k))) instanceof PDFStream);
}

/** The PDF/A claim and the fonts not embedded of `doc` (parsed by loadPdf or openLazily). */
export function pdfaFacts(doc: PDFDocument): PdfaFacts {
  const seen = new Set<PDFDict>();
  const fonts = new Set<PDFDict>();
  const missing = new Set<string>();
  const queue: PDFDict[] = [];
  const push = (o: PDFObject | undefined): void => {
    const d = dictOf(doc, o);
    if (d && !seen.has(d) && seen.size < MAX_VISITS) {
      seen.add(d);
      queue.push(d);
    }
  };
  for (const page of doc.getPages()) {
    push(page.node.Resources());
    const annots = deref(doc, page.node.get(PDFName.of('Annots')));
    if (annots instanceof PDFArray) {
      for (const a of annots.asArray()) {
        const ap = dictOf(doc, dictOf(doc, a)?.get(PDFName.of('AP')));
        const n = deref(doc, ap?.get(PDFName.of('N')));
        if (n instanceof PDFStream) push(n);
        else if (n instanceof PDFDict) for (const [, v] of n.entries()) push(v);
      }
    }
  }
  // Each queued dictionary is a resource dictionary or a Form XObject / appearance stream's dictionary.
  for (let i = 0; i < queue.length; i++) {
    const d = queue[i] as PDFDict;
    const resources = d.has(PDFName.of('Resources')) ? dictOf(doc, d.get(PDFName.of('Resources'))) : d;
    if (resources !== d) {
      push(resources);
      continue;
    }
    const fontDict = dictOf(doc, d.get(PDFName.of('Font')));
    for (const [, ref] of fontDict?.entries() ?? []) {
      const font = dictOf(doc, ref);
      if (!font || fonts.has(font)) continue;
      fonts.add(font);
      if (!fontEmbedded(doc, font)) missing.add(String(deref(doc, font.get(PDFName.of('BaseFont'))) ?? '?').replace(/^\//, ''));
    }
    const xobjects = dictOf(doc, d.get(PDFName.of('XObject')));
    for (const [, ref] of xobjects?.entries() ?? []) {
      const x = dictOf(doc, ref);
      if (x?.get(PDFName.of('Subtype')) === PDFName.of('Form')) push(x);
    }
  }
  return { claim: readPdfaClaim(xmpOf(doc)), fontsNotEmbedded: [...missing], fonts: fonts.size };
}
