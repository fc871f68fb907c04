/**
 * `sigla verify FILE… [--detached-content FILE] [--trust PEM_OR_DIR]… [--at ISO_TIME] [--json]`: a report per file.
 * Every file gets its own outcome: one that cannot be verified (missing, empty, not a regular file, not signed,
 * corrupt, over a safety limit) is reported with its coded reason and does not stop the others. The exit code is the
 * worst of the files' (`worstExit`: internal error 1 > bad input 8 > failed 6 > indeterminate 10 > passed 0).
 */
import { existsSync } from 'node:fs';
import { verifyFile } from '../../core/verify/verifyFile.js';
import { reportExitCode, unverifiableReport, type FileReport } from '../../core/verify/VerificationReport.js';
import { fileErrorText, reportText } from '../../core/verify/reportText.js';
import { asSiglaError, SiglaError, worstExit } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { certificatesAt } from '../../io/certificateFiles.js';
import { readInputFile } from '../../io/readInputFile.js';
import { join } from 'node:path';
import { dataDir } from '../../io/dataDir.js';
import { revocationChecker } from '../../net/RevocationClient.js';
import { issuerFetcher } from '../../net/CaIssuersClient.js';
import { listedServices, refreshTrustListsIfDue, trustNotes } from '../../io/trustedLists/index.js';
import { trustText } from '../../shared/i18n/messages.js';

export interface VerifyArgs {
  readonly files: readonly string[];
  readonly detachedContent?: string;
  readonly trust: readonly string[];
  readonly at?: string;
  readonly offline: boolean;
  readonly json: boolean;
  readonly lang: Lang;
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
  // The trusted lists in use (io/trustedLists): refreshed at most once a day when online and a cache exists.
  if (!a.offline) await refreshTrustListsIfDue();
  const services = listedServices();
  const notes = trustNotes();
  // The stamped or signed content of a .p7s/.tsr may legitimately be empty; it must still be a regular file.
  const detached = a.detachedContent ? readInputFile(a.detachedContent, { allowEmpty: true }) : undefined;
  const reports: FileReport[] = [];
  for (const f of a.files) {
    try {
      const bytes = readInputFile(f);
      reports.push(await verifyFile(f, bytes, { anchors: trusted, services, ...(at ? { at } : {}), ...(detached ? { detachedContent: detached } : {}), ...(a.offline ? {} : { revocation: revocationChecker(), fetchIssuers: issuerFetcher() }) }));
    } catch (e) {
      if (e instanceof SiglaError && e.code === 'USAGE') throw e;
      const err = asSiglaError(e);
      if (err.code === 'INTERNAL' && process.env['SIGLA_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      const r = unverifiableReport(f, err);
      reports.push(r.error ? { ...r, error: { ...r.error, message: fileErrorText(r.error, a.lang) } } : r);
    }
  }
  const noted = reports.map((r) => (notes.length > 0 && !r.error ? { ...r, trustNotes: notes } : r));
  if (a.json) process.stdout.write(JSON.stringify(noted.length === 1 ? noted[0] : noted, null, 2) + '\n');
  else for (const r of noted) process.stdout.write(reportText(r, a.lang) + (r.trustNotes ?? []).map((n) => `  ! ${trustText(n.code, a.lang, n.params)}\n`).join(''));
  return worstExit(reports.map(reportExitCode));
}
