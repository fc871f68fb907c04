/**
 * core/pdf/pdfScanShortcuts.ts against pdf-lib's own code, which it replaces: the originals are kept before the
 * shortcuts are installed and both are run on the same inputs — hand-picked edge cases and a few thousand random
 * ones built from the pieces the scans look for (`stream`, `endstream`, CR, LF, `>`, hex digits, other bytes).
 * Same results (value, end offset, where the parser stops) and the same errors, or the test fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFContext, PDFHexString, PDFObjectParser } from 'pdf-lib';
import * as pdfLibUtils from 'pdf-lib/cjs/utils';
import { installPdfScanShortcuts } from '../../electron/core/pdf/pdfScanShortcuts.js';

type Parser = { bytes: { offset(): number }; parseHexString(): PDFHexString; findEndOfStreamFallback(p: unknown): number };
const proto = PDFObjectParser.prototype as unknown as Parser;
const original = { parseHexString: proto.parseHexString, findEnd: proto.findEndOfStreamFallback, asBytes: PDFHexString.prototype.asBytes, numberToString: pdfLibUtils.numberToString };
installPdfScanShortcuts();
const shortcut = { parseHexString: proto.parseHexString, findEnd: proto.findEndOfStreamFallback, asBytes: PDFHexString.prototype.asBytes, numberToString: pdfLibUtils.numberToString };

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function build(pieces: readonly string[], n: number, rnd: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += pieces[Math.floor(rnd() * pieces.length)];
  return out;
}

const parser = (text: string, at = 0): Parser => {
  const p = PDFObjectParser.forBytes(new Uint8Array(Buffer.from(text, 'latin1')), PDFContext.create()) as unknown as Parser & { bytes: { moveTo(o: number): void } };
  p.bytes.moveTo(at);
  return p;
};

type Outcome = { value?: unknown; offset: number; error?: string };
function run(f: (this: Parser, ...a: unknown[]) => unknown, p: Parser, ...args: unknown[]): Outcome {
  try {
    const v = f.call(p, ...args);
    return { value: v instanceof PDFHexString ? v.asString() : v, offset: p.bytes.offset() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}`, offset: p.bytes.offset() };
  }
}

describe('pdf-lib scan shortcuts give what pdf-lib gives', () => {
  it('hex strings: edge cases and random inputs', () => {
    const cases = ['<>', '<0>', '<41 42>', '<414243', '<4142>>', '<\n41\r\n42>rest', 'x<41>', '<' + 'ab'.repeat(5000) + '>'];
    const rnd = random(1);
    for (let i = 0; i < 2000; i++) cases.push('<' + build(['0', 'a', 'F', 'g', ' ', '\n', '\r', '>', '<', '\x00', '\xff'], Math.floor(rnd() * 20), rnd));
    for (const c of cases) {
      const want = run(original.parseHexString as never, parser(c));
      const got = run(shortcut.parseHexString as never, parser(c));
      assert.deepEqual(got, want, JSON.stringify(c));
    }
  });

  it('hex string bytes: edge cases and random values', () => {
    const values = ['', '0', 'a', 'ab', 'ABC', '0x', '-1', '+1', ' 1', '1 ', 'g0', 'zz', '4g', 'ab'.repeat(30000)];
    const rnd = random(2);
    for (let i = 0; i < 3000; i++) values.push(build(['0', '9', 'a', 'f', 'A', 'F', 'g', ' ', '\n', '-', '+', 'x', '\u00e9'], Math.floor(rnd() * 12), rnd));
    for (const v of values) {
      const h = PDFHexString.of(v);
      const got = shortcut.asBytes.call(h);
      assert.deepEqual(got, original.asBytes.call(h), JSON.stringify(v));
      assert.equal(Object.getPrototypeOf(got), Uint8Array.prototype);
    }
  });

  it('numbers as text: integers, fractions, huge and tiny values', () => {
    assert.notEqual(shortcut.numberToString, original.numberToString);
    const values = [0, -0, 1, -1, 7, 1e20, 1e21 - 65536, 1e21, 1e22, -1e21, 123456789012345680000, 2 ** 53, 0.5, -0.25, 1e-7, 1.5e-10, 3.14, NaN, Infinity, -Infinity];
    const rnd = random(4);
    for (let i = 0; i < 5000; i++) values.push(Math.floor((rnd() - 0.5) * 10 ** Math.floor(rnd() * 25)), (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15));
    for (const v of values) assert.equal(shortcut.numberToString(v), original.numberToString(v), String(v));
  });

  it('stream ends: nesting, the four end-of-line forms, truncated keywords, no end at all', () => {
    const cases = [
      'data\nendstream',
      'data\r\nendstream',
      'data\rendstream',
      'dataendstream',
      'stream x endstream y endstream',
      'endstreaendstream',
      'streamstreamendstream',
      'no end here',
      'endstrea',
      '\r\n\r\nendstream\nendstream',
      'x'.repeat(10000) + '\nendstream',
    ];
    const rnd = random(3);
    for (let i = 0; i < 4000; i++) cases.push(build(['stream', 'endstream', 'end', 'str', 'eam', '\r', '\n', 's', 'e', 'x', ' '], Math.floor(rnd() * 12), rnd));
    for (const c of cases) {
      for (const at of [0, Math.min(1, c.length)]) {
        const pos = { line: 0, column: 0, offset: 0 };
        const want = run(original.findEnd as never, parser(c, at), pos);
        const got = run(shortcut.findEnd as never, parser(c, at), pos);
        assert.deepEqual(got, want, JSON.stringify([c, at]));
      }
    }
  });
});
