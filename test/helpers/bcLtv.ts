/**
 * Long-term validation material made by Bouncy Castle and PDFBox, never by Sigla: `bcSignCades` signs a CAdES (and
 * time-stamps it at a test TSA), `bcCarry` adds certificates, CRLs and OCSP responses (RFC 5940) to its SignedData
 * (test/helpers/java/BcLtvCades.java); `pdfBoxAddDss` / `pdfBoxAddDocTimestamp` add a DSS or a document time-stamp
 * to a signed PDF (test/helpers/java/PdfLtv.java).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bcClasspath, hasBouncyCastle } from './bouncyCastle.js';
import { hasPdfBox, pdfBoxClasspath } from './pdfbox.js';
import { compileJavaTool } from './javaTool.js';

const SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'BcLtvCades.java');
const PDF_LTV_SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'PdfLtv.java');

export const hasBcLtv = (): boolean => hasBouncyCastle() && fs.existsSync(SOURCE);
export const hasPdfLtv = (): boolean => hasPdfBox() && fs.existsSync(PDF_LTV_SOURCE);

function run(args: readonly string[]): void {
  const dir = compileJavaTool(SOURCE, 'BcLtvCades', bcClasspath());
  execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', bcClasspath(dir), 'BcLtvCades', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** An attached CAdES-BES by `keyPem`/`certPem` (chain in `chainPem`) over `content`, time-stamped at `tsaUrl` unless undefined. */
export function bcSignCades(o: { keyPem: string; certPem: string; chainPem: string; content: string; out: string; tsaUrl?: string }): void {
  run(['sign', o.keyPem, o.certPem, o.chainPem, o.content, o.out, o.tsaUrl ?? '-']);
}

/** `input` with certificates, CRLs and OCSP responses (DER files) added to SignedData, written to `out`. */
export function bcCarry(input: string, out: string, data: { certs?: string[]; crls?: string[]; ocsps?: string[] }): void {
  const args = [...(data.certs ?? []).flatMap((f) => ['--cert', f]), ...(data.crls ?? []).flatMap((f) => ['--crl', f]), ...(data.ocsps ?? []).flatMap((f) => ['--ocsp', f])];
  run(['carry', input, out, ...args]);
}

function runPdfLtv(args: readonly string[]): void {
  const dir = compileJavaTool(PDF_LTV_SOURCE, 'PdfLtv', pdfBoxClasspath());
  execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Dpdfbox.fontcache=${os.tmpdir()}`, '-Djava.awt.headless=true', '-cp', pdfBoxClasspath(dir), 'PdfLtv', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** PDFBox adds a DSS (with a VRI entry for the last signature) in a new revision of `input`. */
export function pdfBoxAddDss(input: string, out: string, data: { certs?: string[]; crls?: string[]; ocsps?: string[] }): void {
  runPdfLtv(['dss', input, out, ...(data.certs ?? []).flatMap((f) => ['--cert', f]), ...(data.ocsps ?? []).flatMap((f) => ['--ocsp', f]), ...(data.crls ?? []).flatMap((f) => ['--crl', f])]);
}

/** PDFBox adds a document time-stamp (ETSI.RFC3161) from the TSA at `tsaUrl` in a new revision of `input`. */
export function pdfBoxAddDocTimestamp(input: string, out: string, tsaUrl: string): void {
  runPdfLtv(['ts', input, out, tsaUrl]);
}
