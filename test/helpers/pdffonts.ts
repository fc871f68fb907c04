/**
 * poppler's `pdffonts` table, parsed: one row per font with its name, type and whether it is embedded (the `emb`
 * column). The independent judge of "every font embedded" (PDF/A, ISO 19005) in the tests.
 */
import assert from 'node:assert/strict';
import { tool } from './cli.js';

export interface PdfFontRow {
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
}

export function pdffonts(file: string): PdfFontRow[] {
  const r = tool('pdffonts', [file]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^(\S+)\s+(.*?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
      assert.ok(m, `a pdffonts row: ${l}`);
      return { name: m[1] ?? '', type: m[2] ?? '', embedded: m[4] === 'yes' };
    });
}
