/**
 * What a PDF holds that a receiving office cares about (issue 15), read from a lazily opened document
 * (core/pdf/openLazily.ts): one bounded walk of the object graph from the catalog, so JavaScript or a link is found
 * wherever it hides (OpenAction, additional actions of the document, pages, fields and annotations, outlines, the
 * /JavaScript name tree), plus the XMP metadata for the PDF/A identification.
 *
 * - Active content (ISO 32000-2 §12.6.4): actions of type JavaScript (or any dictionary with /JS), Launch,
 *   SubmitForm, ImportData, RichMediaExecute.
 * - External links: URI actions (§12.6.4.8), GoToR/GoToE naming another file.
 * - Embedded files: file specifications with /EF (§7.11.4), FileAttachment annotations (§12.5.6.15).
 * - Fonts (§9.6–9.7): a simple or CIDFont whose descriptor has no FontFile, FontFile2 or FontFile3, or a simple font
 *   with no descriptor (the standard 14), is not embedded — ISO 19005-2 §6.2.11.4 requires every font used to be;
 *   Type 3 fonts are embedded by nature. The AcroForm's default resources (/DR) are not walked: fonts there are
 *   available to forms, not used by the document.
 * - XFA (§12.7.9), encryption (§7.6, a trailer /Encrypt), PDF/A identification (ISO 19005-1 §6.7.11: the XMP's
 *   `pdfaid:part` and `pdfaid:conformance`).
 * The walk reads at most {@link MAX_OBJECTS} dictionaries and arrays; streams are not decoded, but the XMP.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { fontEmbedded } from '../pdf/fontEmbedded.js';
import { catalogXmp, readPdfaClaim } from '../pdf/pdfaClaim.js';
import { deref } from '../pdf/pdfObjects.js';
import { asPdfError, loadPdf } from '../pdf/loadPdf.js';
import { openLazily } from '../pdf/openLazily.js';
import type { PdfSource } from '../pdf/PdfSource.js';
import { SiglaError } from '../../shared/errors.js';
import type { PdfFacts } from './FileFacts.js';

export const MAX_OBJECTS = 200_000;
const MAX_LISTED = 50;

const ACTIVE_ACTIONS = new Set(['JavaScript', 'Launch', 'SubmitForm', 'ImportData', 'RichMediaExecute']);

function nameOf(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFName ? o.decodeText() : undefined;
}

function textOf(o: PDFObject | undefined): string | undefined {
  if (o instanceof PDFString || o instanceof PDFHexString) {
    try {
      return o.decodeText();
    } catch {
      return undefined;
    }
  }
  return nameOf(o);
}

function push(list: string[], v: string): void {
  if (list.length < MAX_LISTED && !list.includes(v)) list.push(v);
}

/** The PDF/A identification of an XMP packet (core/pdf/pdfaClaim.ts) as part and conformance, `2B`. */
export function pdfaIdOf(xmp: string): string | undefined {
  const { part, conformance } = readPdfaClaim(xmp);
  return part === undefined ? undefined : `${part}${conformance ?? ''}`;
}

export function pdfFacts(doc: PDFDocument): PdfFacts {
  const ctx = doc.context;
  const lookup = (o: PDFObject | undefined): PDFObject | undefined => deref(ctx, o);
  const fontsNotEmbedded: string[] = [];
  const activeContent: string[] = [];
  const externalLinks: string[] = [];
  const embeddedFiles: string[] = [];
  let signatureFields = 0;
  const catalog = doc.catalog;
  const acroForm = lookup(catalog.get(PDFName.of('AcroForm')));
  const xfa = acroForm instanceof PDFDict && acroForm.get(PDFName.of('XFA')) !== undefined;

  const seen = new Set<PDFObject>();
  const stack: PDFObject[] = [catalog];
  let visited = 0;
  const visitDict = (d: PDFDict): void => {
    const type = nameOf(d.get(PDFName.of('Type')));
    const subtype = nameOf(d.get(PDFName.of('Subtype')));
    const action = nameOf(d.get(PDFName.of('S')));
    if (action !== undefined && ACTIVE_ACTIONS.has(action)) push(activeContent, action);
    else if (d.get(PDFName.of('JS')) !== undefined) push(activeContent, 'JavaScript');
    if (action === 'URI') push(externalLinks, textOf(lookup(d.get(PDFName.of('URI')))) ?? 'URI');
    if (action === 'GoToR' || action === 'GoToE' || action === 'Launch') {
      const f = lookup(d.get(PDFName.of('F')));
      const target = f instanceof PDFDict ? textOf(lookup(f.get(PDFName.of('UF')))) ?? textOf(lookup(f.get(PDFName.of('F')))) : textOf(f);
      if (action !== 'Launch' || target !== undefined) push(externalLinks, target ?? action);
    }
    if (d.get(PDFName.of('EF')) !== undefined) push(embeddedFiles, textOf(lookup(d.get(PDFName.of('UF')))) ?? textOf(lookup(d.get(PDFName.of('F')))) ?? '?');
    else if (subtype === 'FileAttachment') push(embeddedFiles, textOf(lookup(d.get(PDFName.of('Contents')))) ?? 'FileAttachment');
    if (nameOf(d.get(PDFName.of('FT'))) === 'Sig' && d.get(PDFName.of('V')) !== undefined) signatureFields++;
    if (type === 'Font' || (d.get(PDFName.of('BaseFont')) !== undefined && subtype !== undefined)) {
      // A Type 0 font's descendant CIDFont is walked as a font of its own.
      if (subtype !== 'Type0' && !fontEmbedded(ctx, d)) push(fontsNotEmbedded, nameOf(d.get(PDFName.of('BaseFont'))) ?? subtype ?? '?');
    }
  };
  while (stack.length > 0 && visited < MAX_OBJECTS) {
    const raw = stack.pop();
    const o = lookup(raw);
    if (o === undefined || seen.has(o)) continue;
    seen.add(o);
    visited++;
    const dict = o instanceof PDFDict ? o : o instanceof PDFStream ? o.dict : undefined;
    if (dict) {
      visitDict(dict);
      for (const [k, v] of dict.entries()) {
        const key = k.decodeText();
        // Back links (/Parent, an annotation's /P) lead to what is walked anyway; /DR holds fonts not used.
        if (key === 'Parent' || key === 'P' || (key === 'DR' && dict === acroForm)) continue;
        if (v instanceof PDFRef || v instanceof PDFDict || v instanceof PDFArray) stack.push(v);
      }
    } else if (o instanceof PDFArray) {
      for (let i = o.size() - 1; i >= 0; i--) {
        const v = o.get(i);
        if (v instanceof PDFRef || v instanceof PDFDict || v instanceof PDFArray) stack.push(v);
      }
    }
  }
  let pdfa: string | undefined;
  try {
    const xmp = catalogXmp(catalog, ctx);
    pdfa = xmp === undefined ? undefined : pdfaIdOf(xmp);
  } catch {
    pdfa = undefined;
  }
  return {
    encrypted: ctx.trailerInfo.Encrypt !== undefined,
    ...(pdfa !== undefined ? { pdfa } : {}),
    fontsNotEmbedded,
    activeContent,
    externalLinks,
    embeddedFiles,
    xfa,
    signatureFields,
  };
}

/** A damaged PDF is read whole by pdf-lib's repairing loader (loadPdf.ts) only up to this size. */
const WHOLE_PDF_MAX = 64 << 20;

/** A coded error the file's structure caused (a parse failure, a limit): the damage; anything else goes on. */
function damageOf(e: unknown): string {
  const coded = asPdfError(e);
  if (coded instanceof SiglaError && (coded.exitCode === 8 || coded.code === 'INPUT_LIMIT')) return coded.code;
  throw coded;
}

/**
 * The facts of the PDF in `src`, opened lazily; a file the lazy reader cannot open is read whole by the repairing
 * loader when not larger than 64 MiB (`whole` gives its bytes). A structure neither can read is `damaged`.
 */
export async function readPdfFacts(src: PdfSource, whole: () => Uint8Array): Promise<{ pdf?: PdfFacts; damaged?: string }> {
  let doc: PDFDocument;
  try {
    doc = openLazily(src).doc;
  } catch (e) {
    damageOf(e);
    if (src.size > WHOLE_PDF_MAX) return { damaged: 'PDF_PARSE' };
    try {
      doc = await loadPdf(whole());
    } catch (e2) {
      return { damaged: damageOf(e2) };
    }
  }
  try {
    return { pdf: pdfFacts(doc) };
  } catch (e) {
    return { damaged: damageOf(e) };
  }
}
