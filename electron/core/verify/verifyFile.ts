/**
 * `sigla verify` for one file: recognises the format (PDF, .m7m, .tsd, .tsr/.tst, .p7m/.p7s in DER, BER, Base64 or
 * PEM) and reports every signature (every envelope level, countersignatures, PDF revisions) and time-stamp.
 *
 * `--detached-content` is the content of a detached signature (.p7s) or of a time-stamp (.tsr/.tst). Given for a
 * file that carries its own content (an attached .p7m, .m7m, a .tsd, a PDF), it is a claim that the file signs
 * those bytes: when it is not byte-identical to the content inside (the innermost document of a .p7m, the PDF
 * itself), every signature is failed with HASH_FAILURE and every envelope time-stamp's imprint does not match.
 */
import { EXIT, SiglaError } from '../../shared/errors.js';
import { decodeCmsInput } from '../cms/CmsEncoding.js';
import { parseSignedData } from '../cms/SignedData.js';
import { OID } from '../asn1/oids.js';
import { isTimeStampedData, readM7m, readTimeStampedData, tokenOf } from '../tsp/readTimeStamped.js';
import { textAt } from '../pdf/PdfBytes.js';
import { asPdfError } from '../pdf/loadPdf.js';
import { validateSignature, type ValidationPolicy } from './validateSignature.js';
import { timestampReport, validateTimestamp } from './validateTimestamp.js';
import { worst, type FileReport, type SignatureReport, type Status, type TimestampReport } from './VerificationReport.js';
import { GIVEN_CONTENT_DIFFERS, verifyCmsIntegrity } from './verifyCmsIntegrity.js';
import { sameContent } from './signedRanges.js';
import { verifyPdf } from './verifyPdf.js';
import { withListAnchors } from './listAnchors.js';

export interface VerifyOptions extends ValidationPolicy {
  readonly detachedContent?: Uint8Array;
}

function envelopeStamps(tokens: readonly Uint8Array[], over: Uint8Array, o: VerifyOptions): TimestampReport[] {
  return tokens.map((t) => timestampReport(validateTimestamp(t, over, 'envelope', o.anchors, o.services)));
}

function stampStatus(ts: readonly TimestampReport[]): Status {
  return worst(ts.map((t) => (t.integrity === 'valid' && t.imprintMatches ? (t.trusted ? 'passed' : 'indeterminate') : 'failed')));
}

/** A report of a file whose own content is not the `--detached-content` given: nothing in it signs those bytes. */
function notOverGivenContent(r: FileReport): FileReport {
  const signatures = r.signatures.map((s): SignatureReport => (s.kind !== 'signer' ? s : { ...s, integrity: 'invalid', status: 'failed', subIndication: 'HASH_FAILURE', problems: [...s.problems, GIVEN_CONTENT_DIFFERS] }));
  const timestamps = r.timestamps?.map((t) => ({ ...t, imprintMatches: false }));
  return { ...r, status: 'failed', signatures, ...(timestamps ? { timestamps } : {}), problems: [...(r.problems ?? []), GIVEN_CONTENT_DIFFERS] };
}

/** `report` as is when no content was given or it is `own`, else failed (see notOverGivenContent). */
function checkGiven(report: FileReport, own: Uint8Array, o: VerifyOptions): FileReport {
  return o.detachedContent === undefined || sameContent(own, o.detachedContent) ? report : notOverGivenContent(report);
}

async function verifyCms(file: string, format: string, cms: Uint8Array, o: VerifyOptions, extra: TimestampReport[] = []): Promise<FileReport> {
  const integrity = verifyCmsIntegrity(cms, o.detachedContent);
  if (integrity.detached && !o.detachedContent) {
    throw new SiglaError('USAGE', 'a detached signature (.p7s) needs --detached-content FILE', { params: { detail: '--detached-content' } });
  }
  const signatures: SignatureReport[] = [];
  for (const s of integrity.signatures) signatures.push(await validateSignature(s, o));
  // A signed PDF inside the envelope: its own signatures are reported too, one level deeper.
  const inner = integrity.content;
  if (inner && textAt(inner, 0, 8).startsWith('%PDF-')) {
    const depth = Math.max(0, ...integrity.signatures.map((x) => x.depth)) + 1;
    // A PDF inside that cannot be read is just content: the envelope's signatures are still reported.
    const pdf = await verifyPdf(`${file}#content`, inner, o).catch((e: unknown) => {
      if (e instanceof SiglaError && e.exitCode === EXIT.BAD_INPUT) return undefined;
      throw e;
    });
    signatures.push(...(pdf?.signatures ?? []).map((x) => ({ ...x, depth })));
  }
  const status = signatures.length === 0 ? 'failed' : worst([...signatures.map((s) => s.status), ...(extra.length ? [stampStatus(extra)] : [])]);
  return { file, format, status, signatures, ...(extra.length ? { timestamps: extra } : {}) };
}

/** Neither a PDF nor a CMS/time-stamp envelope, or a PDF without signatures: exit 8 (ACCEPTANCE), never 6. */
function notSigned(file: string, cause?: unknown): SiglaError {
  return new SiglaError('INPUT_NOT_SIGNED', `${file} is not a signed file`, { params: { file }, ...(cause !== undefined ? { cause } : {}) });
}

export async function verifyFile(file: string, bytes: Uint8Array, given: VerifyOptions): Promise<FileReport> {
  // The trusted lists' service certificates are anchors too (TS 119 615 §4.2), beside the user's.
  const o: VerifyOptions = given.services ? { ...given, anchors: withListAnchors(given.anchors, given.services) } : given;
  const head = textAt(bytes, 0, 1024);
  // A PDF starts with its header (a few producers put bytes before it); a .p7m of a PDF starts with 0x30 or Base64.
  const looksCms = bytes[0] === 0x30 || /^\s*(MI|-----BEGIN)/.test(head);
  if (!looksCms && head.includes('%PDF-')) {
    // pdf-lib's typed lookups throw on a hostile document's structure: PDF_PARSE (exit 8), not an internal error.
    const r = await verifyPdf(file, bytes, o).catch((e: unknown) => {
      throw asPdfError(e);
    });
    if (r.signatures.length === 0 && (r.timestamps ?? []).length === 0) throw notSigned(file);
    // Only document time-stamps: the file is what they are (verified, matching, trusted), never passed by default.
    return checkGiven(r.signatures.length === 0 ? { ...r, status: stampStatus(r.timestamps ?? []) } : r, bytes, o);
  }
  if (/^\s*(mime-version:|content-type:\s*multipart)/i.test(head)) {
    const m = readM7m(bytes);
    const p7m = decodeCmsInput(m.content).bytes;
    return verifyCms(file, 'm7m', p7m, o, envelopeStamps(m.tokens, m.content, o));
  }
  let binary: Uint8Array;
  try {
    binary = decodeCmsInput(bytes).bytes;
  } catch (e) {
    throw notSigned(file, e);
  }
  if (isTimeStampedData(binary)) {
    const t = readTimeStampedData(binary);
    const stamps = envelopeStamps(t.tokens, t.content, o);
    let inner: Uint8Array | undefined;
    try {
      inner = decodeCmsInput(t.content).bytes;
      parseSignedData(inner);
    } catch {
      inner = undefined;
    }
    if (inner) return verifyCms(file, 'tsd', inner, o, stamps);
    return checkGiven({ file, format: 'tsd', status: stampStatus(stamps), signatures: [], timestamps: stamps }, t.content, o);
  }
  // A .tsr (TimeStampResp) or a bare token (.tst): the stamped data comes with --detached-content.
  let token: Uint8Array | undefined;
  try {
    const t = tokenOf(binary);
    if (parseSignedData(t).eContentType === OID.tstInfo) token = t;
  } catch {
    token = undefined;
  }
  if (token) {
    if (!o.detachedContent) throw new SiglaError('USAGE', 'a time-stamp (.tsr/.tst) needs the stamped file: --detached-content FILE', { params: { detail: '--detached-content' } });
    const stamps = envelopeStamps([token], o.detachedContent, o);
    return { file, format: 'tsr', status: stampStatus(stamps), signatures: [], timestamps: stamps };
  }
  return verifyCms(file, 'cades', binary, o);
}
