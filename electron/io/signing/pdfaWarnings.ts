/**
 * Before signing (after checkBeforeSigning, before a PIN is asked): each PDF that claims PDF/A (XMP `pdfaid:part`)
 * but already breaks it in ways seen cheaply (core/pades/pdfaDeclaration.ts) gets a coded warning,
 * PDFA_ALREADY_INVALID. Signing goes on: the signature neither causes nor hides the problem (the update Sigla adds
 * is PDF/A-safe), and refusing would leave the office with no signed document at all; the warning tells the user
 * the file will not pass a PDF/A check at the receiving office, and how to fix it. Nothing is fixed silently.
 */
import { SiglaError } from '../../shared/errors.js';
import type { SignPlan } from './signRequest.js';

/** A warning about one input of the plan. */
export interface SignWarning {
  readonly file: string;
  readonly warning: SiglaError;
}

/** The PDF/A warnings of the plan's PAdES inputs; a file that cannot be read here gets none (signing reports it). */
export async function pdfaWarnings(plan: SignPlan): Promise<SignWarning[]> {
  const jobs = plan.jobs.filter((j) => j.mode === 'pades');
  if (jobs.length === 0) return [];
  // Loaded only when PDFs are signed (pdf-lib's start-up cost).
  const { openLazily } = await import('../../core/pdf/openLazily.js');
  const { openPdfFile } = await import('../PdfFileSource.js');
  const { pdfaStatus } = await import('../../core/pades/pdfaDeclaration.js');
  const out: SignWarning[] = [];
  for (const job of jobs) {
    let status: ReturnType<typeof pdfaStatus>;
    try {
      const src = openPdfFile(job.input);
      try {
        status = pdfaStatus(openLazily(src).doc);
      } finally {
        src.close();
      }
    } catch {
      continue;
    }
    if (!status || status.problems.length === 0) continue;
    const level = `${status.claim.part}${(status.claim.conformance ?? '').toLowerCase()}`;
    out.push({
      file: job.input,
      warning: new SiglaError('PDFA_ALREADY_INVALID', `${job.input} claims PDF/A-${level} but already violates it: ${status.problems.join(', ')}`, {
        params: { file: job.input, level, problems: status.problems.join(',') },
      }),
    });
  }
  return out;
}
