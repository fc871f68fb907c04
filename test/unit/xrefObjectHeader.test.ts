/**
 * core/pdf/XrefChain.ts `tableRow` (a cross-reference table row) and `objectNumberAt` (which checks where each entry
 * points), read from bytes, against the regular expressions they replaced (the row: `/^(\d{10}) (\d{5}) ([nf])\s*$/`
 * on the windows-1252 text of the line; the target: (`/^(\d+)\s+(\d+)\s+obj/` after stripping leading end-of-line and blank bytes, on the bytes
 * taken one character each): hand-picked cases and random ones built from digits, every kind of white space, `obj`
 * and other bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectNumberAt, tableRow } from '../../electron/core/pdf/XrefChain.js';

function reference(bytes: Uint8Array): number | undefined {
  const text = String.fromCharCode(...bytes).replace(/^[\r\n\t\f ]+/, '');
  const m = /^(\d+)\s+(\d+)\s+obj/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function rowReference(bytes: Uint8Array): { field: number; gen: number; inUse: boolean } | undefined {
  const e = /^(\d{10}) (\d{5}) ([nf])\s*$/.exec(new TextDecoder('latin1').decode(bytes));
  return e?.[1] && e[2] && e[3] ? { field: Number(e[1]), gen: Number(e[2]), inUse: e[3] === 'n' } : undefined;
}

describe('tableRow', () => {
  it('reads what the regular expression reads', () => {
    const rows = ['0000000017 00000 n', '0000000017 00000 n ', '0000000000 65535 f\t\v\f', '9999999999 99999 n\u00a0', '0000000017 00000 x', '000000017 00000 n', '0000000017  0000 n', '0000000017 00000 n\u0085', '0000000017 00000 nn', ''];
    const pieces = ['0', '7', '9', ' ', 'n', 'f', '\t', '\u00a0', '\u0085', 'x'];
    const rnd = random(8);
    for (let i = 0; i < 20000; i++) {
      // Mostly well-formed rows with one random change, so both outcomes are exercised.
      const chars = [...'0000012345 00003 n '];
      const k = Math.floor(rnd() * (chars.length + 2));
      chars.splice(k, Math.floor(rnd() * 2), pieces[Math.floor(rnd() * pieces.length)] ?? '');
      rows.push(chars.join(''));
    }
    let good = 0;
    for (const r of rows) {
      const bytes = new Uint8Array(Buffer.from(`xx${r}`, 'latin1'));
      const want = rowReference(bytes.subarray(2));
      if (want) good++;
      assert.deepEqual(tableRow(bytes, 2, bytes.length), want, JSON.stringify(r));
    }
    assert.ok(good > 1000 && good < rows.length - 1000, `${good} well-formed rows of ${rows.length}`);
  });
});

describe('objectNumberAt', () => {
  it('reads what the regular expression reads', () => {
    const texts = ['12 0 obj', '\r\n12 0 obj', '\v12 0 obj', '12\u00a00\u00a0obj', '12 0obj', '12  0 \n obj<<', '1 0 ob', 'x 0 obj', '', '007 0 obj', '99999999999999999999 0 obj'];
    const pieces = ['1', '0', '9', ' ', '\r', '\n', '\t', '\f', '\v', '\u00a0', '\u0085', 'obj', 'ob', 'o', 'x', '\u0000', '-'];
    const rnd = random(7);
    for (let i = 0; i < 20000; i++) {
      let t = '';
      const n = Math.floor(rnd() * 10);
      for (let k = 0; k < n; k++) t += pieces[Math.floor(rnd() * pieces.length)];
      texts.push(t);
    }
    for (const t of texts) {
      const bytes = new Uint8Array(Buffer.from(t, 'latin1')).subarray(0, 40);
      assert.equal(objectNumberAt(bytes), reference(bytes), JSON.stringify(t));
    }
  });
});
