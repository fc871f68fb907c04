/**
 * `sigla pdfa FILE [--level 1b|2b|3b] [--out PATH] [--force] [--json]`: a PDF/A copy of a PDF (Ghostscript) or of an
 * Office/ODF/RTF/text document (LibreOffice), checked before it is written (io/pdfa/convertToPdfa.ts). Without
 * `--out` it goes beside the input as `NAME-pdfa.pdf` (io/outputNames.ts); an existing output is replaced only with
 * `--force` (exit 9 otherwise), the input never. No converter for the file: CONVERTER_MISSING, exit 8.
 */
import { dirname, join } from 'node:path';
import { convertToPdfa } from '../../io/pdfa/convertToPdfa.js';
import { parsePdfaLevel } from '../../io/pdfa/pdfaLevel.js';
import { pdfaOutputName } from '../../io/outputNames.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { cliText } from '../../shared/i18n/cliText.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface PdfaArgs {
  readonly files: readonly string[];
  readonly level?: string;
  readonly out?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

export async function runPdfa(a: PdfaArgs): Promise<number> {
  const [file, ...more] = a.files;
  if (!file || more.length > 0) throw usageError('pdfaOne');
  const level = parsePdfaLevel(a.level);
  const output = a.out ?? join(dirname(file), pdfaOutputName(file));
  const r = await convertToPdfa({ input: file, output, level, force: a.force });
  if (a.json) {
    process.stdout.write(JSON.stringify({ file, output: r.output, level: r.level, converter: r.converter, check: { ok: true, ...r.check, fontsNotEmbedded: [] }, ...(r.inputDeclared ? { inputDeclared: r.inputDeclared } : {}) }, null, 2) + '\n');
    return 0;
  }
  if (r.inputDeclared) process.stderr.write(`sigla: ${cliText('pdfaAlready', a.lang, { file, part: r.inputDeclared.part ?? '?', conformance: (r.inputDeclared.conformance ?? '').toLowerCase() })}\n`);
  process.stdout.write(`${cliText('pdfaConverted', a.lang, { level: r.level, file, output: r.output, part: r.check.part, conformance: r.check.conformance.toLowerCase(), fonts: r.check.fonts })}\n`);
  return 0;
}
