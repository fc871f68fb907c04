/** The shared corpus's MANIFEST.tsv (SIGLA_CORPUS), one object per row, columns by name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ManifestRow {
  /** Path relative to the corpus root. */
  readonly rel: string;
  readonly kind: string;
  readonly expected: string;
  readonly observed: string;
  readonly sha256: string;
}

export function readManifest(root: string): ManifestRow[] {
  const lines = readFileSync(join(root, 'MANIFEST.tsv'), 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = (lines.shift() ?? '').split('\t');
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`MANIFEST.tsv has no column ${name}`);
    return i;
  };
  const [p, k, e, o, h] = [col('path'), col('kind'), col('expected'), col('observed_here'), col('sha256')];
  return lines.map((l) => l.split('\t')).map((c) => ({ rel: c[p] ?? '', kind: c[k] ?? '', expected: c[e] ?? '', observed: c[o] ?? '', sha256: c[h] ?? '' }));
}

/** Any tab-separated manifest with a header line (e.g. the corpus's `tsl/MANIFEST.tsv`): one record per row, by column name. */
export function readTsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const head = (lines.shift() ?? '').split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? '']));
  });
}
