/**
 * core/pdf/XrefChain.ts `objectNumberAt`, which checks where each cross-reference entry points, against the regular
 * expression it replaced (`/^(\d+)\s+(\d+)\s+obj/` after stripping leading end-of-line and blank bytes, on the bytes
 * taken one character each): hand-picked cases and random ones built from digits, every kind of white space, `obj`
 * and other bytes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectNumberAt } from '../../electron/core/pdf/XrefChain.js';

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
