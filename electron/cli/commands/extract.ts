/**
 * `sigla extract FILE [--out PATH] [--force]`: the original document inside a (nested, base64) .p7m, a .tsd or a
 * .m7m. A file whose signature is invalid is not extracted (exit 6) unless `--force`, which extracts it with a
 * warning (core/verify/extractChecked.ts). Without `--out` the document goes beside the envelope under the name it
 * implies (`x.pdf.p7m` → `x.pdf`) and, when that name is taken, under a free one (`x (2).pdf`,
 * io/outputNames.ts freeOutputPath): the file beside is never replaced, whatever `--force` says. `--out PATH`
 * names the output: an existing one is replaced only with `--force`, the input never (sameFile.ts).
 */
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { bytesSource } from '../../core/content/ContentSource.js';
import { extractChecked } from '../../core/verify/extractChecked.js';
import { assertWritableTarget, writeAtomically } from '../../io/AtomicFile.js';
import { freeOutputPath } from '../../io/outputNames.js';
import { readInputFile } from '../../io/readInputFile.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { findingText } from '../../shared/i18n/findings.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';

export interface ExtractArgs {
  readonly files: readonly string[];
  readonly out?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

export async function runExtract(a: ExtractArgs): Promise<number> {
  const [file, ...more] = a.files;
  if (!file || more.length > 0) throw usageError('extractOne');
  const input = readInputFile(file);
  const x = await extractChecked(input, basename(file), { force: a.force });
  const output = a.out ?? freeOutputPath(dirname(file), x.name, existsSync);
  const write = { force: a.out !== undefined && a.force, inputs: [file] };
  assertWritableTarget(output, write);
  await writeAtomically(output, write, async (sink) => {
    for await (const chunk of bytesSource(x.content).open()) await sink.write(chunk);
  });
  const warnings = x.findings.map((f) => findingText(f, a.lang));
  for (const w of warnings) process.stderr.write(`sigla: ${w}\n`);
  if (a.json) process.stdout.write(JSON.stringify({ file, output, layers: x.layers, bytes: x.content.length, status: x.report.status, ...(x.findings.length ? { findings: x.findings.map((f) => ({ ...f, message: findingText(f, a.lang) })) } : {}) }, null, 2) + '\n');
  else process.stdout.write(`${cliText('extracted', a.lang, { file, output, layers: x.layers.join(' › ') })}\n`);
  return 0;
}
