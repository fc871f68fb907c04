/**
 * The Document Security Store of a PDF (ETSI EN 319 142-1 §5.4.2, ISO 32000-2 §12.8.4.3): the catalog's `/DSS`
 * with `/Certs`, `/OCSPs`, `/CRLs` (arrays of streams holding DER certificates, OCSPResponses, CRLs) and `/VRI`, a
 * dictionary keyed by the upper-case hexadecimal SHA-1 of a signature's /Contents whose entries name the streams
 * (`/Cert`, `/OCSP`, `/CRL`) used for that signature. Read from the document as opened (its latest revision), with
 * the lazy reader's lookups, within bounds: a hostile file's DSS gives what could be read and a finding, never a
 * crash or an unbounded amount of work.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFContext, type PDFDocument, type PDFObject } from 'pdf-lib';
import { decodeBounded } from '../pdf/pdfLimits.js';
import { finding, type Finding } from '../findings/Finding.js';
import { mergeValidationData, NO_VALIDATION_DATA, type ValidationData } from '../ltv/ValidationData.js';

export const DSS_LIMITS = {
  /** Streams read per array (`/Certs`, `/OCSPs`, `/CRLs` of the DSS or of one VRI entry). */
  itemsPerArray: 1000,
  /** Decoded bytes of one item: a CRL of a large CA may be a few megabytes. */
  itemBytes: 16 * 1024 * 1024,
  /** Decoded bytes of the whole DSS read for one document. */
  totalBytes: 64 * 1024 * 1024,
} as const;

export interface PdfDss {
  /** Everything in the DSS (the global arrays). */
  readonly all: ValidationData;
  /** The VRI entry of a signature, by its /Contents bytes; NO_VALIDATION_DATA when it has none. */
  vriOf(contents: Uint8Array): ValidationData;
  /** Why part of the DSS could not be read (a PDF_DSS_UNREADABLE finding), once per document. */
  readonly problems: readonly Finding[];
}

const EMPTY: PdfDss = { all: NO_VALIDATION_DATA, vriOf: () => NO_VALIDATION_DATA, problems: [] };

class Reader {
  total = 0;
  problem: string | undefined;
  /** Streams already read, by reference: the VRI entries name the DSS's own streams, decoded once. */
  private readonly seen = new Map<string, Uint8Array | undefined>();
  constructor(private readonly ctx: PDFContext) {}

  private read(item: PDFObject | undefined, key: string): Uint8Array | undefined {
    const ref = item instanceof PDFRef ? item.toString() : undefined;
    if (ref !== undefined && this.seen.has(ref)) return this.seen.get(ref);
    let bytes: Uint8Array | undefined;
    if (this.total >= DSS_LIMITS.totalBytes) {
      this.problem ??= `/${key}: too large`;
      return undefined;
    }
    try {
      const s = item === undefined ? undefined : this.ctx.lookup(item);
      bytes = s instanceof PDFRawStream ? decodeBounded(s, this.ctx) : s instanceof PDFStream ? s.getContents() : undefined;
      if (!bytes) this.problem ??= `/${key}`;
      else if (bytes.length > DSS_LIMITS.itemBytes || this.total + bytes.length > DSS_LIMITS.totalBytes) {
        this.problem ??= `/${key}: too large`;
        bytes = undefined;
      } else this.total += bytes.length;
    } catch {
      this.problem ??= `/${key}`;
      bytes = undefined;
    }
    if (ref !== undefined) this.seen.set(ref, bytes);
    return bytes;
  }

  /** The decoded streams of an array entry of `dict`; unreadable items are skipped and remembered. */
  streams(dict: PDFDict, key: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    let arr: PDFObject | undefined;
    try {
      arr = dict.lookup(PDFName.of(key));
    } catch {
      this.problem ??= `/${key}`;
      return out;
    }
    if (arr === undefined) return out;
    if (!(arr instanceof PDFArray)) {
      this.problem ??= `/${key}`;
      return out;
    }
    if (arr.size() > DSS_LIMITS.itemsPerArray) this.problem ??= `/${key}: more than ${DSS_LIMITS.itemsPerArray}`;
    for (let i = 0; i < Math.min(arr.size(), DSS_LIMITS.itemsPerArray); i++) {
      const bytes = this.read(arr.get(i), key);
      if (bytes) out.push(bytes);
    }
    return out;
  }

  data(dict: PDFDict, certs: string, ocsps: string, crls: string): ValidationData {
    return mergeValidationData({ certificates: this.streams(dict, certs), ocspResponses: this.streams(dict, ocsps), crls: this.streams(dict, crls) });
  }
}

/** The DER value a /Contents string pads with zeros: the bytes up to the end of its outer TLV, when readable. */
function withoutPadding(contents: Uint8Array): Uint8Array {
  if (contents[0] !== 0x30 || contents.length < 2) return contents;
  const first = contents[1] ?? 0;
  let len: number;
  let head: number;
  if (first < 0x80) {
    len = first;
    head = 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 4) return contents;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (contents[2 + i] ?? 0);
    head = 2 + n;
  }
  return head + len <= contents.length ? contents.subarray(0, head + len) : contents;
}

const sha1Hex = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex').toUpperCase();

/** The DSS of `doc` (its catalog as read: the latest revision); EMPTY when there is none. */
export function readPdfDss(doc: PDFDocument): PdfDss {
  let dss: PDFObject | undefined;
  try {
    dss = doc.catalog.lookup(PDFName.of('DSS'));
  } catch {
    return { ...EMPTY, problems: [finding('PDF_DSS_UNREADABLE', { detail: '/DSS' })] };
  }
  if (dss === undefined) return EMPTY;
  if (!(dss instanceof PDFDict)) return { ...EMPTY, problems: [finding('PDF_DSS_UNREADABLE', { detail: '/DSS' })] };
  const reader = new Reader(doc.context);
  const all = reader.data(dss, 'Certs', 'OCSPs', 'CRLs');
  let vri: PDFObject | undefined;
  try {
    vri = dss.lookup(PDFName.of('VRI'));
  } catch {
    reader.problem ??= '/VRI';
  }
  const entries = new Map<string, ValidationData>();
  if (vri instanceof PDFDict) {
    let n = 0;
    for (const [key, value] of vri.entries()) {
      if (++n > DSS_LIMITS.itemsPerArray) {
        reader.problem ??= `/VRI: more than ${DSS_LIMITS.itemsPerArray}`;
        break;
      }
      try {
        const entry = doc.context.lookup(value);
        if (entry instanceof PDFDict) entries.set(key.decodeText().toUpperCase(), reader.data(entry, 'Cert', 'OCSP', 'CRL'));
      } catch {
        reader.problem ??= '/VRI';
      }
    }
  }
  const problems = reader.problem !== undefined ? [finding('PDF_DSS_UNREADABLE', { detail: reader.problem })] : [];
  return {
    all,
    // EN 319 142-1 §5.4.2.2: the key is the SHA-1 of the signature; producers hash /Contents with or without its
    // zero padding: both are looked up.
    vriOf: (contents) => entries.get(sha1Hex(withoutPadding(contents))) ?? entries.get(sha1Hex(contents)) ?? NO_VALIDATION_DATA,
    problems,
  };
}
