/**
 * Independent PAdES checker for tests, backed by Apache PDFBox 2 (Debian libpdfbox2-java) and Bouncy Castle
 * (libbcpkix-java) via test/helpers/java/PadesCheck.java. Nothing here uses Sigla's own PDF or CMS code, so a PDF
 * signed by Sigla and accepted by padesCheck() is verified by third-party implementations.
 *
 * The Java classes are compiled once per source version into os.tmpdir()/sigla-java-<class>-<sha256 of source>/.
 * revisions() / isRevisionEnd() are plain TypeScript (no Java needed).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileJavaTool } from './javaTool.js';

/** One signature dictionary of the PDF, as PDFBox + Bouncy Castle see it. */
export interface PadesSignature {
  field: string | null; // fully qualified name of the signature field (null: dictionary reached without a field)
  subFilter: string | null; // e.g. 'ETSI.CAdES.detached'
  filter: string | null; // e.g. 'Adobe.PPKLite'
  byteRange: [number, number, number, number] | null; // null when missing or malformed
  byteRangeStartsAtZero: boolean;
  holeIsExactlyContents: boolean; // bytes [a+b, c) are '<' + plain hex of /Contents + '>'
  endsAtRevisionEnd: boolean; // c+d is right after '%%EOF' (optionally followed by up to 2 EOL bytes)
  coversWholeFile: boolean; // c+d == file length
  contentsHexLength: number | null; // hex digits inside the hole (null when the hole is not '<hex>')
  cmsLength: number | null; // encoded length of the CMS inside /Contents (the rest is padding)
  cmsValid: boolean; // SignerInfo verifies over the byte ranges with the embedded signer certificate
  messageDigestMatches: boolean | null; // null: no message-digest signed attribute
  hasSigningTime: boolean; // CMS signed attribute signing-time (1.2.840.113549.1.9.5)
  cmsSigningTime: string | null; // its value, ISO 8601 UTC
  hasSigningCertificate: boolean; // ESS signing-certificate (v1, 1.2.840.113549.1.9.16.2.12)
  hasSigningCertificateV2: boolean; // ESS signing-certificate-v2 (1.2.840.113549.1.9.16.2.47)
  signingCertificateV2Matches: boolean | null; // certHash (+ issuerSerial if present) match; null when absent
  contentTypeIsData: boolean; // content-type signed attribute == id-data (false for a document time-stamp: TSTInfo)
  encapsulatedContent: boolean; // the CMS carries eContent (adbe.pkcs7.sha1: SHA-1 of the ranges; ETSI.RFC3161:
  // a TSTInfo whose messageImprint must match the ranges, which cmsValid / messageDigestMatches include)
  signerSubject: string | null;
  signerIssuer: string | null;
  signerSerial: string | null; // hex
  certificateCount: number; // certificates in the CMS
  signerInfoCount: number;
  digestAlgorithm: string | null; // OID, e.g. '2.16.840.1.101.3.4.2.1'
  digestAlgorithmName: string | null; // Bouncy Castle's name, e.g. 'SHA256'
  signatureAlgorithm: string | null; // OID of the SignerInfo signatureAlgorithm
  signingTimeM: string | null; // the /M string, e.g. "D:20250101120000+01'00'"
  reason: string | null;
  location: string | null;
  name: string | null;
  contactInfo: string | null;
  hasTimestamp: boolean; // unsigned attribute signature-time-stamp (1.2.840.113549.1.9.16.2.14)
  timestampImprintMatches: boolean | null; // its messageImprint == hash of the signature value; null without one
  timestampValid: boolean | null; // the token's signature verifies with its TSA cert (critical EKU timeStamping)
  timestampTime: string | null; // its genTime, ISO 8601 UTC
  pageIndex: number | null; // 0-based page whose /Annots holds the field's (first) widget; null when none does
  widgetPageFromP: number | null; // 0-based page the widget's /P points to
  widgetRect: [number, number, number, number] | null;
  signedBytesSha256: string | null; // hex SHA-256 of the two ranges concatenated
  error: string | null; // first problem met while checking this signature (other fields still filled in)
}

export interface PadesReport {
  file: string;
  pages: number | null; // null when PDFBox could not load the document
  signatureCount: number; // === signatures.length
  encrypted: boolean;
  pdfVersion: string | null; // PDFBox's view (header or catalog /Version), e.g. '1.7'
  sigFlags: number | null; // AcroForm /SigFlags
  rawByteRangeCount: number; // occurrences of '/ByteRange' in the raw bytes (misses compressed object streams)
  errors: string[]; // document-level problems (cannot read/load, ...)
  signatures: PadesSignature[];
}

const JAVA_DIR = process.env['SIGLA_BC_JAR_DIR'] ?? '/usr/share/java';
const JARS = ['pdfbox2.jar', 'fontbox2.jar', 'commons-logging.jar', 'bcprov.jar', 'bcpkix.jar', 'bcutil.jar'].map((j) =>
  path.join(JAVA_DIR, j));
const REPO = path.resolve(__dirname, '../../..');
const JAVA_SRC_DIR = path.join(REPO, 'test', 'helpers', 'java');

export type PdfBoxTool = 'PadesCheck' | 'MakePdfs';

let available: boolean | undefined;

function toolRuns(cmd: string): boolean {
  try {
    execFileSync(cmd, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** javac + java on PATH, the PDFBox 2 / fontbox / commons-logging / Bouncy Castle jars, and the Java sources. */
export function hasPdfBox(): boolean {
  available ??= JARS.every((j) => fs.existsSync(j))
    && (['PadesCheck', 'MakePdfs'] as const).every((c) => fs.existsSync(path.join(JAVA_SRC_DIR, `${c}.java`)))
    && toolRuns('java') && toolRuns('javac');
  return available;
}

/** Why hasPdfBox() is false ('' when it is true). */
export function pdfBoxMissing(): string {
  if (hasPdfBox()) return '';
  const missing = JARS.filter((j) => !fs.existsSync(j));
  if (missing.length > 0) return `missing jars ${missing.join(', ')} (libpdfbox2-java, libbcpkix-java)`;
  return 'java/javac not runnable or test/helpers/java sources missing';
}

/** Classpath used to compile and run the PDFBox tools (jars, then the class dir if given). */
export function pdfBoxClasspath(dir?: string): string {
  return [...JARS, ...(dir === undefined ? [] : [dir])].join(path.delimiter);
}

/** Compiles test/helpers/java/<tool>.java once (cached by source hash) and returns its class directory. */
export function compilePdfBoxTool(tool: PdfBoxTool): string {
  return compileJavaTool(path.join(JAVA_SRC_DIR, `${tool}.java`), tool, pdfBoxClasspath());
}

/** JVM arguments (quick start-up, font cache kept in the temp dir) to run a compiled tool. */
export function pdfBoxJavaArgs(tool: PdfBoxTool, args: readonly string[]): string[] {
  const dir = compilePdfBoxTool(tool);
  return ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Dpdfbox.fontcache=${os.tmpdir()}`,
    '-Djava.awt.headless=true', '-cp', pdfBoxClasspath(dir), tool, ...args];
}

interface ExecError {
  status?: number | null;
  stdout?: string | Buffer;
  stderr?: string | Buffer;
}

/**
 * Checks every signature dictionary of each PDF with PDFBox + Bouncy Castle, in one JVM. Odd or broken files
 * are reported (errors / per-signature error), never thrown; throws only when the checker cannot run.
 */
export function padesCheckMany(files: readonly string[]): PadesReport[] {
  if (files.length === 0) return [];
  let stdout: string;
  let stderr = '';
  try {
    stdout = execFileSync('java', pdfBoxJavaArgs('PadesCheck', files), {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, timeout: 120_000,
    });
  } catch (err) {
    const e = err as ExecError;
    if (typeof e.status !== 'number' || e.stdout === undefined) throw err;
    stdout = e.stdout.toString();
    stderr = e.stderr?.toString() ?? '';
  }
  const lines = stdout.split(/\r?\n/).filter((l) => l.startsWith('{'));
  if (lines.length !== files.length) {
    throw new Error(`PadesCheck printed ${lines.length} JSON lines for ${files.length} files: ${stderr || stdout}`);
  }
  return lines.map((l) => JSON.parse(l) as PadesReport);
}

/** padesCheckMany() for one file. */
export function padesCheck(file: string): PadesReport {
  const [r] = padesCheckMany([file]);
  if (r === undefined) throw new Error(`PadesCheck printed nothing for ${file}`);
  return r;
}

const EOF = Buffer.from('%%EOF', 'latin1');

function isEol(b: number | undefined): boolean {
  return b === 0x0a || b === 0x0d;
}

/** Where each revision ends: `eof` right after '%%EOF', `end` after the EOL that follows it (if any). */
export interface RevisionEnd {
  eof: number;
  end: number;
}

/**
 * Every '%%EOF' marker that starts a line (preceded by CR or LF), in file order. `end` includes one EOL
 * (CRLF, CR or LF) after the marker, i.e. where the next revision would start. Note: a linearized file has two
 * such markers in a single revision (the first-page section has its own trailer).
 */
export function revisionEnds(file: string | Uint8Array): RevisionEnd[] {
  const buf = toBuffer(file);
  const out: RevisionEnd[] = [];
  for (let i = buf.indexOf(EOF); i >= 0; i = buf.indexOf(EOF, i + 1)) {
    if (i > 0 && !isEol(buf[i - 1])) continue;
    const eof = i + EOF.length;
    let end = eof;
    if (buf[end] === 0x0d) end++;
    if (buf[end] === 0x0a) end++;
    out.push({ eof, end });
  }
  return out;
}

/** Byte offsets where each revision ends (revisionEnds(file).map(r => r.end)); the last one is usually the file size. */
export function revisions(file: string | Uint8Array): number[] {
  return revisionEnds(file).map((r) => r.end);
}

/** True when `offset` is right after a line-initial '%%EOF', possibly followed by up to two EOL bytes. */
export function isRevisionEnd(file: string | Uint8Array, offset: number): boolean {
  const buf = toBuffer(file);
  return revisionEnds(buf).some((r) => offset >= r.eof && offset - r.eof <= 2
    && buf.subarray(r.eof, offset).every((b) => isEol(b)));
}

function toBuffer(file: string | Uint8Array): Buffer {
  return typeof file === 'string' ? fs.readFileSync(file) : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
}
