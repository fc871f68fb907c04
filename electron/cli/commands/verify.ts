/**
 * `sigla verify FILE… [--detached-content FILE] [--trust PEM_OR_DIR]… [--at ISO_TIME] [--json]`: a report per file;
 * exit 0 when every file passed, 6 when a signature failed, 10 when the result is indeterminate.
 */
import { existsSync, readFileSync } from 'node:fs';
import { verifyFile } from '../../core/verify/verifyFile.js';
import { worst, type FileReport } from '../../core/verify/VerificationReport.js';
import { reportText } from '../../core/verify/reportText.js';
import { SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { certificatesAt } from '../../io/certificateFiles.js';
import { join } from 'node:path';
import { dataDir } from '../../io/dataDir.js';
import { revocationChecker } from '../../net/RevocationClient.js';
import { issuerFetcher } from '../../net/CaIssuersClient.js';

export interface VerifyArgs {
  readonly files: readonly string[];
  readonly detachedContent?: string;
  readonly trust: readonly string[];
  readonly at?: string;
  readonly offline: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

function readInput(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${file}`, { params: { file }, cause: e });
  }
}

/** Trust anchors: each --trust file (PEM/DER, one or more certificates) or folder, plus the app's trust store. */
function anchors(trust: readonly string[]): Uint8Array[] {
  const store = join(dataDir(), 'trust');
  return [...trust, ...(existsSync(store) ? [store] : [])].flatMap((t) => certificatesAt(t));
}

export async function runVerify(a: VerifyArgs): Promise<number> {
  if (a.files.length === 0) throw new SiglaError('USAGE', 'sigla verify FILE…', { params: { detail: 'sigla verify FILE…' } });
  let at: Date | undefined;
  if (a.at) {
    at = new Date(a.at);
    if (Number.isNaN(at.getTime())) throw new SiglaError('USAGE', '--at takes an ISO time', { params: { detail: '--at 2013-09-08T12:00:00Z' } });
  }
  const trusted = anchors(a.trust);
  const detached = a.detachedContent ? readInput(a.detachedContent) : undefined;
  const reports: FileReport[] = [];
  for (const f of a.files) {
    try {
      reports.push(await verifyFile(f, readInput(f), { anchors: trusted, ...(at ? { at } : {}), ...(detached ? { detachedContent: detached } : {}), ...(a.offline ? {} : { revocation: revocationChecker(), fetchIssuers: issuerFetcher() }) }));
    } catch (e) {
      if (e instanceof SiglaError && e.code === 'USAGE') throw e;
      const msg = e instanceof Error ? e.message : String(e);
      reports.push({ file: f, format: 'unknown', status: 'failed', signatures: [], problems: [msg] });
    }
  }
  if (a.json) process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  else for (const r of reports) process.stdout.write(reportText(r, a.lang));
  const status = worst(reports.map((r) => r.status));
  return status === 'passed' ? 0 : status === 'failed' ? 6 : 10;
}
