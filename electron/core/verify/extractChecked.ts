/**
 * Extraction that first checks what it extracts (issue 12): the document inside a .p7m/.tsd/.m7m is given out only
 * when no signature or time-stamp over it is failed (ETSI EN 319 102-1 status), since a failed signature means the
 * bytes are not those that were signed. `force` extracts anyway, with the finding EXTRACTED_DESPITE_INVALID. The
 * check is cryptographic and offline (no trust anchors, no revocation): an untrusted or unchecked chain
 * (indeterminate) does not stop an extraction. Shared by `sigla extract` and the app's "Estrai".
 */
import { SiglaError } from '../../shared/errors.js';
import { extractContent, type Extracted } from './extractContent.js';
import { finding, type Finding } from '../findings/Finding.js';
import type { FileReport } from './VerificationReport.js';
import { verifyFile } from './verifyFile.js';

export interface CheckedExtraction extends Extracted {
  /** The offline verification of the envelope the content came from. */
  readonly report: FileReport;
  /** EXTRACTED_DESPITE_INVALID when a failed file was extracted with `force`. */
  readonly findings: readonly Finding[];
}

export async function extractChecked(input: Uint8Array, fileName: string, o: { readonly force: boolean }): Promise<CheckedExtraction> {
  const x = extractContent(input, fileName);
  const report = await verifyFile(fileName, input, { anchors: [] });
  if (report.status !== 'failed') return { ...x, report, findings: [] };
  if (!o.force) throw new SiglaError('EXTRACT_SIGNATURE_INVALID', `the signature of ${fileName} is not valid: nothing extracted`, { params: { file: fileName } });
  return { ...x, report, findings: [finding('EXTRACTED_DESPITE_INVALID', { file: fileName })] };
}
