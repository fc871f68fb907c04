/**
 * What changed in a PDF after a signed revision (ISO 32000-2 §12.8.2.2 DocMDP semantics, P=2): new signatures and
 * their fields, widgets and appearances, the AcroForm, the DSS and document time-stamps are allowed; anything that
 * changes what the pages show (their content, resources, the page tree) or any other earlier object is not.
 * The comparison is object by object between the signed revision and the whole file, both parsed by pdf-lib.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import { objectBytes } from '../pdf/IncrementalUpdate.js';
import { finding, type Finding } from '../findings/Finding.js';

/** Byte equality, natively; two views of the same bytes of the file are equal without reading them. */
function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  if (x.buffer === y.buffer && x.byteOffset === y.byteOffset) return true;
  return Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.length), Buffer.from(y.buffer, y.byteOffset, y.length)) === 0;
}

/** Deepest nesting compared value by value; deeper objects are compared as bytes. */
const MAX_DEPTH = 32;

/**
 * True only when `a` and `b` are written as the same bytes, decided from their values without writing them: the
 * same object (names, references, booleans and null are unique per value), numbers of the same value, strings of
 * the same text as read (with its escapes), arrays and dictionaries (of the same class) with equal items in the same
 * order — each written by pdf-lib from exactly those. False says nothing: the bytes are then compared.
 */
export function writtenAlike(a: PDFObject, b: PDFObject, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH || a.constructor !== b.constructor) return false;
  if (a instanceof PDFNumber) return a.asNumber() === (b as PDFNumber).asNumber();
  if (a instanceof PDFString || a instanceof PDFHexString) return a.asString() === (b as PDFString | PDFHexString).asString();
  if (a instanceof PDFArray) {
    const y = b as PDFArray;
    if (a.size() !== y.size()) return false;
    for (let i = 0; i < a.size(); i++) if (!writtenAlike(a.get(i), y.get(i), depth + 1)) return false;
    return true;
  }
  if (a instanceof PDFDict) {
    const x = a.entries();
    const y = (b as PDFDict).entries();
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const [kx, vx] = x[i] as [PDFName, PDFObject];
      const [ky, vy] = y[i] as [PDFName, PDFObject];
      if (kx !== ky || !writtenAlike(vx, vy, depth + 1)) return false;
    }
    return true;
  }
  return false;
}

const same = (a: PDFObject | undefined, b: PDFObject | undefined): boolean => {
  if (!a || !b) return a === b;
  // A stream is its dictionary and its bytes: compared apart, a 200 MB stream is not serialised twice to compare it.
  if (a instanceof PDFRawStream && b instanceof PDFRawStream) return (writtenAlike(a.dict, b.dict, 0) || sameBytes(objectBytes(a.dict), objectBytes(b.dict))) && sameBytes(a.getContents(), b.getContents());
  return writtenAlike(a, b, 0) || sameBytes(objectBytes(a), objectBytes(b));
};

const TOLERATED_CATALOG_KEYS = new Set(['AcroForm', 'DSS', 'Perms', 'Extensions', 'Metadata', 'Version']);

function dictOf(o: PDFObject | undefined): PDFDict | undefined {
  if (o instanceof PDFDict) return o;
  if (o instanceof PDFStream) return o.dict;
  return undefined;
}

function isSignatureThing(d: PDFDict, ctx: PDFContext): boolean {
  const type = d.get(PDFName.of('Type'));
  if (type === PDFName.of('Sig') || type === PDFName.of('DocTimeStamp') || type === PDFName.of('DSS') || type === PDFName.of('VRI')) return true;
  if (d.get(PDFName.of('Subtype')) === PDFName.of('Widget')) {
    for (let cur: PDFDict | undefined = d, i = 0; cur && i < 16; i++) {
      if (cur.get(PDFName.of('FT')) === PDFName.of('Sig')) return true;
      const p: PDFObject | undefined = cur.get(PDFName.of('Parent'));
      const pd: PDFObject | undefined = p ? ctx.lookup(p) : undefined;
      cur = pd instanceof PDFDict ? pd : undefined;
    }
  }
  return d.has(PDFName.of('Fields')) || d.get(PDFName.of('FT')) === PDFName.of('Sig');
}

function keysChanged(a: PDFDict, b: PDFDict): string[] {
  const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.decodeText()));
  return [...keys].filter((k) => !same(a.get(PDFName.of(k)), b.get(PDFName.of(k))));
}

/**
 * The signed revision's DSS (ETSI EN 319 142-1 §5.4.2: its /Type is optional, so it is found from the catalog), its
 * VRI dictionary and the arrays it points to: B-LT/B-LTA updates may rewrite them. Taken from the signed revision
 * only, so a later revision cannot declare a page object to be its DSS.
 */
function dssObjects(signed: PDFContext): Set<string> {
  const out = new Set<string>();
  const key = (r: PDFRef): string => `${r.objectNumber} ${r.generationNumber}`;
  const root = signed.trailerInfo.Root;
  const catalog = root instanceof PDFRef ? signed.lookup(root) : undefined;
  const dssRef = catalog instanceof PDFDict ? catalog.get(PDFName.of('DSS')) : undefined;
  if (!(dssRef instanceof PDFRef)) return out;
  out.add(key(dssRef));
  const dss = signed.lookup(dssRef);
  if (!(dss instanceof PDFDict)) return out;
  for (const k of ['Certs', 'OCSPs', 'CRLs', 'VRI']) {
    const v = dss.get(PDFName.of(k));
    if (v instanceof PDFRef) out.add(key(v));
  }
  return out;
}

/** Descriptions of changes after the signed revision that are not signature-related; empty when none. */
export function disallowedChanges(signed: PDFContext, full: PDFContext): Finding[] {
  const out: Finding[] = [];
  const dss = dssObjects(signed);
  for (const [ref, obj] of full.enumerateIndirectObjects()) {
    const before = signed.lookup(ref);
    if (same(before, obj)) continue;
    if (dss.has(`${ref.objectNumber} ${ref.generationNumber}`) && !(obj instanceof PDFStream)) continue;
    const d = dictOf(obj);
    const old = dictOf(before);
    const type = d?.get(PDFName.of('Type'));
    const what = `${ref.objectNumber} ${ref.generationNumber} R`;
    if (!before) {
      // New objects: harmless unless something that shows reaches them, which a changed old object must do.
      if (d && d.get(PDFName.of('Type')) === PDFName.of('Page')) out.push(finding('PDF_PAGE_ADDED', { object: what }));
      continue;
    }
    if (d && old && isSignatureThing(old, signed) && isSignatureThing(d, full)) continue;
    if (type === PDFName.of('Catalog') && d && old) {
      const bad = keysChanged(old, d).filter((k) => !TOLERATED_CATALOG_KEYS.has(k));
      if (bad.length) out.push(finding('PDF_CATALOG_CHANGED', { keys: bad.join(', ') }));
      continue;
    }
    if (type === PDFName.of('Page') && d && old) {
      const bad = keysChanged(old, d).filter((k) => k !== 'Annots');
      if (bad.length) out.push(finding('PDF_PAGE_CHANGED', { object: what, keys: bad.join(', ') }));
      else {
        const before2 = old.lookupMaybe(PDFName.of('Annots'), PDFArray);
        const after2 = d.lookupMaybe(PDFName.of('Annots'), PDFArray);
        if (!annotsOnlyGrewWithSignatures(before2, after2, full)) out.push(finding('PDF_ANNOTATIONS_CHANGED', { object: what }));
      }
      continue;
    }
    if (obj instanceof PDFArray && before instanceof PDFArray) {
      if (!arrayOnlyGrewWithSignatures(before, obj, full)) out.push(finding('PDF_ARRAY_CHANGED', { object: what }));
      continue;
    }
    if (d && (d.has(PDFName.of('Producer')) || d.has(PDFName.of('ModDate'))) && !(obj instanceof PDFRawStream)) continue; // the Info dictionary
    if (type === PDFName.of('Pages')) {
      out.push(finding('PDF_PAGE_TREE_CHANGED', { object: what }));
      continue;
    }
    out.push(finding('PDF_OBJECT_CHANGED', { object: what }));
  }
  return out;
}

function arrayOnlyGrewWithSignatures(before: PDFArray, after: PDFArray, ctx: PDFContext): boolean {
  const a = before.asArray();
  const b = after.asArray();
  if (b.length < a.length || !a.every((x, i) => same(x, b[i]))) return false;
  return b.slice(a.length).every((x) => {
    const d = x instanceof PDFRef ? ctx.lookup(x) : x;
    return d instanceof PDFDict && isSignatureThing(d, ctx);
  });
}

function annotsOnlyGrewWithSignatures(before: PDFArray | undefined, after: PDFArray | undefined, ctx: PDFContext): boolean {
  if (!after) return !before;
  return arrayOnlyGrewWithSignatures(before ?? ctx.obj([]), after, ctx);
}
