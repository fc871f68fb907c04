/**
 * The Document Security Store (ISO 32000-2 §12.8.4.3; ETSI EN 319 142-1 §5.4.2, PAdES B-LT) as a new incremental
 * revision: the catalog's /DSS gets `/Certs`, `/OCSPs`, `/CRLs` — arrays of streams, each the DER of one
 * certificate, OCSPResponse or CRL, each item once — and `/VRI`, a dictionary keyed by the upper-case hex SHA-1 of a
 * signature's /Contents value (the CMS DER, unpadded: §12.8.4.4 Table 262), whose entries name the /Cert, /OCSP and
 * /CRL streams of that signature's validation data and the time they were gathered (/TU).
 *
 * A file that already has a DSS keeps every entry of it: the new DSS dictionary lists the earlier streams (by
 * reference, never copied) before the new ones and keeps the earlier /VRI entries. Everything is written as new
 * objects; only the catalog is rewritten (to point at the new /DSS). Earlier bytes are never touched.
 */
import { createHash } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import type { ValidationData } from '../ltv/ValidationData.js';
import { NO_VALIDATION_DATA } from '../ltv/ValidationData.js';
import { pdfParseError } from '../pdf/PdfBytes.js';
import type { PdfSource } from '../pdf/PdfSource.js';
import { IncrementalUpdate } from '../pdf/IncrementalUpdate.js';
import { pdfDate } from '../pdf/pdfText.js';
import type { OpenedPdf } from './signPdf.js';

/** One signature's entry of /VRI: its /Contents (the CMS DER, unpadded) and its validation data. */
export interface VriEntry {
  readonly contents: Uint8Array;
  readonly data: ValidationData;
}

/** What a file's DSS already holds: its items (decoded) and its /VRI keys. */
export interface ExistingDss {
  readonly data: ValidationData;
  readonly vriKeys: ReadonlySet<string>;
}

/** The /VRI key of a signature (ISO 32000-2 §12.8.4.4): SHA-1 of its /Contents bytes, upper-case hex. */
export function vriKey(contents: Uint8Array): string {
  return createHash('sha1').update(contents).digest('hex').toUpperCase();
}

const key = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');

function lookup(ctx: PDFContext, o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? ctx.lookup(o) : o;
}

function catalogOf(opened: OpenedPdf): { rootRef: PDFRef; catalog: PDFDict } {
  const rootRef = opened.base.trailer.get(PDFName.of('Root'));
  const catalog = lookup(opened.doc.context, rootRef);
  if (!(rootRef instanceof PDFRef) || !(catalog instanceof PDFDict)) throw pdfParseError('no document catalog');
  return { rootRef, catalog };
}

function dssDict(opened: OpenedPdf): PDFDict | undefined {
  const d = lookup(opened.doc.context, catalogOf(opened).catalog.get(PDFName.of('DSS')));
  return d instanceof PDFDict ? d : undefined;
}

/** The streams of one DSS array: reference (when indirect) and decoded bytes; unreadable items are skipped. */
function streams(ctx: PDFContext, dss: PDFDict | undefined, name: string): { ref: PDFObject; der: Uint8Array }[] {
  const arr = lookup(ctx, dss?.get(PDFName.of(name)));
  if (!(arr instanceof PDFArray)) return [];
  const out: { ref: PDFObject; der: Uint8Array }[] = [];
  for (const item of arr.asArray()) {
    const s = lookup(ctx, item);
    if (!(s instanceof PDFRawStream)) continue;
    try {
      out.push({ ref: item, der: decodePDFRawStream(s).decode() });
    } catch {
      // A stream that cannot be decoded stays listed (below) but is not known by content.
      out.push({ ref: item, der: new Uint8Array(0) });
    }
  }
  return out;
}

const ARRAYS = [
  ['Certs', 'certificates', 'Cert'],
  ['OCSPs', 'ocspResponses', 'OCSP'],
  ['CRLs', 'crls', 'CRL'],
] as const;

/** What the file's DSS holds (none when it has no DSS). */
export function existingDss(opened: OpenedPdf): ExistingDss {
  const ctx = opened.doc.context;
  const dss = dssDict(opened);
  if (!dss) return { data: NO_VALIDATION_DATA, vriKeys: new Set() };
  const [certs, ocsps, crls] = ARRAYS.map(([name]) => streams(ctx, dss, name).map((s) => s.der).filter((d) => d.length > 0));
  const vri = lookup(ctx, dss.get(PDFName.of('VRI')));
  const vriKeys = new Set(vri instanceof PDFDict ? vri.keys().map((k) => k.decodeText().toUpperCase()) : []);
  return { data: { certificates: certs ?? [], ocspResponses: ocsps ?? [], crls: crls ?? [] }, vriKeys };
}

/**
 * The bytes of the DSS revision to append to `src` (which `opened` reads): every item of `data` and of each VRI
 * entry's data in the DSS arrays (once; the items already there are reused), a /VRI entry per signature.
 */
export function dssRevision(opened: OpenedPdf, src: PdfSource, data: ValidationData, vri: readonly VriEntry[], when: Date): Uint8Array {
  const ctx = opened.doc.context;
  const { rootRef, catalog } = catalogOf(opened);
  const old = dssDict(opened);
  const update = new IncrementalUpdate({ length: src.size, lastByte: src.read(src.size - 1, 1)[0] }, opened.header, opened.base, ctx);
  const dss = ctx.obj({ Type: 'DSS' });
  /** Each DER's reference in the new DSS, by content, for the /VRI entries. */
  const refs = new Map<string, PDFObject>();
  for (const [name, field] of ARRAYS) {
    const items: PDFObject[] = [];
    for (const s of streams(ctx, old, name)) {
      items.push(s.ref);
      if (s.der.length > 0 && !refs.has(key(s.der))) refs.set(key(s.der), s.ref);
    }
    for (const der of [...data[field], ...vri.flatMap((v) => v.data[field])]) {
      if (refs.has(key(der))) continue;
      const ref = update.allocate();
      update.put(ref, ctx.stream(der));
      refs.set(key(der), ref);
      items.push(ref);
    }
    if (items.length > 0) {
      const arrRef = update.allocate();
      update.put(arrRef, ctx.obj(items));
      dss.set(PDFName.of(name), arrRef);
    }
  }
  const oldVri = lookup(ctx, old?.get(PDFName.of('VRI')));
  const vriDict = oldVri instanceof PDFDict ? (oldVri.clone(ctx) as PDFDict) : ctx.obj({});
  for (const v of vri) {
    const entry = ctx.obj({ Type: 'VRI' });
    for (const [, field, name] of ARRAYS) {
      const list = v.data[field].map((der) => refs.get(key(der))).filter((r): r is PDFObject => r !== undefined);
      if (list.length > 0) entry.set(PDFName.of(name), ctx.obj(list));
    }
    entry.set(PDFName.of('TU'), PDFString.of(pdfDate(when)));
    const entryRef = update.allocate();
    update.put(entryRef, entry);
    vriDict.set(PDFName.of(vriKey(v.contents)), entryRef);
  }
  if (vriDict.keys().length > 0) {
    const vriRef = update.allocate();
    update.put(vriRef, vriDict);
    dss.set(PDFName.of('VRI'), vriRef);
  }
  // The other entries of an earlier DSS (a future key) are kept as they were.
  for (const [k, v] of old?.entries() ?? []) if (!dss.has(k)) dss.set(k, v);
  const dssRef = update.allocate();
  update.put(dssRef, dss);
  catalog.set(PDFName.of('DSS'), dssRef);
  update.put(rootRef, catalog);
  return update.build().bytes;
}
