/**
 * Conversion to PDF/A (issue 15): the input is read once (a regular file, io/readInputFile.ts) and copied into a
 * private temp folder under a plain name, so the converter never touches the user's file nor sees its name (a name
 * starting with `-`, a FIFO swapped in); the converter writes there; the result is checked (checkConverted.ts)
 * and only then copied atomically beside its target (io/AtomicFile.ts: temp in the target folder, rename). The
 * private folder goes in every case. A missing converter is said before anything is written.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfaClaim } from '../../core/pdf/pdfaFacts.js';
import { SiglaError } from '../../shared/errors.js';
import { assertWritableTarget, writeAtomically } from '../AtomicFile.js';
import { readInputFile } from '../readInputFile.js';
import { checkConverted, declaredPdfa, type ConvertedCheck } from './checkConverted.js';
import { ghostscriptArgs, pdfaDefinition, SOFFICE_PROFILE_SETTINGS, sofficeArgs } from './converterArgs.js';
import { findConverters, type Converters } from './findConverters.js';
import { pdfaInputKind, type PdfaConverter } from './pdfaInput.js';
import type { PdfaLevel } from './pdfaLevel.js';
import { converterEnvironment, runConverter } from './runConverter.js';

export interface PdfaRequest {
  readonly input: string;
  readonly output: string;
  readonly level: PdfaLevel;
  /** Replace an existing output (never the input). */
  readonly force: boolean;
  /** Where the converters are (default: looked for now). */
  readonly converters?: Converters;
  /** The parent environment the converter's allow-listed one is taken from (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Time limit of one conversion (default 3 minutes: LibreOffice's first start with a fresh profile is slow). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface PdfaResult {
  readonly input: string;
  readonly output: string;
  readonly level: PdfaLevel;
  readonly converter: PdfaConverter;
  readonly check: ConvertedCheck;
  /** What the input PDF already declared, if anything (it is converted all the same: the user asked). */
  readonly inputDeclared?: PdfaClaim;
}

const DEFAULT_TIMEOUT_MS = 180_000;

const INSTALL: Readonly<Record<PdfaConverter, { converter: string; package: string; site: string }>> = {
  libreoffice: { converter: 'LibreOffice', package: 'libreoffice-writer-nogui', site: 'https://www.libreoffice.org/download/' },
  ghostscript: { converter: 'Ghostscript', package: 'ghostscript', site: 'https://ghostscript.com/releases/gsdnld.html' },
};

export function converterMissing(which: PdfaConverter, file: string, cause?: unknown): SiglaError {
  const i = INSTALL[which];
  return new SiglaError('CONVERTER_MISSING', `${i.converter} is not installed`, { params: { file, ...i }, ...(cause !== undefined ? { cause } : {}) });
}

/** Converts `input` to PDF/A at `output`; throws a coded error and writes nothing on any failure. */
export async function convertToPdfa(r: PdfaRequest): Promise<PdfaResult> {
  const bytes = readInputFile(r.input);
  const kind = pdfaInputKind(r.input, bytes);
  // What to install comes first: an output name already taken is the lesser news.
  const converters = r.converters ?? findConverters();
  const executable = kind.converter === 'libreoffice' ? converters.soffice : converters.gs;
  if (executable === undefined || (kind.converter === 'ghostscript' && converters.srgbProfile === undefined)) throw converterMissing(kind.converter, r.input);
  const write = { force: r.force, inputs: [r.input] };
  assertWritableTarget(r.output, write);
  const inputDeclared = kind.converter === 'ghostscript' ? await declaredPdfa(bytes) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sigla-pdfa-'));
  // A signal ends the CLI through process.exit: the private folder goes with it (synchronously, as exit allows).
  const removeDir = (): void => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a file held open on Windows: the temp folder is the system's to clean
    }
  };
  process.once('exit', removeDir);
  try {
    const source = join(dir, `documento.${kind.extension}`);
    writeFileSync(source, bytes, { mode: 0o600 });
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const env = converterEnvironment(r.env ?? process.env, dir);
    const common = { cwd: dir, env, timeoutMs: r.timeoutMs ?? DEFAULT_TIMEOUT_MS, converter: INSTALL[kind.converter].converter, ...(r.signal ? { signal: r.signal } : {}) };
    const result = join(outDir, 'documento.pdf');
    try {
      if (kind.converter === 'libreoffice') {
        const profile = join(dir, 'profile');
        mkdirSync(join(profile, 'user'), { recursive: true });
        writeFileSync(join(profile, 'user', 'registrymodifications.xcu'), SOFFICE_PROFILE_SETTINGS);
        await runConverter({ ...common, executable, args: sofficeArgs(r.level, profile, outDir, source) });
      } else {
        const icc = join(dir, 'srgb.icc');
        copyFileSync(converters.srgbProfile as string, icc);
        const definition = join(dir, 'pdfa_def.ps');
        writeFileSync(definition, pdfaDefinition(icc));
        await runConverter({ ...common, executable, args: ghostscriptArgs(r.level, icc, definition, result, source) });
      }
    } catch (e) {
      // The executable vanished or may not be run: the same advice as when it was not found.
      if (e instanceof SiglaError && e.code === 'CONVERSION_FAILED' && e.params['status'] === 'start') throw converterMissing(kind.converter, r.input, e);
      throw e;
    }
    // soffice exits 0 even when it could not load the document: no output file is its failure.
    if (!existsSync(result)) throw new SiglaError('CONVERSION_FAILED', `${common.converter} wrote nothing`, { params: { converter: common.converter, status: 0 } });
    const check = await checkConverted(result, r.level);
    await writeAtomically(r.output, write, async (sink) => {
      for await (const chunk of createReadStream(result)) await sink.write(chunk as Buffer);
    });
    return { input: r.input, output: r.output, level: r.level, converter: kind.converter, check, ...(inputDeclared ? { inputDeclared } : {}) };
  } finally {
    process.removeListener('exit', removeDir);
    removeDir();
  }
}
