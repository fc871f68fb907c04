/**
 * core/verify/pdfModifications.ts `writtenAlike`, the shortcut of the comparison of two revisions' objects: when it
 * says true, pdf-lib writes both objects as the same bytes (checked here with pdf-lib's own writer), over every pair
 * of objects with the same number in two parses of the same PDF and in a PDF and its signed version, and over
 * neighbouring objects (which differ).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { objectBytes } from '../../electron/core/pdf/IncrementalUpdate.js';
import { loadPdf } from '../../electron/core/pdf/loadPdf.js';
import { writtenAlike } from '../../electron/core/verify/pdfModifications.js';
import { appendIncrementalUpdate, makePdflibPdf } from '../helpers/pdfProducers.js';

const bytesEqual = (a: PDFObject, b: PDFObject): boolean => Buffer.from(objectBytes(a)).equals(Buffer.from(objectBytes(b)));

function objects(doc: PDFDocument): Map<string, PDFObject> {
  return new Map(doc.context.enumerateIndirectObjects().map(([ref, o]) => [ref.toString(), o]));
}

describe('writtenAlike', () => {
  it('true only for objects written as the same bytes; true for unchanged objects', async () => {
    const plain = await makePdflibPdf({ useObjectStreams: false });
    const updated = appendIncrementalUpdate(plain, { title: 'Altro titolo' });
    const a = objects(await loadPdf(plain));
    const b = objects(await loadPdf(new Uint8Array(updated)));
    let alike = 0;
    let pairs = 0;
    const all = [...a.values(), ...b.values()];
    for (const [ref, p] of a) {
      const q = b.get(ref);
      if (q === undefined) continue;
      // A stream is compared as its dictionary and its bytes (pdfModifications.ts): here its dictionary.
      const [x, y] = p instanceof PDFRawStream && q instanceof PDFRawStream ? [p.dict, q.dict] : [p, q];
      pairs++;
      if (writtenAlike(x, y)) {
        alike++;
        assert.ok(bytesEqual(x, y), ref);
      }
    }
    for (let i = 1; i < all.length; i++) {
      const [x, y] = [all[i - 1] as PDFObject, all[i] as PDFObject];
      if (writtenAlike(x, y)) assert.ok(bytesEqual(x, y));
    }
    // Most objects did not change: the shortcut must see that, or it saves nothing.
    assert.ok(pairs > 5 && alike >= pairs - 1, `${alike} of ${pairs}`);
  });
});
