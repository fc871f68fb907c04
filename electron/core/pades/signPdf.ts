/**
 * A PAdES baseline B-B signature (ETSI EN 319 142-1) added to a PDF as an incremental update (ISO 32000-2 §7.5.6,
 * §12.8): the original bytes stay a prefix of the output, so every earlier signature stays valid.
 *
 * The update holds the signature dictionary (/Filter /Adobe.PPKLite, /SubFilter /ETSI.CAdES.detached, /M, /ByteRange
 * over the whole new revision but the /Contents hole), a signature field merged with its widget on the chosen page,
 * the page's /Annots, the AcroForm with /SigFlags 3, and the catalog when it must point at a new AcroForm. pdf-lib
 * parses single objects and serialises them; it never writes the file.
 *
 * The file is read as little as the update needs: the cross-reference chain from its end and the objects looked up
 * (lazyPdf.ts), then one streamed pass that hashes the original revision while copying it to the output; the update
 * is built (with its /ByteRange) before that pass and written after it, the CMS in its /Contents hole. Memory does
 * not grow with the file. A file whose cross-reference data is damaged is read whole and repaired as before.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFContext, type PDFDocument, type PDFPage } from 'pdf-lib';
import { SiglaError } from '../../shared/errors.js';
import type { OutputSink } from '../content/ContentSource.js';
import { HASHES } from '../crypto/HashAlgorithm.js';
import { createHash, type Hash } from 'node:crypto';
import { headerOffset, pdfParseError } from '../pdf/PdfBytes.js';
import { bytesPdfSource, type PdfSource } from '../pdf/PdfSource.js';
import { openLazily } from '../pdf/openLazily.js';
import { asPdfError, loadPdf } from '../pdf/loadPdf.js';
import { limitError, PDF_LIMITS } from '../pdf/pdfLimits.js';
import { IncrementalUpdate } from '../pdf/IncrementalUpdate.js';
import { pdfDate, textString } from '../pdf/pdfText.js';
import { soundBase, xrefBase, type XrefBase } from '../pdf/XrefChain.js';
import { cmsReserve, padesCms, TIMESTAMP_RESERVE } from './detachedCms.js';
import { docMdpPermission } from './docMdp.js';
import type { PadesOptions } from './PadesOptions.js';
import type { Timestamper } from '../tsp/Timestamper.js';
import { allFields, fieldType, uniqueSignatureName, type FoundField } from './signatureFields.js';
import { buildAppearance, widgetRect } from './visibleAppearance.js';
import { outputIntentColours } from './pdfaDeclaration.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface PadesResult {
  readonly field: string;
  /** What /Contents holds, unpadded: the CMS (or the time-stamp token) — the key of the signature's DSS /VRI entry. */
  readonly contents: Uint8Array;
  readonly byteRange: readonly [number, number, number, number];
  readonly cmsLength: number;
  readonly reserved: number;
}

const ascii = new TextEncoder();
const BYTE_RANGE_WIDTH = 10;

/** A PDF opened for an update: the document, where its header is, what the new cross-reference section builds on. */
export interface OpenedPdf {
  readonly doc: PDFDocument;
  readonly header: number;
  readonly base: XrefBase;
}

function refuseEncrypted(doc: PDFDocument): void {
  if (doc.context.trailerInfo.Encrypt || doc.isEncrypted) {
    throw new SiglaError('PDF_ENCRYPTED', 'encrypted PDFs are not signed', { params: { detail: 'encrypted' } });
  }
}

/** Loads the whole PDF for reading, refusing what cannot be extended safely. */
export async function openPdf(pdf: Uint8Array): Promise<{ doc: PDFDocument; header: number }> {
  const header = headerOffset(pdf);
  const doc = await loadPdf(pdf);
  refuseEncrypted(doc);
  return { doc, header };
}

/** Opens only what the update needs (pdf/openLazily.ts); a PDF_PARSE error means the file needs the whole-file path. */
export function openForUpdate(src: PdfSource): OpenedPdf {
  const { doc, header, chain } = openLazily(src);
  refuseEncrypted(doc);
  return { doc, header, base: soundBase(chain) };
}

/** Reads the whole file with pdf-lib and repairs its cross-reference data if needed (XrefChain.ts). */
export async function openWhole(src: PdfSource): Promise<OpenedPdf> {
  const bytes = src.read(0, src.size);
  if (bytes.length !== src.size) throw new SiglaError('INPUT_CHANGED', 'the PDF changed while it was being read');
  const { doc, header } = await openPdf(bytes);
  return { doc, header, base: xrefBase(bytes, header, doc.context) };
}

function lookupDict(context: PDFContext, o: unknown): PDFDict | undefined {
  const v = o instanceof PDFRef ? context.lookup(o) : o;
  return v instanceof PDFDict ? v : undefined;
}

/** What differs between a signature and a document time-stamp (ETSI EN 319 142-1 §5.4.3 / §5.5). */
interface RevisionKind {
  /** Bytes reserved for /Contents. */
  readonly reserved: number;
  /** The dictionary's entries before /ByteRange. */
  readonly head: string;
  /** What goes in /Contents, given the digest of the byte ranges. */
  readonly contents: (digest: Uint8Array) => Promise<Uint8Array>;
}

export async function signPdf(pdf: Uint8Array | PdfSource, sink: OutputSink, o: PadesOptions): Promise<PadesResult> {
  const when = o.signingTime ?? new Date();
  return writeSignatureRevision(pdf, sink, o, when, {
    reserved: cmsReserve(o.signer, o.timestamper ? TIMESTAMP_RESERVE : 0),
    head:
      `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/M ${textString(pdfDate(when))}\n` +
      (o.reason ? `/Reason ${textString(o.reason)}\n` : '') +
      (o.location ? `/Location ${textString(o.location)}\n` : '') +
      (o.contactInfo ? `/ContactInfo ${textString(o.contactInfo)}\n` : ''),
    contents: (digest) => padesCms(o.signer, o.hash, digest, o.timestamper),
  });
}

/**
 * A document time-stamp (ETSI EN 319 142-1 §5.5, ISO 32000-2 §12.8.5): a new revision whose /Contents is an RFC 3161
 * token over the byte ranges, /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161 — the basis of PAdES B-LTA.
 */
export async function timestampPdf(pdf: Uint8Array | PdfSource, sink: OutputSink, o: { readonly hash: PadesOptions['hash']; readonly timestamper: Timestamper }): Promise<PadesResult> {
  return writeSignatureRevision(pdf, sink, { hash: o.hash }, new Date(), {
    reserved: TIMESTAMP_RESERVE,
    head: `<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n`,
    contents: async (digest) => (await o.timestamper(o.hash, digest)).token,
  });
}

/** Where the new revision's field goes: a signature may name a field or be visible; a document time-stamp neither. */
type Placement = Pick<PadesOptions, 'hash'> & Partial<Pick<PadesOptions, 'fieldName' | 'visible' | 'signer' | 'reason' | 'fonts'>>;

async function writeSignatureRevision(pdf: Uint8Array | PdfSource, sink: OutputSink, o: Placement, when: Date, kind: RevisionKind): Promise<PadesResult> {
  const src = pdf instanceof Uint8Array ? bytesPdfSource(pdf) : pdf;
  let update: PreparedUpdate;
  try {
    try {
      update = await prepareUpdate(openForUpdate(src), src, o, when, kind);
    } catch (e) {
      // Nothing is signed or written yet: a file the lazy reading cannot take is read whole, as before.
      const coded = asPdfError(e);
      if (!(coded instanceof SiglaError) || coded.code !== 'PDF_PARSE') throw coded;
      update = await prepareUpdate(await openWhole(src), src, o, when, kind);
    }
  } catch (e) {
    // pdf-lib's typed lookups throw on a hostile document's structure: a bad input (PDF_PARSE, exit 8), not a bug.
    throw asPdfError(e);
  }
  return writeUpdate(src, sink, o, kind, update);
}

/** §7.7.3.2: the page tree, walked without recursion; a loop or a nesting beyond the limit is a damaged file. */
function checkPageTree(context: PDFContext, catalog: PDFDict): void {
  const seen = new Set<PDFDict>();
  const stack: { node: unknown; depth: number }[] = [{ node: catalog.get(PDFName.of('Pages')), depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    const d = node instanceof PDFRef ? context.lookup(node) : node;
    if (!(d instanceof PDFDict)) continue;
    if (seen.has(d)) throw pdfParseError('the page tree has a loop');
    seen.add(d);
    if (depth > PDF_LIMITS.nesting) throw limitError('pdfNesting', 'page tree nested too deep');
    const kids = d.get(PDFName.of('Kids'));
    const arr = kids instanceof PDFRef ? context.lookup(kids) : kids;
    if (arr instanceof PDFArray) for (const k of arr.asArray()) stack.push({ node: k, depth: depth + 1 });
  }
}

/** The update built, /ByteRange set, its /Contents hole still zeros. */
interface PreparedUpdate {
  readonly inc: Uint8Array;
  readonly ltAt: number;
  readonly gtAt: number;
  readonly byteRange: [number, number, number, number];
  readonly field: string;
}

async function prepareUpdate(opened: OpenedPdf, pdf: PdfSource, o: Placement, when: Date, kind: RevisionKind): Promise<PreparedUpdate> {
  const { doc, header, base } = opened;
  const context = doc.context;
  const rootRef = base.trailer.get(PDFName.of('Root'));
  const catalog = lookupDict(context, rootRef);
  if (!(rootRef instanceof PDFRef) || !catalog) throw pdfParseError('no document catalog');
  if (docMdpPermission(catalog, context) === 1) {
    throw new SiglaError('PDF_CERTIFIED', 'the document is certified with DocMDP P=1: no change allowed', { params: { detail: 'DocMDP P=1' } });
  }
  checkPageTree(context, catalog);
  let pages: PDFPage[];
  try {
    pages = doc.getPages();
  } catch (e) {
    throw pdfParseError('the page tree is broken', e);
  }
  if (pages.length === 0) throw pdfParseError('the document has no pages');

  const update = new IncrementalUpdate({ length: pdf.size, lastByte: pdf.read(pdf.size - 1, 1)[0] }, header, base, context);
  const acroRaw = catalog.get(PDFName.of('AcroForm'));
  const acroForm = lookupDict(context, acroRaw);
  const fields = allFields(acroForm, context);
  const sigRef = update.allocate();

  // The field: an existing empty one (--field), or a new one merged with its widget.
  let field: FoundField | undefined;
  if (o.fieldName !== undefined) {
    field = fields.find((f) => f.name === o.fieldName);
    if (!field) throw new SiglaError('PDF_FIELD', `no field named ${o.fieldName}`, { params: { field: o.fieldName, fieldProblem: 'missing' } });
    if (fieldType(field.dict, context) !== PDFName.of('Sig')) throw new SiglaError('PDF_FIELD', `${o.fieldName} is not a signature field`, { params: { field: o.fieldName, fieldProblem: 'notSignature' } });
    if (field.dict.get(PDFName.of('V'))) throw new SiglaError('PDF_FIELD', `${o.fieldName} is already signed`, { params: { field: o.fieldName, fieldProblem: 'signed' } });
  }
  const name = field?.name ?? uniqueSignatureName(fields);
  let newFieldRef: PDFRef | undefined;

  if (field) {
    field.dict.set(PDFName.of('V'), sigRef);
    field.dict.set(PDFName.of('F'), PDFNumber.of(132));
    update.put(field.ref, field.dict);
  } else {
    const pageIndex = (o.visible?.page ?? 1) - 1;
    const page = pages[pageIndex];
    if (!page) throw usageError('pageMissing', { page: pageIndex + 1, count: pages.length });
    const widgetRef = update.allocate();
    newFieldRef = widgetRef;
    const widget = context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      F: 132, // Print + Locked (§12.5.3)
      P: page.ref,
      V: sigRef,
    });
    widget.set(PDFName.of('T'), PDFString.of(name));
    if (o.visible && o.signer) {
      const rect = widgetRect(page, o.visible);
      widget.set(PDFName.of('Rect'), context.obj(rect.rect));
      const colours = outputIntentColours(catalog, context);
      const ap = await buildAppearance(context, update, rect, { visible: o.visible, signer: o.signer, colours, ...(o.fonts ? { fonts: o.fonts } : {}), ...(o.reason ? { reason: o.reason } : {}) }, when);
      widget.set(PDFName.of('AP'), context.obj({ N: ap }));
    } else {
      widget.set(PDFName.of('Rect'), context.obj([0, 0, 0, 0]));
      // An invisible signature's widget gets an empty appearance too: PDF/A validators want /AP /N on every widget
      // (ISO 19005-1 §6.5.3 as PDFBox Preflight reads it; ISO 19005-2 §6.3.3).
      const empty = update.allocate();
      update.put(empty, context.formXObject([], { BBox: [0, 0, 0, 0] }));
      widget.set(PDFName.of('AP'), context.obj({ N: empty }));
    }
    update.put(widgetRef, widget);

    // The page's /Annots: an indirect array is rewritten alone; a direct one (or none) means rewriting the page.
    const annotsRaw = page.node.get(PDFName.of('Annots'));
    const annots = annotsRaw instanceof PDFRef ? context.lookup(annotsRaw) : annotsRaw;
    if (annotsRaw instanceof PDFRef && annots instanceof PDFArray) {
      annots.push(widgetRef);
      update.put(annotsRaw, annots);
    } else {
      if (annots instanceof PDFArray) annots.push(widgetRef);
      else page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));
      update.put(page.ref, page.node);
    }

    // The AcroForm: /Fields gets the new field, /SigFlags 3 (SignaturesExist | AppendOnly, §12.7.3).
    if (acroForm) {
      const fieldsRaw = acroForm.get(PDFName.of('Fields'));
      const fieldsArr = fieldsRaw instanceof PDFRef ? context.lookup(fieldsRaw) : fieldsRaw;
      if (fieldsRaw instanceof PDFRef && fieldsArr instanceof PDFArray) {
        fieldsArr.push(widgetRef);
        update.put(fieldsRaw, fieldsArr);
      } else if (fieldsArr instanceof PDFArray) fieldsArr.push(widgetRef);
      else acroForm.set(PDFName.of('Fields'), context.obj([widgetRef]));
    }
  }
  const form = acroForm ?? context.obj({ Fields: newFieldRef ? [newFieldRef] : [] });
  form.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  if (acroRaw instanceof PDFRef) update.put(acroRaw, form);
  else {
    if (!acroForm) {
      const acroRef = update.allocate();
      update.put(acroRef, form);
      catalog.set(PDFName.of('AcroForm'), acroRef);
    }
    update.put(rootRef, catalog);
  }

  // The signature dictionary, with fixed-width placeholders for /ByteRange and /Contents.
  const reserved = kind.reserved;
  const head = kind.head + `/ByteRange [`;
  const brPlaceholder = `0 ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)} ${'0'.repeat(BYTE_RANGE_WIDTH)}`;
  const mid = `]\n/Contents <`;
  const tail = `>\n>>`;
  const sigBody = ascii.encode(head + brPlaceholder + mid + '0'.repeat(reserved * 2) + tail);
  update.put(sigRef, sigBody);

  const { bytes: inc, offsets } = update.build();
  const sigStart = offsets.get(sigRef.objectNumber);
  if (sigStart === undefined) throw new Error('signature dictionary not written');
  const bodyStart = sigStart + `${sigRef.objectNumber} 0 obj\n`.length;
  const brAt = bodyStart + head.length;
  const ltAt = brAt + brPlaceholder.length + mid.length - 1; // the '<' of /Contents
  const gtAt = ltAt + 1 + reserved * 2; // the '>'
  const total = pdf.size + inc.length;
  const byteRange: [number, number, number, number] = [0, pdf.size + ltAt, pdf.size + gtAt + 1, total - (pdf.size + gtAt + 1)];
  const brText = byteRange.map((n, i) => (i === 0 ? '0' : String(n))).join(' ');
  if (brText.length > brPlaceholder.length) throw new Error('ByteRange does not fit its placeholder');
  inc.set(ascii.encode(brText.padEnd(brPlaceholder.length, ' ')), brAt);

  return { inc, ltAt, gtAt, byteRange, field: name };
}

/** One streamed pass over the original into `h` (and into `sink` when given); the length must be the expected one. */
async function streamOriginal(pdf: PdfSource, h: Hash, sink: OutputSink): Promise<void> {
  let read = 0;
  for await (const chunk of pdf.open()) {
    read += chunk.length;
    if (read > pdf.size) break;
    h.update(chunk);
    await sink.write(chunk);
  }
  if (read !== pdf.size) throw changed();
}

const changed = (): SiglaError => new SiglaError('INPUT_CHANGED', 'the PDF changed while it was being signed');

/**
 * The digest covers everything but the hole (§12.8.1): the original, streamed once — each chunk hashed and written
 * to the output as it is read, so the bytes signed are the very bytes the output holds, whatever happens to the
 * file meanwhile (a file that grows or shrinks while read is INPUT_CHANGED) — then the update around the hole. The
 * output is a temp file until it is complete (the sink's owner renames it), so nothing is left if signing fails.
 */
async function writeUpdate(pdf: PdfSource, sink: OutputSink, o: Placement, kind: RevisionKind, u: PreparedUpdate): Promise<PadesResult> {
  const { inc, ltAt, gtAt, byteRange, field: name } = u;
  const reserved = kind.reserved;
  const alg = HASHES[o.hash].nodeName;
  const h = createHash(alg);
  await streamOriginal(pdf, h, sink);
  h.update(inc.subarray(0, ltAt));
  h.update(inc.subarray(gtAt + 1));
  const cms = await kind.contents(new Uint8Array(h.digest()));
  if (cms.length > reserved) {
    throw new SiglaError('INTERNAL', `the signature (${cms.length} bytes) does not fit the space reserved (${reserved})`, { params: { detail: 'signature larger than its reserved space' } });
  }
  inc.set(ascii.encode(Buffer.from(cms).toString('hex').toUpperCase()), ltAt + 1);
  await sink.write(inc);
  return { field: name, contents: cms, byteRange, cmsLength: cms.length, reserved };
}
