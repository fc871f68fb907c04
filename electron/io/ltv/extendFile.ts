/**
 * Extending the signatures of an existing file to a long-term level (ETSI EN 319 142-1 §5.3–§5.5 for PDF, EN 319
 * 122-1 §5.5 for CAdES): the engine function of `sigla extend` and of Verifica's "Estendi la firma". The input is
 * never modified: the result is a new file (io/outputNames.ts `extendedOutputName`, or the path asked), written
 * atomically; for a PDF the input is a byte prefix of it (core/pades/longTermPdf.ts). A .p7m/.p7s goes to the one
 * CAdES extension (io/ltv/extendCadesFile.ts over core/cades/extendCades.ts).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { ValidationDataSource } from '../../core/ltv/ValidationData.js';
import type { ExtendLevel, LongTermResult } from '../../core/pades/longTermPdf.js';
import type { Timestamper } from '../../core/tsp/Timestamper.js';
import { SiglaError } from '../../shared/errors.js';
import { usageError } from '../../shared/i18n/usage.js';
import { assertWritableTarget, writeAtomically, type WriteOptions } from '../AtomicFile.js';
import { freeOutputPath, extendedOutputName, isCmsName } from '../outputNames.js';
import { assertPdfHeader } from '../pdfHeader.js';
import { openPdfFile } from '../PdfFileSource.js';
import { contentPathBeside } from '../contentBeside.js';
import { extendCadesFile } from './extendCadesFile.js';
import type { ExistingOutput } from '../signing/signRequest.js';

export const EXTEND_LEVELS = ['B-T', 'B-LT', 'B-LTA'] as const satisfies readonly ExtendLevel[];

export function isExtendLevel(v: unknown): v is ExtendLevel {
  return typeof v === 'string' && (EXTEND_LEVELS as readonly string[]).includes(v);
}

export interface ExtendJob {
  readonly input: string;
  readonly output: string;
  readonly write: WriteOptions;
}

/**
 * The output of one file and how it is written, refused before any network use: a CAdES file while CAdES
 * extension is not connected (USAGE), a file that is not a PDF (INPUT_NOT_SIGNED), an output that is an input
 * (exit 2) or exists without `replace` (exit 9).
 */
export function planExtend(input: string, o: { readonly out?: string; readonly outDir?: string; readonly existing: ExistingOutput; readonly inputs: readonly string[] }, exists: (p: string) => boolean = existsSync): ExtendJob {
  if (!isCmsName(input).cms) {
    try {
      assertPdfHeader(input);
    } catch (e) {
      if (e instanceof SiglaError && e.code === 'NOT_A_PDF') throw new SiglaError('INPUT_NOT_SIGNED', `${input} is not a PDF nor a CMS signature`, { params: { file: input }, cause: e });
      throw e;
    }
  }
  const dir = o.outDir ?? dirname(input);
  let output = o.out ?? resolve(dir, extendedOutputName(input));
  if (o.out === undefined && o.existing === 'nextFree') output = freeOutputPath(dir, basename(output), exists);
  const write: WriteOptions = { force: o.existing === 'replace', inputs: o.inputs };
  assertWritableTarget(output, write);
  return { input, output, write };
}

export interface ExtendOptions {
  readonly level: ExtendLevel;
  readonly hash: SigningHash;
  readonly validationData?: ValidationDataSource;
  readonly timestamper?: Timestamper;
}

/** Extends one planned file; the result tells what was added. */
export async function extendFile(job: ExtendJob, o: ExtendOptions): Promise<LongTermResult | undefined> {
  if ((o.level === 'B-T' || o.level === 'B-LTA') && !o.timestamper) throw usageError('levelNeedsTsa', { level: o.level });
  if (o.level !== 'B-T' && !o.validationData) throw new Error('B-LT needs a validation data source');
  if (isCmsName(job.input).cms) {
    // A detached .p7s: its document beside it (same name without the extension), which B-LTA's archive time-stamp covers.
    const content = contentPathBeside(job.input);
    await extendCadesFile(job.input, job.output, {
      hash: o.hash,
      level: o.level,
      ...(o.validationData ? { validationData: o.validationData } : {}),
      ...(o.timestamper ? { timestamper: o.timestamper } : {}),
      ...(content !== undefined && isCmsName(job.input).detached && existsSync(content) ? { detachedContent: content } : {}),
    }, job.write);
    return undefined;
  }
  const { addLongTermRevisions } = await import('../../core/pades/longTermPdf.js');
  let result: LongTermResult | undefined;
  const pdf = openPdfFile(job.input);
  try {
    await writeAtomically(job.output, job.write, async (sink) => {
      result = await addLongTermRevisions(pdf, sink, {
        level: o.level,
        hash: o.hash,
        ...(o.validationData ? { validationData: o.validationData } : {}),
        ...(o.timestamper ? { timestamper: o.timestamper } : {}),
      });
    });
  } catch (e) {
    if (e instanceof SiglaError && e.code === 'INPUT_NOT_SIGNED') throw new SiglaError('INPUT_NOT_SIGNED', e.message, { params: { file: job.input }, cause: e });
    throw e;
  } finally {
    pdf.close();
  }
  return result;
}
