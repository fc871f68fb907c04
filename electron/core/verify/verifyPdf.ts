/**
 * Every signature of a PDF (ISO 32000-2 §12.8, ETSI EN 319 142-1): the /ByteRange must start at 0, leave out
 * exactly the /Contents string and end inside the file; the CMS must verify over the two ranges; a signature that
 * does not cover the whole file is checked for what changed after it (only signature-related changes are allowed).
 * Document time-stamps (/SubFilter /ETSI.RFC3161) are checked as time-stamps over their ranges. What each other
 * /SubFilter means for the signed bytes is in pdfSignatureIntegrity.ts. The two ranges are hashed in place, never
 * copied into one buffer.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFString } from 'pdf-lib';
import { allFields } from '../pades/signatureFields.js';
import { textAt } from '../pdf/PdfBytes.js';
import { asPdfError, loadPdf } from '../pdf/loadPdf.js';
import { openLazily } from '../pdf/openLazily.js';
import { missedLookups } from '../pdf/lazyPdf.js';
import { bytesPdfSource } from '../pdf/PdfSource.js';
import { SiglaError } from '../../shared/errors.js';
import { validateSignature, type ValidationPolicy } from './validateSignature.js';
import { timestampReport, validateTimestamp } from './validateTimestamp.js';
import { worst, type FileReport, type SignatureReport, type TimestampReport } from './VerificationReport.js';
import { disallowedChanges } from './pdfModifications.js';
import { pdfSignatureIntegrity } from './pdfSignatureIntegrity.js';
import { rangesDigest } from './signedRanges.js';
import { holeValue, onlySpaceAfter } from './byteRangeHole.js';
import { finding, sameFinding, type Finding } from '../findings/Finding.js';
import { parsePdfDate } from '../pdf/pdfText.js';
import { readPdfDss } from './pdfDss.js';
import { mergeValidationData, NO_VALIDATION_DATA, type ArchiveProof } from '../ltv/ValidationData.js';

/** The PDF as pdf-lib reads it, or undefined when it cannot be read (reported, not thrown). */
async function load(bytes: Uint8Array): Promise<PDFDocument | undefined> {
  try {
    return await loadPdf(bytes);
  } catch {
    return undefined;
  }
}

function failedFormat(field: string, problems: readonly Finding[]): SignatureReport {
  return { signer: '?', integrity: 'invalid', status: 'failed', subIndication: 'FORMAT_FAILURE', signingTime: null, timestamps: [], level: 'none', depth: 0, kind: 'signer', warnings: [], problems, field };
}

/** /SubFilter without its slash; undefined when absent; `?` when it is not a name. */
function subFilterName(v: PDFObject | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v instanceof PDFName ? v.decodeText() : '?';
}

/** The certificates of /Cert (adbe.x509.rsa_sha1): one string, or an array of strings (ISO 32000-1 Table 252). */
function certEntries(v: PDFObject | undefined, lookup: (o: PDFObject) => PDFObject | undefined): Uint8Array[] {
  const one = (o: PDFObject | undefined): Uint8Array[] => (o instanceof PDFHexString || o instanceof PDFString ? [o.asBytes()] : []);
  const c = v === undefined ? undefined : lookup(v);
  if (c instanceof PDFArray) return c.asArray().flatMap((x) => one(lookup(x)));
  return one(c);
}

/** Longest /M shown back in a finding: a date is 23 characters; a hostile one may be anything. */
const MAX_SHOWN_DATE = 40;

/**
 * The declared signing time of a PDF signature: its dictionary's /M (ISO 32000-1 Table 252, a date in the §7.9.4
 * format). PAdES forbids the CMS signing-time attribute (ETSI EN 319 142-1 §5.2.3), so /M is where the signer's
 * claimed time is. A value that is not a date (or not a string) is ignored with a warning.
 */
function declaredTime(sig: PDFDict): { time?: Date; warning?: Finding } {
  const m = sig.lookup(PDFName.of('M'));
  if (m === undefined) return {};
  const text = m instanceof PDFString || m instanceof PDFHexString ? m.decodeText() : undefined;
  const time = text === undefined ? undefined : parsePdfDate(text);
  if (time) return { time };
  const shown = (text ?? '?').slice(0, MAX_SHOWN_DATE).replace(/[^\x20-\x7e]/g, '?');
  return { warning: finding('PDF_SIGNING_TIME_UNREADABLE', { value: shown }) };
}

/** A signature field whose value (/V) is a dictionary: a signature or document time-stamp to check. */
interface SignedField {
  readonly name: string;
  readonly sig: PDFDict;
}

function signedFields(doc: PDFDocument): SignedField[] {
  const ctx = doc.context;
  const acro = ctx.lookup(doc.catalog.get(PDFName.of('AcroForm')));
  const out: SignedField[] = [];
  for (const f of allFields(acro instanceof PDFDict ? acro : undefined, ctx)) {
    const v = f.dict.get(PDFName.of('V'));
    const sig = v ? ctx.lookup(v) : undefined;
    if (sig instanceof PDFDict) out.push({ name: f.name, sig });
  }
  return out;
}

/** The four numbers of /ByteRange (NaN where one is not a number); undefined when it is not an array. */
function byteRangeOf(sig: PDFDict): number[] | undefined {
  return sig.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
}

/** Whether the signed revision ends where the file does, but for end-of-line bytes (§7.5.5: one revision). */
function coversWholeFile(bytes: Uint8Array, end: number): boolean {
  return end === bytes.length || onlySpaceAfter(bytes, end);
}

/**
 * The signature fields read without parsing the whole file (pdf/openLazily.ts), when that is enough: the file opens
 * lazily, every reference followed resolved through the cross-reference chain, and either every signature's
 * /ByteRange is well formed and covers the whole file — so no change after a signed revision has to be looked for,
 * which compares every object of two revisions and needs both parsed whole — or there is no signature and
 * `unsignedEnough` (the document inside a .p7m or .m7m envelope: a refusal of it is not reported, the envelope's
 * signatures are, so the whole-file parse, most of the time such a file cost, would only confirm "no signature";
 * issue 13). Undefined otherwise: the file is then read whole with pdf-lib, as it always was (a file of its own
 * without signatures too, so its refusal — a limit a hostile file hits — stays the whole-file parser's).
 */
function fieldsReadLazily(bytes: Uint8Array, unsignedEnough: boolean): { doc: PDFDocument; fields: SignedField[] } | undefined {
  let doc: PDFDocument;
  let fields: SignedField[];
  try {
    doc = openLazily(bytesPdfSource(bytes)).doc;
    fields = signedFields(doc);
  } catch (e) {
    // Only a coded refusal of the lazy reading sends the file to the whole-file path; a bug goes up as one.
    if (asPdfError(e) instanceof SiglaError) return undefined;
    throw e;
  }
  if (fields.length === 0) return unsignedEnough && missedLookups(doc) === 0 ? { doc, fields } : undefined;
  try {
    // What the checks below read of each dictionary, read now: a reference the chain cannot resolve means the
    // chain is not the whole story (a writer's broken /Prev, say), and the whole-file loader must be asked.
    for (const { sig } of fields) {
      for (const k of ['Contents', 'SubFilter', 'M']) sig.lookup(PDFName.of(k));
      certEntries(sig.get(PDFName.of('Cert')), (o) => doc.context.lookup(o));
    }
  } catch (e) {
    if (asPdfError(e) instanceof SiglaError) return undefined;
    throw e;
  }
  if (missedLookups(doc) > 0) return undefined;
  const whole = fields.every(({ sig }) => {
    const br = byteRangeOf(sig);
    if (!br || br.length !== 4 || br.some((n) => !Number.isInteger(n) || n < 0)) return false;
    const [, , c = 0, d = 0] = br;
    return c + d <= bytes.length && coversWholeFile(bytes, c + d);
  });
  return whole ? { doc, fields } : undefined;
}

/**
 * `inEnvelope`: the PDF is the content of a CAdES envelope, reported one level deeper, whose refusal (exit 8) the
 * caller turns into "no signatures": a lazily read PDF without signatures is then not read whole.
 */
export async function verifyPdf(file: string, bytes: Uint8Array, p: ValidationPolicy, inEnvelope = false): Promise<FileReport> {
  const lazily = fieldsReadLazily(bytes, inEnvelope);
  // Read lazily and without signatures: what the end of this function says of a PDF without any (nothing else read).
  if (lazily?.fields.length === 0) return { file, format: 'pdf', status: 'failed', signatures: [], problems: [finding('NO_SIGNATURE_FOUND')] };
  // A PDF that cannot be read is a bad input file (PDF_PARSE / INPUT_LIMIT, exit 8), not a failed signature.
  const doc = lazily?.doc ?? (await loadPdf(bytes));
  const ctx = doc.context;
  const fields = lazily?.fields ?? signedFields(doc);
  const signatures: SignatureReport[] = [];
  const documentTimestamps: TimestampReport[] = [];
  /** Document time-stamps that fail (token, imprint, later changes) make the file failed, like a signature. */
  const fileProblems: Finding[] = [];
  /** Each signed revision parsed once, however many signatures end there (keyed by where it ends). */
  const revisions = new Map<number, Promise<PDFDocument | undefined>>();
  // Long-term validation data (EN 319 142-1 §5.4.2) of the latest revision, and the document time-stamps as
  // proofs of existence of the revisions they cover (§5.4.3): time-stamps are checked first, so each signature
  // knows the ones after it; reports keep their order among signatures and among time-stamps.
  const dss = readPdfDss(doc);
  const dssFindings = dss.problems;
  const docStamps: { end: number; proof: ArchiveProof }[] = [];
  const isStamp = (f: SignedField): boolean => {
    try {
      return subFilterName(f.sig.lookup(PDFName.of('SubFilter'))) === 'ETSI.RFC3161';
    } catch {
      return false;
    }
  };
  for (const f of [...fields.filter(isStamp), ...fields.filter((x) => !isStamp(x))]) {
    const sig = f.sig;
    const br = byteRangeOf(sig);
    const contents = sig.get(PDFName.of('Contents'));
    const subFilter = subFilterName(sig.lookup(PDFName.of('SubFilter')));
    if (!br || br.length !== 4 || br.some((n) => !Number.isInteger(n) || n < 0)) {
      signatures.push(failedFormat(f.name, [finding('PDF_BYTERANGE_MALFORMED')]));
      continue;
    }
    const [a = 0, b = 0, c = 0, d = 0] = br;
    if (!(contents instanceof PDFHexString || contents instanceof PDFString)) {
      signatures.push(failedFormat(f.name, [finding('PDF_NO_CONTENTS')]));
      continue;
    }
    const problems: Finding[] = [];
    if (a !== 0) problems.push(finding('PDF_BYTERANGE_NOT_AT_START'));
    if (c < b || c + d > bytes.length) problems.push(finding('PDF_BYTERANGE_OUTSIDE'));
    const hole = holeValue(bytes, b, c);
    const cms = contents.asBytes();
    if (hole === undefined) problems.push(finding('PDF_HOLE_NOT_CONTENTS'));
    // The signature checked must be the one in the hole, not a /Contents read from elsewhere (another revision).
    else if (!Buffer.from(hole.buffer, hole.byteOffset, hole.length).equals(cms)) problems.push(finding('PDF_HOLE_OTHER_CONTENTS'));
    if (problems.length) {
      signatures.push(failedFormat(f.name, problems));
      continue;
    }
    const signedBytes = rangesDigest(bytes, [[0, b], [c, c + d]]);
    // Only end-of-line bytes after the signed revision count as covering the whole file.
    const coversWholeDocument = coversWholeFile(bytes, c + d);
    let changes: Finding[] = [];
    if (!coversWholeDocument) {
      let revision = revisions.get(c + d);
      if (revision === undefined) revisions.set(c + d, (revision = load(bytes.subarray(0, c + d))));
      const signedRevision = await revision;
      changes = signedRevision ? disallowedChanges(signedRevision.context, ctx) : [finding('PDF_SIGNED_REVISION_UNREADABLE')];
      const tail = textAt(bytes, c + d, bytes.length - c - d);
      if (!/%%EOF\s*$/.test(tail)) changes.push(finding('PDF_DATA_AFTER_LAST_REVISION'));
    }
    if (subFilter === 'ETSI.RFC3161') {
      const t = validateTimestamp(cms, signedBytes, 'document', p.anchors, p.services);
      documentTimestamps.push(timestampReport(t));
      docStamps.push({ end: c + d, proof: { kind: 'documentTimeStamp', time: t.genTime, usable: t.usable && t.trusted && changes.length === 0, ...(t.tsaCertificate ? { tsaCertificate: t.tsaCertificate } : {}) } });
      if (!t.usable) fileProblems.push(finding('DOCUMENT_TIMESTAMP_INVALID', { field: f.name }));
      if (changes.length) fileProblems.push(finding('DOCUMENT_TIMESTAMP_MODIFIED_AFTER', { field: f.name }), ...changes);
      continue;
    }
    let report: SignatureReport;
    // PAdES has no CMS signing-time: the dictionary's /M is the declared time (a CMS one, if any, prevails); it is
    // the claimed time of the validation (the trusted-list status is read at it when no time-stamp proves one).
    const declared = declaredTime(sig);
    try {
      const checked = pdfSignatureIntegrity(subFilter, cms, certEntries(sig.get(PDFName.of('Cert')), (o) => ctx.lookup(o)), signedBytes);
      if (checked.integrity) {
        // The DSS (all of it, and this signature's VRI entry) beside what the CMS carries; the document
        // time-stamps of later revisions, which cover this one.
        const validationData = mergeValidationData(checked.integrity.validationData ?? NO_VALIDATION_DATA, dss.vriOf(cms), dss.all);
        const archiveProofs = docStamps.filter((x) => x.end > c + d).map((x) => x.proof);
        const integrity = { ...checked.integrity, signingTime: checked.integrity.signingTime ?? declared.time, validationData, archiveProofs };
        report = { ...(await validateSignature(integrity, p)), field: f.name, coversWholeDocument };
        if (dssFindings.length) report = { ...report, warnings: [...report.warnings, ...dssFindings] };
        if (checked.levelStyle === 'pkcs7') report = { ...report, level: `PKCS7-${report.level}` };
        if (checked.levelStyle === 'pkcs1') report = { ...report, level: 'PKCS1' };
      } else report = { ...failedFormat(f.name, [checked.verdict?.problem ?? finding('SIGNATURE_NOT_CHECKED')]), coversWholeDocument };
      const v = checked.verdict;
      if (v) {
        report = {
          ...report,
          status: v.status,
          subIndication: v.subIndication,
          integrity: v.status === 'failed' ? 'invalid' : report.integrity,
          problems: report.problems.some((x) => sameFinding(x, v.problem)) ? report.problems : [...report.problems, v.problem],
        };
      }
      const warnings = checked.warnings.filter((w) => !report.warnings.some((x) => sameFinding(w, x)));
      if (warnings.length) report = { ...report, warnings: [...warnings, ...report.warnings] };
    } catch (e) {
      // Only our parsers' coded errors mean "bad signature"; anything else is a bug and goes up as one.
      if (!(e instanceof SiglaError)) throw e;
      report = failedFormat(f.name, [finding('SIGNATURE_UNREADABLE', { error: e.code })]);
    }
    if (changes.length > 0) {
      report = { ...report, status: 'failed', subIndication: 'FORMAT_FAILURE', problems: [...report.problems, ...changes] };
    }
    if (declared.time && report.signingTime === null) report = { ...report, signingTime: declared.time.toISOString() };
    if (declared.warning) report = { ...report, warnings: [...report.warnings, declared.warning] };
    // Failed after the qualification was concluded (a verdict of the /SubFilter, later changes): a failed signature
    // has no qualification (TS 119 172-4: NA), whatever its certificate.
    if (report.status === 'failed' && report.qualification !== undefined) report = { ...report, qualification: 'NA' };
    signatures.push(report);
  }
  // With no signature, the document time-stamps are what is verified: an untrusted TSA leaves it indeterminate.
  const stampsOnly = signatures.length === 0 && documentTimestamps.some((t) => !t.trusted) ? ['indeterminate' as const] : [];
  const status =
    (signatures.length === 0 && documentTimestamps.length === 0) || fileProblems.length > 0 ? 'failed' : worst([...signatures.map((s) => s.status), ...stampsOnly]);
  return {
    file,
    format: 'pdf',
    status,
    signatures,
    ...(documentTimestamps.length ? { timestamps: documentTimestamps } : {}),
    ...(signatures.length === 0 && documentTimestamps.length === 0 ? { problems: [finding('NO_SIGNATURE_FOUND')] } : {}),
    ...(fileProblems.length ? { problems: fileProblems } : {}),
  };
}
