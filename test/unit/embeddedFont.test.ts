/**
 * The appearance fonts (core/pades/embeddedFont.ts): a line cut into runs by font, the /ToUnicode CMap, and the
 * Type0 fonts written into a PDF — their subset read back by fontkit, their CIDs, widths and text map consistent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, type Font } from 'fontkit';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import { EmbeddedFonts, splitRuns, toUnicodeCMap } from '../../electron/core/pades/embeddedFont.js';
import { appearanceFonts } from '../../electron/io/appearanceFonts.js';

const latin = (cp: number): boolean => cp < 0x370;
const greek = (cp: number): boolean => cp >= 0x370 && cp < 0x400;

describe('splitRuns', () => {
  it('cuts a line where the font changes, spaces staying with the run they follow', () => {
    assert.deepEqual(splitRuns('Niccolò Šimić Ωμέγα x', [latin, greek]), [
      { font: 0, text: 'Niccolò Šimić ' },
      { font: 1, text: 'Ωμέγα' },
      { font: 0, text: ' x' },
    ]);
  });
  it('gives a character no font has to the first font as "?", and tabs and line breaks as spaces', () => {
    assert.deepEqual(splitRuns('a\tβ\n中', [latin, greek]), [
      { font: 0, text: 'a ' },
      { font: 1, text: 'β' },
      { font: 0, text: ' ?' },
    ]);
  });
  it('keeps a character outside the BMP whole', () => {
    const any = (): boolean => true;
    assert.deepEqual(splitRuns('𝄞', [any]), [{ font: 0, text: '𝄞' }]);
  });
});

describe('toUnicodeCMap', () => {
  it('maps each CID to the UTF-16BE of its text, surrogate pairs included', () => {
    const cmap = toUnicodeCMap(new Map([[2, 'ò'], [1, 'N'], [3, '𝄞']]));
    assert.match(cmap, /1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange/);
    assert.match(cmap, /3 beginbfchar\n<0001> <004E>\n<0002> <00F2>\n<0003> <D834DD1E>\nendbfchar/);
    assert.match(cmap, /\/CMapType 2 def/);
  });
  it('writes at most 100 entries per block', () => {
    const map = new Map(Array.from({ length: 250 }, (_, i) => [i + 1, String.fromCharCode(0x41 + (i % 26))] as [number, string]));
    const cmap = toUnicodeCMap(map);
    assert.deepEqual([...cmap.matchAll(/(\d+) beginbfchar/g)].map((m) => Number(m[1])), [100, 100, 50]);
  });
});

describe('EmbeddedFonts', () => {
  it('writes Type0 fonts whose subsets, widths and /ToUnicode agree with the text drawn', async () => {
    const programs = appearanceFonts();
    assert.equal(appearanceFonts(), programs, 'read once per process');
    const fonts = new EmbeddedFonts(programs);
    const text = 'Niccolò Šimić Ωμέγα';
    const runs = fonts.runs(text);
    assert.deepEqual(runs.map((r) => r.font), [0, 1], 'Titillium Web for Latin, Noto Sans for Greek');
    const encoded = runs.map((r) => fonts.encode(r));
    assert.ok(fonts.widthOf(text, 10) > 50 && fonts.widthOf(text, 10) < 150);

    const doc = await PDFDocument.create();
    const resources = fonts.embed(doc.context, (o) => doc.context.register(o));
    assert.deepEqual(Object.keys(resources), ['F1', 'F2']);
    const decoded = (s: unknown): Uint8Array => decodePDFRawStream(s as PDFRawStream).decode();
    for (const [i, name] of ['F1', 'F2'].entries()) {
      const type0 = doc.context.lookup(resources[name] as PDFRef, PDFDict);
      assert.equal(String(type0.get(PDFName.of('Subtype'))), '/Type0');
      assert.equal(String(type0.get(PDFName.of('Encoding'))), '/Identity-H');
      const cidFont = doc.context.lookup((type0.get(PDFName.of('DescendantFonts')) as PDFArray).get(0) as PDFRef, PDFDict);
      assert.equal(String(cidFont.get(PDFName.of('Subtype'))), '/CIDFontType2');
      assert.equal(String(cidFont.get(PDFName.of('CIDToGIDMap'))), '/Identity');
      const descriptor = doc.context.lookup(cidFont.get(PDFName.of('FontDescriptor')) as PDFRef, PDFDict);
      const program = decoded(doc.context.lookup(descriptor.get(PDFName.of('FontFile2')) as PDFRef));
      const subset = create(Buffer.from(program)) as Font;
      // The text map: each CID of the run back to its character.
      const cmap = Buffer.from(decoded(doc.context.lookup(type0.get(PDFName.of('ToUnicode')) as PDFRef))).toString('latin1');
      const back = new Map([...cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g)].map((m) => [parseInt(m[1] ?? '', 16), Buffer.from(m[2] ?? '', 'hex').swap16().toString('utf16le')]));
      const cids = ((encoded[i] as PDFHexString).asString().match(/.{4}/g) ?? []).map((h) => parseInt(h, 16));
      assert.equal(cids.map((c) => back.get(c)).join(''), runs[i]?.text);
      // Widths: /W of every CID equals the subset's own advance width of that glyph (CID = glyph id).
      const w = (cidFont.get(PDFName.of('W')) as PDFArray).asArray();
      for (let k = 0; k < w.length; k += 2) {
        const cid = (w[k] as PDFNumber).asNumber();
        const width = ((w[k + 1] as PDFArray).get(0) as PDFNumber).asNumber();
        assert.equal(width, Math.round((subset.getGlyph(cid).advanceWidth * 1000) / subset.unitsPerEm), `width of CID ${cid}`);
      }
      // The CIDSet lists every glyph of the subset.
      const cidSet = decoded(doc.context.lookup(descriptor.get(PDFName.of('CIDSet')) as PDFRef));
      const bits = [...cidSet].reduce((n, b) => n + b.toString(2).replace(/0/g, '').length, 0);
      assert.equal(bits, subset.numGlyphs);
      assert.match(String(descriptor.get(PDFName.of('FontName'))), /^\/[A-Z]{6}\+(TitilliumWeb|NotoSans)-Regular$/);
    }
  });
});
