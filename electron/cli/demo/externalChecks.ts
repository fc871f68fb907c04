/**
 * The independent checks `sigla demo` runs on what it signed, each with a verdict: `ok`, `failed`, or `absent` when
 * the tool is not installed. OpenSSL checks a CMS signature (RFC 5652) against the demo root; poppler's `pdfsig`
 * checks a PDF signature (ISO 32000-1 §12.8) and that it covers the whole document; `qpdf --check` checks the
 * PDF's structure after the incremental update. Each tool runs with a time limit, never through a shell.
 */
import { spawnSync } from 'node:child_process';

export type Verdict = 'ok' | 'failed' | 'absent';

const TIMEOUT_MS = 60_000;

/** Runs `cmd args`; undefined when the command is not installed. */
function run(cmd: string, args: readonly string[]): { status: number | null; stdout: string } | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 20 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '' };
}

/** `openssl cms -verify` of a .p7m (or a .p7s with its `content`) against the CA certificate `caFile`. */
export function opensslCmsVerify(file: string, caFile: string, content?: string): Verdict {
  const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null'];
  if (content !== undefined) args.push('-content', content);
  const r = run('openssl', args);
  return r === undefined ? 'absent' : r.status === 0 ? 'ok' : 'failed';
}

/**
 * Verdict of `pdfsig FILE`'s report: every signature "Signature is Valid." and the last one covering the whole file
 * ("Total document signed"); the certificate's trust is not asked of pdfsig (the demo root is in no NSS store).
 */
export function pdfsigReportVerdict(report: string): 'ok' | 'failed' {
  const validations = [...report.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]?.trim());
  if (validations.length === 0 || validations.some((v) => v !== 'Signature is Valid.')) return 'failed';
  return report.includes('Total document signed') ? 'ok' : 'failed';
}

/** `pdfsig FILE`: see {@link pdfsigReportVerdict}. */
export function pdfsigVerify(file: string): Verdict {
  const r = run('pdfsig', [file]);
  if (r === undefined) return 'absent';
  return r.status === 0 ? pdfsigReportVerdict(r.stdout) : 'failed';
}

/** `qpdf --check FILE`: ok only on exit 0 (3 means warnings, 2 errors). */
export function qpdfCheck(file: string): Verdict {
  const r = run('qpdf', ['--check', file]);
  return r === undefined ? 'absent' : r.status === 0 ? 'ok' : 'failed';
}
