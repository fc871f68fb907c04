/**
 * Independent CAdES checker for tests, backed by Bouncy Castle (Debian libbcpkix-java) via
 * test/helpers/java/BcCadesCheck.java. Nothing here uses Sigla's own CMS code, so a signature
 * made by Sigla and accepted by bcCheck() is verified by a third-party implementation.
 *
 * The Java class is compiled once per source version (test/helpers/javaTool.ts).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileJavaTool } from './javaTool.js';

export interface BcSigner {
  depth: number; // nesting depth of the SignedData envelope (0 = outermost)
  kind: 'signer' | 'countersignature';
  subject: string;
  verified: boolean;
  essCertV2: boolean | null; // null = no signing-certificate-v2 attribute
  issuerSerialMatch: boolean | null; // null = no issuerSerial in the first ESSCertIDv2
  hasContentType: boolean;
  hasSigningTime: boolean;
  hasMessageDigest: boolean;
  digestAlg: string; // OID
  encAlg: string; // OID
}

export interface BcResult {
  ok: boolean; // every signer verified and carries a matching signing-certificate-v2
  signers: BcSigner[];
  topLevelSigners: number;
  contentSha256: string | null; // hex sha256 of the innermost signed content, null when detached without content
  error: string | null;
}

const JAVA_DIR = process.env['SIGLA_BC_JAR_DIR'] ?? '/usr/share/java';
const BC_JARS = ['bcprov.jar', 'bcpkix.jar', 'bcutil.jar'].map((j) => path.join(JAVA_DIR, j));
const REPO = path.resolve(__dirname, '../../..');
const JAVA_SOURCE = path.join(REPO, 'test', 'helpers', 'java', 'BcCadesCheck.java');
const CLASS_NAME = 'BcCadesCheck';

let available: boolean | undefined;

function toolRuns(cmd: string): boolean {
  try {
    execFileSync(cmd, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** javac + java on PATH, the Bouncy Castle jars present, and the checker source found. */
export function hasBouncyCastle(): boolean {
  available ??= BC_JARS.every((j) => fs.existsSync(j)) && fs.existsSync(JAVA_SOURCE)
    && toolRuns('java') && toolRuns('javac');
  return available;
}

/** Classpath used to compile and run the checker (BC jars, then the class dir if given). */
export function bcClasspath(dir?: string): string {
  return [...BC_JARS, ...(dir === undefined ? [] : [dir])].join(path.delimiter);
}

function ensureCompiled(): string {
  return compileJavaTool(JAVA_SOURCE, CLASS_NAME, bcClasspath());
}

interface ExecError {
  status?: number | null;
  stdout?: string | Buffer;
  stderr?: string | Buffer;
  message?: string;
}

/**
 * Verifies a CMS/CAdES signature (DER/BER, base64 or PEM) with Bouncy Castle. For detached
 * signatures pass the content file. Exit code 1/2 from the checker is not an exception: the JSON
 * it prints is returned (ok=false). Throws only if the checker cannot be run or prints no JSON.
 */
export function bcCheck(file: string, detachedContent?: string): BcResult {
  const dir = ensureCompiled();
  const args = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', bcClasspath(dir), CLASS_NAME, file];
  if (detachedContent !== undefined) args.push(detachedContent);
  let stdout: string;
  let stderr = '';
  try {
    stdout = execFileSync('java', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (err) {
    const e = err as ExecError;
    if (typeof e.status !== 'number' || e.stdout === undefined) throw err;
    stdout = e.stdout.toString();
    stderr = e.stderr?.toString() ?? '';
  }
  const line = stdout.split(/\r?\n/).filter((l) => l.trim().startsWith('{')).pop();
  if (line === undefined) {
    throw new Error(`BcCadesCheck printed no JSON for ${file}: ${stderr || stdout}`);
  }
  return JSON.parse(line) as BcResult;
}
