/**
 * Raising the PAdES signatures of a PDF to a long-term level with new incremental revisions only (ETSI EN 319 142-1
 * §5.3–§5.5; earlier bytes untouched, so every earlier signature keeps its verdict):
 * - B-T (§5.3): a signature without a signature-time-stamp gets its proof of existence from a document time-stamp
 *   (/SubFilter /ETSI.RFC3161, §5.4.3) — the CMS in /Contents cannot change, and §5.3 lets a document time-stamp
 *   stand for the signature time-stamp (what DSS and pyHanko do too);
 * - B-LT (§5.4.2): a DSS revision (dssRevision.ts) with the validation data of every signature (its signer's and its
 *   time-stamps' TSAs' paths and revocation data) and /VRI entries, and the data of the document time-stamps' TSAs;
 * - B-LTA (§5.5): then a document time-stamp revision over it all (signPdf.ts timestampPdf). Extending an LTA again
 *   adds the validation data of the last document time-stamp's TSA and a new document time-stamp (renewal).
 * A signature that already has its /VRI entry is not gathered again: its data is in the file (its services may have
 * stopped answering since). The validation data comes from a ValidationDataSource (the network is the io layer's).
 */
import { PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { raw, readTlv } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import type { OutputSink } from '../content/ContentSource.js';
import type { SigningHash } from '../crypto/HashAlgorithm.js';
import { mergeValidationData, missingValidationData, type ValidationData, type ValidationDataSource } from '../ltv/ValidationData.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields } from '../cms/SignerInfoFields.js';
import { appendedPdfSource } from '../pdf/appendedPdfSource.js';
import { asPdfError } from '../pdf/loadPdf.js';
import type { PdfSource } from '../pdf/PdfSource.js';
import type { Timestamper } from '../tsp/Timestamper.js';
import { SiglaError } from '../../shared/errors.js';
import { dssRevision, existingDss, vriKey, type VriEntry } from './dssRevision.js';
import { signatureLeaves } from './signatureLeaves.js';
import { allFields } from './signatureFields.js';
import { openForUpdate, openWhole, timestampPdf, type OpenedPdf } from './signPdf.js';

export type ExtendLevel = 'B-T' | 'B-LT' | 'B-LTA';

export interface LongTermOptions {
  readonly level: ExtendLevel;
  readonly hash: SigningHash;
  /** B-LT, B-LTA: where the validation data comes from. */
  readonly validationData?: ValidationDataSource;
  /** B-T, B-LTA: the document time-stamp's TSA. */
  readonly timestamper?: Timestamper;
  /** Only this signature (its /Contents, unpadded) is gathered: a signature just made. All when absent. */
  readonly only?: Uint8Array;
  /** The time written in /VRI /TU; now when absent. */
  readonly now?: Date;
}

export interface LongTermResult {
  /** Signatures (not document time-stamps) found in the file. */
  readonly signatures: number;
  /** Signatures given a /VRI entry by this extension. */
  readonly gathered: number;
  /** Whether a DSS revision / a document time-stamp revision was added. */
  readonly dss: boolean;
  readonly documentTimestamp: boolean;
}

/** A signature or document time-stamp of the file: its /Contents DER (padding cut off) and what it is. */
export interface PdfSignatureContents {
  readonly field: string;
  readonly contents: Uint8Array;
  readonly documentTimestamp: boolean;
}

function lookup(doc: OpenedPdf['doc'], o: PDFObject | undefined): PDFObject | undefined {
  return o instanceof PDFRef ? doc.context.lookup(o) : o;
}

/** Every signed field's /Contents, in field order (ISO 32000-2 §12.7.5.5, §12.8.1). */
export function pdfSignatureContents(opened: OpenedPdf): PdfSignatureContents[] {
  const { doc } = opened;
  const acro = lookup(doc, doc.catalog.get(PDFName.of('AcroForm')));
  const out: PdfSignatureContents[] = [];
  for (const f of allFields(acro instanceof PDFDict ? acro : undefined, doc.context)) {
    const sig = lookup(doc, f.dict.get(PDFName.of('V')));
    if (!(sig instanceof PDFDict)) continue;
    const c = lookup(doc, sig.get(PDFName.of('Contents')));
    if (!(c instanceof PDFHexString || c instanceof PDFString)) continue;
    const bytes = c.asBytes();
    let contents: Uint8Array;
    try {
      contents = raw(readTlv(bytes));
    } catch (e) {
      throw new SiglaError('INPUT_FORMAT', `the signature in field ${f.name} cannot be read`, { params: { field: f.name }, cause: e });
    }
    out.push({ field: f.name, contents, documentTimestamp: sig.get(PDFName.of('SubFilter')) === PDFName.of('ETSI.RFC3161') });
  }
  return out;
}

/** Whether a PAdES CMS carries a signature-time-stamp in its SignerInfo (EN 319 142-1 §5.3). */
function hasSignatureTimestamp(cms: Uint8Array): boolean {
  try {
    return parseSignedData(cms).signerInfos.every((n) => signerInfoFields(n).unsignedAttributes.some((a) => a.type === OID.signatureTimeStampToken));
  } catch {
    return false;
  }
}

async function open(src: PdfSource): Promise<OpenedPdf> {
  try {
    try {
      return openForUpdate(src);
    } catch (e) {
      const coded = asPdfError(e);
      if (!(coded instanceof SiglaError) || coded.code !== 'PDF_PARSE') throw coded;
      return await openWhole(src);
    }
  } catch (e) {
    throw asPdfError(e);
  }
}

async function copy(src: PdfSource, sink: OutputSink): Promise<void> {
  let read = 0;
  for await (const chunk of src.open()) {
    read += chunk.length;
    if (read > src.size) break;
    await sink.write(chunk);
  }
  if (read !== src.size) throw new SiglaError('INPUT_CHANGED', 'the PDF changed while it was being read');
}

/** Writes `src` and the revisions `o.level` needs to `sink`. */
export async function addLongTermRevisions(src: PdfSource, sink: OutputSink, o: LongTermOptions): Promise<LongTermResult> {
  const opened = await open(src);
  let all: PdfSignatureContents[];
  try {
    all = pdfSignatureContents(opened);
  } catch (e) {
    throw asPdfError(e);
  }
  const signatures = all.filter((s) => !s.documentTimestamp);
  if (all.length === 0) throw new SiglaError('INPUT_NOT_SIGNED', 'the PDF has no signature', { params: {} });
  let current = src;
  let dss = false;
  let gathered = 0;
  if (o.level !== 'B-T') {
    if (!o.validationData) throw new Error('B-LT needs a validation data source');
    const have = existingDss(opened);
    const vri: VriEntry[] = [];
    let tsaData: ValidationData = { certificates: [], ocspResponses: [], crls: [] };
    const wanted = o.only ? signatures.filter((s) => Buffer.compare(Buffer.from(s.contents), Buffer.from(o.only as Uint8Array)) === 0) : signatures;
    for (const s of wanted) {
      if (have.vriKeys.has(vriKey(s.contents))) continue;
      const { leaves, pool } = signatureLeaves(s.contents);
      vri.push({ contents: s.contents, data: await o.validationData(leaves, pool) });
    }
    // The document time-stamps' TSAs (renewal: the last one's data goes in before the next time-stamp).
    if (!o.only) {
      for (const s of all.filter((x) => x.documentTimestamp)) {
        const { leaves, pool } = signatureLeaves(s.contents, true);
        tsaData = mergeValidationData(tsaData, await o.validationData(leaves, pool));
      }
    }
    const missing = missingValidationData(have.data, mergeValidationData(tsaData, ...vri.map((v) => v.data)));
    const empty = missing.certificates.length + missing.ocspResponses.length + missing.crls.length === 0;
    if (vri.length > 0 || !empty) {
      const inc = dssRevision(opened, src, missing, vri, o.now ?? new Date());
      current = appendedPdfSource(src, inc);
      dss = true;
      gathered = vri.length;
    }
  }
  // B-T: a document time-stamp only when a signature lacks its own time-stamp and none follows it yet.
  const needsStamp = o.level === 'B-LTA' || (o.level === 'B-T' && !all.some((s) => s.documentTimestamp) && signatures.some((s) => !hasSignatureTimestamp(s.contents)));
  if (needsStamp) {
    if (!o.timestamper) throw new Error('a document time-stamp needs a timestamper');
    await timestampPdf(current, sink, { hash: o.hash, timestamper: o.timestamper });
  } else await copy(current, sink);
  return { signatures: signatures.length, gathered, dss, documentTimestamp: needsStamp };
}
