/**
 * `sigla verify FILE… [--detached-content FILE] [--trust PEM_OR_DIR]… [--at ISO_TIME] [--json] [--report-pdf PATH
 * [--force]]`: a report per file; with `--report-pdf`, the report of one file also as a PDF (reportPdf.ts), written
 * atomically, never over the file verified (exit 2) nor over an existing file without `--force` (exit 9).
 * Every file gets its own outcome: one that cannot be verified (missing, empty, not a regular file, not signed,
 * corrupt, over a safety limit) is reported with its coded reason and does not stop the others. The exit code is the
 * worst of the files' (`worstExit`: internal error 1 > bad input 8 > failed 6 > indeterminate 10 > passed 0).
 * Without `--detached-content`, a detached signature or time-stamp is verified over the document beside it
 * (io/contentBeside.ts: `x.pdf.p7s` → `x.pdf`); when there is none it is indeterminate (SIGNED_DATA_NOT_FOUND).
 * What only some calls need is loaded when they need it (issue 13: verify start-up): the PDF report and its fonts
 * with `--report-pdf`, the network clients and the trusted-list refresh (XML, XMLDSig) without `--offline`.
 */
import { existsSync } from 'node:fs';
import { verifyFile } from '../../core/verify/verifyFile.js';
import { reportExitCode, unverifiableReport, type FileReport } from '../../core/verify/VerificationReport.js';
import { reportText } from '../../core/verify/reportText.js';
import { localizeReport } from '../../core/verify/localizeReport.js';
import type { WriteOptions } from '../../io/AtomicFile.js';
import { createHash } from 'node:crypto';
import { asSiglaError, worstExit } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { certificatesAt } from '../../io/certificateFiles.js';
import { readInputFile } from '../../io/readInputFile.js';
import { contentBesideFinder } from '../../io/contentBeside.js';
import { basename, join } from 'node:path';
import { dataDir } from '../../io/dataDir.js';
import type { VerifyOptions } from '../../core/verify/verifyFile.js';
import { listedServices } from '../../io/trustedLists/listedServices.js';
import { trustNotes } from '../../io/trustedLists/trustNotes.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface VerifyArgs {
  readonly files: readonly string[];
  readonly detachedContent?: string;
  readonly trust: readonly string[];
  readonly at?: string;
  readonly offline: boolean;
  readonly json: boolean;
  readonly lang: Lang;
  readonly reportPdf?: string;
  readonly force?: boolean;
}

/** Trust anchors: each --trust file (PEM/DER, one or more certificates) or folder, plus the app's trust store. */
function anchors(trust: readonly string[]): Uint8Array[] {
  const store = join(dataDir(), 'trust');
  return [...trust, ...(existsSync(store) ? [store] : [])].flatMap((t) => certificatesAt(t));
}

export async function runVerify(a: VerifyArgs): Promise<number> {
  if (a.files.length === 0) throw usageError('verifyNoFile');
  let at: Date | undefined;
  if (a.at) {
    at = new Date(a.at);
    if (Number.isNaN(at.getTime())) throw usageError('atTime');
  }
  if (a.reportPdf !== undefined && a.files.length !== 1) {
    throw usageError('reportPdfOne');
  }
  const pdfTarget = a.reportPdf === undefined ? undefined : { path: a.reportPdf, write: { force: a.force ?? false, inputs: [...a.files, ...(a.detachedContent ? [a.detachedContent] : [])] } as WriteOptions };
  const atomicFile = pdfTarget ? await import('../../io/AtomicFile.js') : undefined;
  // Refused before anything is verified: the report never replaces the file verified, nor an existing file unasked.
  if (pdfTarget) atomicFile?.assertWritableTarget(pdfTarget.path, pdfTarget.write);
  const trusted = anchors(a.trust);
  // The trusted lists in use (io/trustedLists): refreshed at most once a day when online and a cache exists.
  if (!a.offline) await (await import('../../io/trustedLists/refreshTrustLists.js')).refreshTrustListsIfDue();
  const online: Pick<VerifyOptions, 'revocation' | 'fetchIssuers'> = a.offline
    ? {}
    : { revocation: (await import('../../net/RevocationClient.js')).revocationChecker(), fetchIssuers: (await import('../../net/CaIssuersClient.js')).issuerFetcher() };
  const services = listedServices();
  const notes = trustNotes();
  // The stamped or signed content of a .p7s/.tsr may legitimately be empty; it must still be a regular file.
  const detached = a.detachedContent ? readInputFile(a.detachedContent, { allowEmpty: true }) : undefined;
  const reports: FileReport[] = [];
  let verifiedSha256 = '';
  const verifiedAt = new Date().toISOString();
  for (const f of a.files) {
    try {
      const bytes = readInputFile(f);
      // The fingerprint printed in the PDF report (one file only); nothing else needs it.
      if (pdfTarget) verifiedSha256 = createHash('sha256').update(bytes).digest('hex');
      const content = detached && a.detachedContent ? { detachedContent: detached, detachedContentName: basename(a.detachedContent) } : { findContent: contentBesideFinder(f) };
      reports.push(await verifyFile(f, bytes, { anchors: trusted, services, ...(at ? { at } : {}), ...content, ...online }));
    } catch (e) {
      // Whatever stops one file (even a refusal of how it was named) is that file's report: the others go on.
      const err = asSiglaError(e);
      if (err.code === 'INTERNAL' && process.env['SIGLA_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      reports.push(unverifiableReport(f, err));
    }
  }
  const shown = reports.map((r) => localizeReport(notes.length > 0 && !r.error ? { ...r, trustNotes: notes } : r, a.lang));
  const [only] = shown;
  // A file that could not be verified at all gets no report file: the command failed for it (exit 8).
  if (pdfTarget && atomicFile && only && !only.error) {
    const { reportPdf } = await import('../../core/verify/reportPdf.js');
    const { appearanceFonts } = await import('../../io/appearanceFonts.js');
    const pdf = await reportPdf({ report: only, fileName: basename(only.file), sha256: verifiedSha256, verifiedAt, lang: a.lang, fonts: appearanceFonts() });
    await atomicFile.writeAtomically(pdfTarget.path, pdfTarget.write, async (sink) => {
      await sink.write(pdf);
    });
  }
  if (a.json) process.stdout.write(JSON.stringify(shown.length === 1 ? shown[0] : shown, null, 2) + '\n');
  else for (const r of shown) process.stdout.write(reportText(r, a.lang));
  return worstExit(reports.map(reportExitCode));
}
