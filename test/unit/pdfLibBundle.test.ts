/**
 * scripts/bundle-pdf-lib.mjs joins pdf-lib's CommonJS modules into dist/node_modules/pdf-lib (start-up, issue 13).
 * Checked here: the compiled code resolves `pdf-lib` and `pdf-lib/cjs/utils` to that one file; it parses a PDF
 * into the same objects as the package itself (loaded from node_modules by path); and the pieces Sigla replaces in
 * pdf-lib at run time are the ones its parser runs (its tick wait is reached through the utils object).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import * as bundled from 'pdf-lib';
import * as bundledUtils from 'pdf-lib/cjs/utils';
import { installImmediateParseTicks } from '../../electron/core/pdf/pdfParseTicks.js';

const ROOT = join(__dirname, '..', '..', '..');
const packageDir = join(ROOT, 'node_modules', 'pdf-lib');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(join(packageDir, 'cjs', 'index.js')) as typeof bundled;

/** A PDF of `pages` pages with a line of text each: ~2 objects a page, more than pdf-lib parses between two ticks. */
async function manyObjects(pages: number): Promise<Uint8Array> {
  const doc = await original.PDFDocument.create();
  const font = await doc.embedFont(original.StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]).drawText(`pagina ${i + 1}`, { x: 20, y: 100, size: 12, font });
  return doc.save({ useObjectStreams: false });
}

/** Every indirect object as pdf-lib writes it, by reference. */
function objects(doc: bundled.PDFDocument): Map<string, string> {
  return new Map(doc.context.enumerateIndirectObjects().map(([ref, obj]) => [ref.toString(), obj.toString()]));
}

describe('pdf-lib in one file (dist/node_modules/pdf-lib)', () => {
  it('is what the compiled code gets for pdf-lib and pdf-lib/cjs/utils, at the version of the package', () => {
    const dist = join(ROOT, 'dist', 'node_modules', 'pdf-lib') + sep;
    assert.ok(require.resolve('pdf-lib').startsWith(dist), require.resolve('pdf-lib'));
    assert.ok(require.resolve('pdf-lib/cjs/utils').startsWith(dist), require.resolve('pdf-lib/cjs/utils'));
    assert.notEqual(bundled.PDFDocument, original.PDFDocument, 'two different copies are compared below');
    const version = (dir: string): string => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(version(dist), version(packageDir));
    assert.match(readFileSync(join(dist, 'bundle.js'), 'latin1').slice(0, 2000), /MIT License/);
  });

  it('parses a PDF into the same objects as the package', async () => {
    const bytes = await manyObjects(150);
    const [a, b] = await Promise.all([bundled.PDFDocument.load(bytes, { updateMetadata: false }), original.PDFDocument.load(bytes, { updateMetadata: false })]);
    const mine = objects(a);
    const theirs = objects(b as unknown as bundled.PDFDocument);
    assert.ok(mine.size > 250, `${mine.size} objects`);
    assert.deepEqual(mine, theirs);
    assert.equal(a.getPageCount(), 150);
    // Class names survive the join (loadPdf names a pdf-lib error by its class).
    assert.equal(bundled.PDFObjectParser.name, 'PDFObjectParser');
    assert.equal(bundled.PDFInvalidObjectParsingError.name, 'PDFInvalidObjectParsingError');
  });

  it('waits between objects through the utils function Sigla replaces', async () => {
    installImmediateParseTicks();
    const utils = bundledUtils as { waitForTick: () => Promise<void> };
    const installed = utils.waitForTick;
    let ticks = 0;
    utils.waitForTick = () => {
      ticks++;
      return installed();
    };
    try {
      await bundled.PDFDocument.load(await manyObjects(150), { updateMetadata: false });
    } finally {
      utils.waitForTick = installed;
    }
    // 150 pages are some 300 objects; the parser waits every 100 (its default speed).
    assert.ok(ticks >= 2, `${ticks} waits`);
  });
});
