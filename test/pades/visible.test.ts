/**
 * Visible signatures land where they were asked, upright, on pages with every /Rotate; rendered by poppler's
 * pdftoppm (not by Sigla) and measured on the raster.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = spawnSync('sh', ['-c', 'command -v pdftoppm && command -v pdfsig']).status === 0 ? false : 'poppler-utils missing';

/** Gray raster of page 1 at 72 dpi (1 px = 1 pt, as the page is seen). */
function render(pdf: string): { w: number; h: number; px: Uint8Array } {
  const prefix = pdf.replace(/\.pdf$/, '');
  assert.equal(tool('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]).status, 0);
  const data = readFileSync(`${prefix}.pgm`);
  const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
  assert.ok(m?.[1] && m[2], 'a PGM raster');
  return { w: Number(m[1]), h: Number(m[2]), px: data.subarray(m[0].length) };
}

/** Share of pixels darker than paper in a box given bottom-left-up, as the page is seen. */
function inked(r: { w: number; h: number; px: Uint8Array }, x: number, y: number, w: number, h: number): number {
  let dark = 0;
  let n = 0;
  for (let row = Math.round(r.h - y - h); row < Math.round(r.h - y); row++) {
    for (let col = Math.round(x); col < Math.round(x + w); col++) {
      n++;
      if ((r.px[row * r.w + col] ?? 255) < 252) dark++;
    }
  }
  return dark / Math.max(1, n);
}

/** Text rows: how many distinct raster rows inside the box carry dark (text) pixels, and columns likewise. */
function textExtent(r: { w: number; h: number; px: Uint8Array }, x: number, y: number, w: number, h: number): { rows: number; cols: number } {
  const rows = new Set<number>();
  const cols = new Set<number>();
  for (let row = Math.round(r.h - y - h) + 3; row < Math.round(r.h - y) - 3; row++) {
    for (let col = Math.round(x) + 3; col < Math.round(x + w) - 3; col++) {
      if ((r.px[row * r.w + col] ?? 255) < 120) {
        rows.add(row);
        cols.add(col);
      }
    }
  }
  return { rows: rows.size, cols: cols.size };
}

/** A small RGB PNG (a red square) made with zlib, for the signature image. */
function png(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer): number => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const size = 16;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.concat(Array.from({ length: size }, () => Buffer.concat([Buffer.of(0), Buffer.alloc(size * 3, Buffer.from([200, 20, 20]))])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('visible PAdES signature placement', { skip }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  for (const rotate of [0, 90, 180, 270]) {
    it(`lands at --rect on a page with /Rotate ${rotate}, text upright`, async () => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      const page = doc.addPage([595, 842]);
      page.setRotation(degrees(rotate));
      page.drawText('Pagina ruotata', { x: 60, y: 400, size: 10, font });
      const input = join(pki.dir, `rot${rotate}.pdf`);
      writeFileSync(input, await doc.save({ useObjectStreams: false }));
      const out = join(pki.dir, `rot${rotate}-signed.pdf`);
      const imageFile = join(pki.dir, 'firma.png');
      writeFileSync(imageFile, png());
      const rect = [100, 150, 220, 70] as const;
      const r = sigla(
        ['sign', input, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', out, '--visible', '--page', '1', '--rect', rect.join(','), '--image', imageFile, '--reason', 'Approvo perché è conforme'],
        { input: `${pki.signer.p12Password}\n` },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(tool('pdfsig', ['-nocert', out]).stdout, /Signature is Valid/);
      const raster = render(out);
      const [x, y, w, h] = rect;
      assert.ok(inked(raster, x + 3, y + 3, w - 6, h - 6) > 0.8, `the box fills ${rect.join(',')}`);
      assert.ok(inked(raster, x + w + 4, y, 30, h) < 0.02, 'nothing right of the box');
      assert.ok(inked(raster, x, y + h + 4, w, 20) < 0.02, 'nothing above the box');
      // Upright text: lines run left to right, so dark pixels span far more columns than rows.
      const ext = textExtent(raster, x + h, y, w - h, h);
      assert.ok(ext.cols > 2 * ext.rows, `text reads horizontally (cols ${ext.cols}, rows ${ext.rows})`);
    });
  }
});
