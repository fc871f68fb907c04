/**
 * `sigla verify` for one file: recognises the format (PDF, .m7m, .tsd, .tsr/.tst, .p7m/.p7s in DER, BER, Base64 or
 * PEM) and reports every signature (every envelope level, countersignatures, PDF revisions) and time-stamp.
 *
 * `--detached-content` is the content of a detached signature (.p7s) or of a time-stamp (.tsr/.tst). Given for a
 * file that carries its own content (an attached .p7m, .m7m, a .tsd, a PDF), it is a claim that the file signs
 * those bytes: when it is not byte-identical to the content inside (the innermost document of a .p7m, the PDF
 * itself), every signature is failed with HASH_FAILURE and every envelope time-stamp's imprint does not match.
 *
 * A detached signature or a time-stamp whose document is not given is verified over the document `findContent`
 * finds (the CLI and the app look beside the file: io/contentBeside.ts), and the report says which file was used
 * (finding SIGNED_CONTENT_BESIDE). When there is none, the file is `indeterminate` with the sub-indication
 * SIGNED_DATA_NOT_FOUND (ETSI EN 319 102-1 §5.1.3) and the finding SIGNED_CONTENT_NOT_FOUND: exit 10 for that file
 * alone, and a coded outcome the app answers by asking for the document.
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
import { cadesArchiveProofs } from './cadesArchiveProofs.js';
import { finding, type Finding } from '../findings/Finding.js';

/** What a finder returns: the document of a detached signature, or (not found) the name it looked for, if any. */
export type FoundContent = { readonly found: true; readonly name: string; readonly bytes: Uint8Array } | { readonly found: false; readonly expected?: string };

/** Looks for the document of a detached signature or time-stamp; called only when the file holds no content. */
export type ContentFinder = () => FoundContent;

export interface VerifyOptions extends ValidationPolicy {
  readonly detachedContent?: Uint8Array;
  /** The name of `detachedContent` as the user knows it, for the report (SIGNED_CONTENT_GIVEN). */
  readonly detachedContentName?: string;
  /** Where the document is found when `detachedContent` is not given and the file holds none. */
  readonly findContent?: ContentFinder;
}

/** A detached signature or time-stamp whose document was neither given nor found: indeterminate, nothing checked. */
function contentNotFound(file: string, format: string, expected: string | undefined): FileReport {
  const f = expected !== undefined ? finding('SIGNED_CONTENT_NOT_FOUND', { expected }) : finding('SIGNED_CONTENT_NOT_GIVEN');
  return { file, format, status: 'indeterminate', subIndication: 'SIGNED_DATA_NOT_FOUND', signatures: [], findings: [f] };
}

/**
 * The options with the document of a detached signature or time-stamp: the one given (with a finding naming it when
 * it has a name), or the one the finder finds; undefined when there is none.
 */
function withContent(o: VerifyOptions): { o: VerifyOptions; findings: Finding[] } | { missing: string | undefined } {
  if (o.detachedContent !== undefined) return { o, findings: o.detachedContentName !== undefined ? [finding('SIGNED_CONTENT_GIVEN', { file: o.detachedContentName })] : [] };
  const c = o.findContent?.() ?? { found: false };
  if (!c.found) return { missing: c.expected };
  return { o: { ...o, detachedContent: c.bytes }, findings: [finding('SIGNED_CONTENT_BESIDE', { file: c.name })] };
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

async function verifyCms(file: string, format: string, cms: Uint8Array, given: VerifyOptions, extra: TimestampReport[] = []): Promise<FileReport> {
  const sd = parseSignedData(cms);
  // A SignedData without signers (a certificate bundle, "certs-only" PKCS#7) signs nothing: not a signed file.
  if (sd.signerInfos.length === 0) throw notSigned(file);
  let o = given;
  let findings: Finding[] = [];
  if (sd.eContent === null) {
    const c = withContent(given);
    if ('missing' in c) return contentNotFound(file, format, c.missing);
    ({ o, findings } = c);
  }
  const integrity = verifyCmsIntegrity(cms, o.detachedContent);
  const signatures: SignatureReport[] = [];
  // Envelope time-stamps (.m7m, .tsd) that verify, match and are trusted prove when every signature inside existed.
  const existedAt = extra.filter((t) => t.integrity === 'valid' && t.imprintMatches && t.trusted).map((t) => new Date(t.time)).filter((d) => !Number.isNaN(d.getTime()));
  for (const s of integrity.signatures) signatures.push(await validateSignature(s, existedAt.length ? { ...o, existedAt } : o));
  // A signed PDF inside the envelope: its own signatures are reported too, one level deeper.
  const inner = integrity.content;
  if (inner && textAt(inner, 0, 8).startsWith('%PDF-')) {
    const depth = Math.max(0, ...integrity.signatures.map((x) => x.depth)) + 1;
    // A PDF inside that cannot be read is just content: the envelope's signatures are still reported.
    const pdf = await verifyPdf(`${file}#content`, inner, o, true).catch((e: unknown) => {
      if (e instanceof SiglaError && e.exitCode === EXIT.BAD_INPUT) return undefined;
      throw e;
    });
    signatures.push(...(pdf?.signatures ?? []).map((x) => ({ ...x, depth })));
  }
  const status = worst([...signatures.map((s) => s.status), ...(extra.length ? [stampStatus(extra)] : [])]);
  return { file, format, status, signatures, ...(extra.length ? { timestamps: extra } : {}), ...(findings.length ? { findings } : {}) };
}

/** Neither a PDF nor a CMS/time-stamp envelope, or a PDF without signatures: exit 8 (ACCEPTANCE), never 6. */
function notSigned(file: string, cause?: unknown): SiglaError {
  return new SiglaError('INPUT_NOT_SIGNED', `${file} is not a signed file`, { params: { file }, ...(cause !== undefined ? { cause } : {}) });
}

export async function verifyFile(file: string, bytes: Uint8Array, given: VerifyOptions): Promise<FileReport> {
  // The trusted lists' service certificates are anchors too (TS 119 615 §4.2), beside the user's.
  // CAdES archive-time-stamp-v3 as proofs of existence (EN 319 122-1 §5.5.3), unless the caller judges them itself.
  const withArchives: VerifyOptions = given.archiveProofs ? given : { ...given, archiveProofs: cadesArchiveProofs };
  const o: VerifyOptions = withArchives.services ? { ...withArchives, anchors: withListAnchors(withArchives.anchors, withArchives.services) } : withArchives;
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
    return verifyCms(file, 'm7m', p7m, o, envelopeStamps(m.tokens, m.stamped ?? m.content, o));
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
    const c = withContent(o);
    if ('missing' in c) return contentNotFound(file, 'tsr', c.missing);
    const stamps = envelopeStamps([token], c.o.detachedContent ?? new Uint8Array(0), o);
    return { file, format: 'tsr', status: stampStatus(stamps), signatures: [], timestamps: stamps, ...(c.findings.length ? { findings: c.findings } : {}) };
  }
  return verifyCms(file, 'cades', binary, o);
}
