/**
 * CAdES signatures with long-term validation data made by Bouncy Castle (test/helpers/java/BcLtvCades.java), never
 * by Sigla: `bcSignCades` signs (and time-stamps at a test TSA), `bcCarry` adds certificates, CRLs and OCSP
 * responses (RFC 5940) to SignedData.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bcClasspath, hasBouncyCastle } from './bouncyCastle.js';
import { compileJavaTool } from './javaTool.js';

const SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'BcLtvCades.java');

export const hasBcLtv = (): boolean => hasBouncyCastle() && fs.existsSync(SOURCE);

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
