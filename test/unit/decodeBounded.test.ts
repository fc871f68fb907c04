/**
 * Streams decoded a step at a time (core/pdf/pdfLimits.ts decodeBounded): the bytes are those zlib inflates, for
 * sizes around the step, and the per-stream limit still refuses a stream one byte over it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { PDFContext, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { decodeBounded, limitViolation, PDF_LIMITS } from '../../electron/core/pdf/pdfLimits.js';

function flateStream(context: PDFContext, data: Uint8Array): PDFRawStream {
  const z = deflateSync(data);
  const dict = context.obj({});
  dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
  dict.set(PDFName.of('Length'), PDFNumber.of(z.length));
  return PDFRawStream.of(dict, z);
}

describe('decodeBounded', () => {
  for (const size of [0, 1, 65_535, 65_536, 65_537, 300_000]) {
    it(`${size} bytes decode to what zlib inflates`, () => {
      const ctx = PDFContext.create();
      const data = randomBytes(size);
      const s = flateStream(ctx, data);
      const got = decodeBounded(s, ctx);
      assert.ok(Buffer.from(got).equals(inflateSync(s.getContents())));
      assert.equal(limitViolation(ctx), undefined);
    });
  }

  it('a stream one byte over the per-stream limit is refused (INPUT_LIMIT pdfDecoded)', () => {
    const ctx = PDFContext.create();
    const s = flateStream(ctx, new Uint8Array(PDF_LIMITS.decodedPerStream + 1));
    assert.throws(() => decodeBounded(s, ctx), (e: unknown) => e instanceof Error && (e as { code?: string }).code === 'INPUT_LIMIT');
  });
});
