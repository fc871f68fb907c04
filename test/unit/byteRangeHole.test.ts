/**
 * The /ByteRange hole read from the bytes (core/verify/byteRangeHole.ts) accepts and decodes exactly what the text
 * check it replaced did: `<`, hexadecimal digits and white space (`\s` of the windows-1252 text), `>`; an odd last
 * digit followed by 0 (ISO 32000-2 §7.3.4.3). The expected values come from Node's own hex decoder.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holeValue, onlySpaceAfter } from '../../electron/core/verify/byteRangeHole.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** The check as it was: a regular expression over the text, then Buffer's hex decoder. */
function asText(file: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const hole = new TextDecoder('latin1').decode(file.subarray(Math.max(0, start), Math.min(file.length, end)));
  if (!/^<[0-9A-Fa-f\s]*>$/.test(hole)) return undefined;
  let hex = hole.slice(1, -1).replace(/\s+/g, '');
  if (hex.length % 2) hex += '0';
  return Buffer.from(hex, 'hex');
}

describe('byteRangeHole', () => {
  const cases: [string, number, number][] = [
    ['xx<3082 01ff>yy', 2, 13],
    ['<3082\r\n\t01fF\f>', 0, 14],
    ['<30\xa082>', 0, 7],
    ['<308>', 0, 5],
    ['<>', 0, 2],
    ['<30 8g>', 0, 7],
    ['<3082', 0, 5],
    ['3082>', 0, 5],
    ['<30\x8582>', 0, 7],
    ['<3082>', 4, 2],
    ['<3082>', 0, 99],
    ['<30\x0082>', 0, 7],
  ];
  for (const [text, start, end] of cases) {
    it(`${JSON.stringify(text)} [${start}, ${end})`, () => {
      const file = bytes(text);
      const want = asText(file, start, end);
      const got = holeValue(file, start, end);
      assert.deepEqual(got === undefined ? undefined : Buffer.from(got), want === undefined ? undefined : Buffer.from(want));
    });
  }

  it('after the signed revision: only white space counts as nothing', () => {
    assert.equal(onlySpaceAfter(bytes('%%EOF\r\n \t'), 5), true);
    assert.equal(onlySpaceAfter(bytes('%%EOF\r\n%'), 5), false);
    assert.equal(onlySpaceAfter(bytes('%%EOF'), 5), true);
    assert.equal(onlySpaceAfter(bytes('%%EOF\n\x00'), 5), '\n\x00'.trim() === '');
  });
});
