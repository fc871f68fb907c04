/**
 * The parsers' explicit limits and the chunked text decoders (issue 11 item 3): BER nesting ends in INPUT_LIMIT at
 * its limit and not before; Base64/PEM decoded in chunks give exactly what OpenSSL's `base64 -d` gives, across
 * chunk borders and line breaks; the exit order of several files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BER_MAX_DEPTH, children, octetStringValue, readTlv } from '../../electron/core/asn1/Ber.js';
import { decodeBase64, decodeCmsInput, isBase64Text } from '../../electron/core/cms/CmsEncoding.js';
import { SiglaError, worstExit } from '../../electron/shared/errors.js';
import { asPdfError } from '../../electron/core/pdf/loadPdf.js';

const nestedIndefinite = (levels: number): Buffer => Buffer.concat([Buffer.from('3080'.repeat(levels), 'hex'), Buffer.from('0500', 'hex'), Buffer.alloc(2 * levels)]);

describe('constructed OCTET STRING segments (X.690 §8.7.3.2)', () => {
  it('are concatenated when each is an OCTET STRING; a segment with another tag is refused (fuzz: 0x04 → 0x84)', () => {
    assert.equal(Buffer.from(octetStringValue(readTlv(Buffer.from('24800401610401620000', 'hex')))).toString(), 'ab');
    // The same bytes with the second segment's tag changed to [4]: read leniently it gave the same content.
    assert.throws(() => octetStringValue(readTlv(Buffer.from('24800401618401620000', 'hex'))), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
  });
});

describe('pdf-lib errors are PDF_PARSE', () => {
  it('a typed lookup failing on a hostile structure (ES5 build: a plain Error thrown inside pdf-lib)', async () => {
    const { PDFDocument, PDFName, PDFArray, PDFNumber } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.catalog.set(PDFName.of('Kids'), PDFNumber.of(3));
    let thrown: unknown;
    try {
      doc.catalog.lookupMaybe(PDFName.of('Kids'), PDFArray);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error);
    const coded = asPdfError(thrown);
    assert.ok(coded instanceof SiglaError && coded.code === 'PDF_PARSE', String(coded));
    // A TypeError stays a bug.
    assert.equal(asPdfError(new TypeError('x is not a function')) instanceof SiglaError, false);
  });
});

describe('BER nesting limit', () => {
  it(`reads ${BER_MAX_DEPTH} nested indefinite-length values, refuses 100,000 with INPUT_LIMIT berNesting`, () => {
    let node = readTlv(nestedIndefinite(BER_MAX_DEPTH));
    for (let i = 1; i < BER_MAX_DEPTH; i++) node = children(node)[0] ?? assert.fail(`level ${i}`);
    assert.equal(children(node)[0]?.tag, 0x05);
    assert.throws(() => readTlv(nestedIndefinite(100_000)), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_LIMIT' && e.params['limit'] === 'berNesting');
  });

  it('constructed OCTET STRINGs nested 100,000 deep: INPUT_LIMIT, not the call stack', () => {
    const deep = Buffer.concat([Buffer.from('2480'.repeat(100_000), 'hex'), Buffer.from('040161', 'hex'), Buffer.alloc(200_000)]);
    assert.throws(() => octetStringValue(readTlv(deep)), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_LIMIT');
    const shallow = Buffer.from('24800401610401620000', 'hex');
    assert.equal(Buffer.from(octetStringValue(readTlv(shallow))).toString(), 'ab');
  });

  it('a long indefinite-length value read level by level gives the same ends', () => {
    // SEQUENCE(indef) { SEQUENCE(indef) { 10,000 × NULL } } read from the top and again from the child.
    const inner = Buffer.concat([Buffer.from('3080', 'hex'), Buffer.from('0500'.repeat(10_000), 'hex'), Buffer.alloc(2)]);
    const outer = Buffer.concat([Buffer.from('3080', 'hex'), inner, Buffer.alloc(2)]);
    const top = readTlv(outer);
    assert.equal(top.end, outer.length);
    const child = children(top)[0] ?? assert.fail('no child');
    assert.equal(child.end, 2 + inner.length);
    assert.equal(children(child).length, 10_000);
  });
});

describe('chunked Base64', () => {
  it('decodes 9 MB with line breaks across chunk borders as OpenSSL does', () => {
    const data = randomBytes(9 * 1024 * 1024 + 5);
    const dir = mkdtempSync(join(tmpdir(), 'sigla-b64-'));
    try {
      const file = join(dir, 'data.bin');
      writeFileSync(file, data);
      const text = execFileSync('openssl', ['base64', '-in', file], { maxBuffer: 64 << 20 });
      assert.ok(isBase64Text(text));
      const out = decodeBase64(text);
      assert.equal(Buffer.compare(Buffer.from(out), data), 0);
      // CRLF line ends and tabs too.
      const crlf = Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n\t'), 'latin1');
      assert.equal(Buffer.compare(Buffer.from(decodeBase64(crlf)), data), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(isBase64Text(Buffer.from('QUJD\n#')), false);
    // A stray byte anywhere is found: in the first look, after it, past the first 4 MB chunk, as the last byte.
    const long = Buffer.alloc(5 * 1024 * 1024 + 3, 'QUJD\n', 'latin1');
    assert.ok(isBase64Text(long));
    for (const at of [0, 1023, 1024, 5000, 4 * 1024 * 1024 + 10, long.length - 1]) {
      const was = long[at] ?? 0;
      long[at] = 0x25;
      assert.equal(isBase64Text(long), false, `stray byte at ${at}`);
      long[at] = was;
    }
    assert.equal(isBase64Text(Buffer.from('%PDF-1.7\n')), false);
  });

  it('PEM with RFC 1421 headers and Base64 without armour', () => {
    const cms = Buffer.from('3003020101', 'hex');
    const b64 = cms.toString('base64');
    const pem = `-----BEGIN PKCS7-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: none\n\n${b64}\n-----END PKCS7-----\n`;
    assert.deepEqual(decodeCmsInput(Buffer.from(pem)), { encoding: 'pem', bytes: new Uint8Array(cms) });
    assert.deepEqual(decodeCmsInput(Buffer.from(`${b64}\r\n`)), { encoding: 'base64', bytes: new Uint8Array(cms) });
    assert.throws(() => decodeCmsInput(Buffer.from('-----BEGIN PKCS7-----\nMIIB\n')), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
  });
});

describe('exit code of several files', () => {
  it('internal error > bad input > failed > indeterminate > passed', () => {
    assert.equal(worstExit([0, 10, 6, 8]), 8);
    assert.equal(worstExit([8, 1, 6]), 1);
    assert.equal(worstExit([10, 6, 0]), 6);
    assert.equal(worstExit([0, 10]), 10);
    assert.equal(worstExit([]), 0);
  });
});
