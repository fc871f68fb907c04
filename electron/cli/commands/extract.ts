/** `sigla extract FILE [--out PATH]`: the original document inside a (nested, base64) .p7m, a .tsd or a .m7m. */
import { basename, dirname, join } from 'node:path';
import { bytesSource } from '../../core/content/ContentSource.js';
import { extractContent } from '../../core/verify/extractContent.js';
import { assertWritableTarget, writeAtomically } from '../../io/AtomicFile.js';
import { readInputFile } from '../../io/readInputFile.js';
import { SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';

export interface ExtractArgs {
  readonly files: readonly string[];
  readonly out?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

export async function runExtract(a: ExtractArgs): Promise<number> {
  const [file, ...more] = a.files;
  if (!file || more.length > 0) throw new SiglaError('USAGE', 'sigla extract FILE [--out PATH]', { params: { detail: 'sigla extract FILE [--out PATH]' } });
  const input = readInputFile(file);
  const x = extractContent(input, basename(file));
  const output = a.out ?? join(dirname(file), x.name);
  const write = { force: a.force, inputs: [file] };
  assertWritableTarget(output, write);
  await writeAtomically(output, write, async (sink) => {
    for await (const chunk of bytesSource(x.content).open()) await sink.write(chunk);
  });
  if (a.json) process.stdout.write(JSON.stringify({ file, output, layers: x.layers, bytes: x.content.length }, null, 2) + '\n');
  else process.stdout.write(`${a.lang === 'it' ? 'Estratto' : 'Extracted'}: ${file} → ${output} (${x.layers.join(' › ')})\n`);
  return 0;
}
