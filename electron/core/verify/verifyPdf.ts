/**
 * Every signature of a PDF (ISO 32000-2 §12.8, ETSI EN 319 142-1): the /ByteRange must start at 0, leave out
 * exactly the /Contents string and end inside the file; the CMS must verify over the two ranges; a signature that
 * does not cover the whole file is checked for what changed after it (only signature-related changes are allowed).
 * Document time-stamps (/SubFilter /ETSI.RFC3161) are checked as time-stamps over their ranges.
 */
import { PDFArray, PDFDict, type PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { allFields } from '../pades/signatureFields.js';
import { textAt } from '../pdf/PdfBytes.js';
import { loadPdf } from '../pdf/loadPdf.js';
import { SiglaError } from '../../shared/errors.js';
import { validateSignature, type ValidationPolicy } from './validateSignature.js';
import { timestampReport, validateTimestamp } from './validateTimestamp.js';
import { worst, type FileReport, type SignatureReport, type TimestampReport } from './VerificationReport.js';
import { verifyCmsIntegrity } from './verifyCmsIntegrity.js';
import { disallowedChanges } from './pdfModifications.js';

/** The PDF as pdf-lib reads it, or undefined when it cannot be read (reported, not thrown). */
async function load(bytes: Uint8Array): Promise<PDFDocument | undefined> {
  try {
    return await loadPdf(bytes);
  } catch {
    return undefined;
  }
}

function failedFormat(field: string, problem: string): SignatureReport {
  return { signer: '?', integrity: 'invalid', status: 'failed', subIndication: 'FORMAT_FAILURE', signingTime: null, timestamps: [], level: 'none', depth: 0, kind: 'signer', warnings: [], problems: [problem], field };
}

export async function verifyPdf(file: string, bytes: Uint8Array, p: ValidationPolicy): Promise<FileReport> {
  // A PDF that cannot be read is a bad input file (PDF_PARSE / INPUT_LIMIT, exit 8), not a failed signature.
  const doc = await loadPdf(bytes);
  const ctx = doc.context;
  const acro = ctx.lookup(doc.catalog.get(PDFName.of('AcroForm')));
  const signatures: SignatureReport[] = [];
  const documentTimestamps: TimestampReport[] = [];
  for (const f of allFields(acro instanceof PDFDict ? acro : undefined, ctx)) {
    const v = f.dict.get(PDFName.of('V'));
    const sig = v ? ctx.lookup(v) : undefined;
    if (!(sig instanceof PDFDict)) continue;
    const br = sig.lookupMaybe(PDFName.of('ByteRange'), PDFArray)?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
    const contents = sig.get(PDFName.of('Contents'));
    const subFilter = sig.get(PDFName.of('SubFilter'));
    if (!br || br.length !== 4 || br.some((n) => !Number.isInteger(n) || n < 0)) {
      signatures.push(failedFormat(f.name, 'ByteRange missing or malformed'));
      continue;
    }
    const [a = 0, b = 0, c = 0, d = 0] = br;
    if (!(contents instanceof PDFHexString || contents instanceof PDFString)) {
      signatures.push(failedFormat(f.name, 'no /Contents'));
      continue;
    }
    const problems: string[] = [];
    if (a !== 0) problems.push('ByteRange does not start at 0');
    if (c < b || c + d > bytes.length) problems.push('ByteRange outside the file or overlapping');
    const hole = textAt(bytes, b, c - b);
    if (!/^<[0-9A-Fa-f\s]*>$/.test(hole)) problems.push('the ByteRange hole is not exactly the /Contents string');
    const cms = contents.asBytes();
    if (problems.length) {
      signatures.push(failedFormat(f.name, problems.join('; ')));
      continue;
    }
    const signedBytes = new Uint8Array(b + d);
    signedBytes.set(bytes.subarray(0, b), 0);
    signedBytes.set(bytes.subarray(c, c + d), b);
    // Only end-of-line bytes after the signed revision count as covering the whole file.
    const coversWholeDocument = c + d === bytes.length || textAt(bytes, c + d, bytes.length - c - d).trim() === '';
    let changes: string[] = [];
    if (!coversWholeDocument) {
      const signedRevision = await load(bytes.subarray(0, c + d));
      changes = signedRevision ? disallowedChanges(signedRevision.context, ctx) : ['the signed revision cannot be read'];
      const tail = textAt(bytes, c + d, bytes.length - c - d);
      if (!/%%EOF\s*$/.test(tail)) changes.push('data after the last revision');
    }
    if (subFilter === PDFName.of('ETSI.RFC3161')) {
      const t = validateTimestamp(cms, signedBytes, 'document', p.anchors);
      const rest = timestampReport(t);
      documentTimestamps.push(rest);
      continue;
    }
    let report: SignatureReport;
    try {
      const [s] = verifyCmsIntegrity(cms, signedBytes).signatures;
      if (!s) throw new SiglaError('INPUT_FORMAT', 'no SignerInfo');
      report = { ...(await validateSignature(s, p)), field: f.name, coversWholeDocument };
      if (subFilter !== PDFName.of('ETSI.CAdES.detached')) report = { ...report, level: `PKCS7-${report.level}` };
    } catch (e) {
      // Only our parsers' coded errors mean "bad CMS"; anything else is a bug and goes up as one.
      if (!(e instanceof SiglaError)) throw e;
      report = failedFormat(f.name, `the CMS cannot be read (${e.code})`);
    }
    if (changes.length > 0) {
      report = { ...report, status: 'failed', subIndication: 'FORMAT_FAILURE', problems: [...report.problems, ...changes.map((x) => `modified after signing: ${x}`)] };
    }
    signatures.push(report);
  }
  const status = signatures.length === 0 && documentTimestamps.length === 0 ? 'failed' : worst(signatures.map((s) => s.status));
  return {
    file,
    format: 'pdf',
    status,
    signatures,
    ...(documentTimestamps.length ? { timestamps: documentTimestamps } : {}),
    ...(signatures.length === 0 ? { problems: ['no signature found'] } : {}),
  };
}
