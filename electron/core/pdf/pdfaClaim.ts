/**
 * The PDF/A conformance a file declares: `pdfaid:part` and `pdfaid:conformance` in the XMP packet of the catalog's
 * /Metadata stream (ISO 19005-1 §6.7.11, ISO 19005-2 §6.6.4), written as attributes (`pdfaid:part="2"`) or elements
 * (`<pdfaid:part>2</pdfaid:part>`) (XMP Part 1 §7.9). The one reader of that claim for the engine.
 */
import { PDFName, PDFRawStream, type PDFContext, type PDFDict } from 'pdf-lib';
import { deref } from './pdfObjects.js';
import { decodeBounded } from './pdfLimits.js';

export interface PdfaClaim {
  /** `pdfaid:part` (1, 2, 3, 4), when the XMP declares a positive integer. */
  readonly part?: number;
  /** `pdfaid:conformance` upper-cased (`A`, `B`, `U`), when declared. */
  readonly conformance?: string;
}

/** At most this much of the decoded XMP is read (the claim sits near its start). */
const MAX_XMP = 4 << 20;

/** The XMP packet's `pdfaid` values, as attributes or elements. */
export function readPdfaClaim(xmp: string): PdfaClaim {
  const field = (name: string): string | undefined => {
    // Linear patterns only (the XMP may be hostile): no two quantifiers over the same characters.
    const m = new RegExp(`pdfaid:${name}\\s*=\\s*["']([^"']*)["']|<pdfaid:${name}>([^<]*)</pdfaid:${name}>`).exec(xmp);
    return m ? (m[1] ?? m[2])?.trim() : undefined;
  };
  const part = Number(field('part'));
  const conformance = field('conformance');
  return { ...(Number.isInteger(part) && part > 0 ? { part } : {}), ...(conformance ? { conformance: conformance.toUpperCase() } : {}) };
}

/**
 * The text of the catalog's XMP metadata stream (its first 4 MiB decoded, within pdfLimits' bounds), or undefined
 * when there is none. A stream that cannot be decoded throws (pdfLimits' coded errors, or the filter's).
 */
export function catalogXmp(catalog: PDFDict, context: PDFContext): string | undefined {
  const stream = deref(context, catalog.get(PDFName.of('Metadata')));
  if (!(stream instanceof PDFRawStream)) return undefined;
  return new TextDecoder('utf-8', { fatal: false }).decode(decodeBounded(stream, context).subarray(0, MAX_XMP));
}
