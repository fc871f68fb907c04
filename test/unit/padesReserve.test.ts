/**
 * The /Contents placeholder: sized from the real certificates (plus a timestamp allowance), and a CMS that would not
 * fit is an internal error that leaves no output: the original's bytes stream into the output's temporary file while
 * they are hashed (one pass), so the guarantee is the atomic file's — the temp is discarded, nothing appears.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { MemorySink } from '../../electron/core/content/ContentSource.js';
import { cmsReserve } from '../../electron/core/pades/detachedCms.js';
import { signPdf } from '../../electron/core/pades/signPdf.js';
import type { RawSigner } from '../../electron/core/signer/RawSigner.js';
import { writeAtomically } from '../../electron/io/AtomicFile.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { cleanup, makeTestPki } from '../helpers/testPki.js';

describe('PAdES signature space', () => {
  it('grows with the chain and the timestamp allowance', () => {
    const cert = new Uint8Array(1500);
    const signer = (n: number): RawSigner => ({ certificate: cert, chain: Array.from({ length: n - 1 }, () => cert), keyAlgorithm: 'RSA', sign: () => Promise.resolve(new Uint8Array(256)) });
    const four = cmsReserve(signer(4));
    assert.ok(four >= 4 * 1500 + 1024, `${four}`);
    assert.ok(cmsReserve(signer(4), 8192) >= four + 8192);
    assert.equal(cmsReserve(signer(1)) % 1024, 0);
  });

  it('a CMS larger than its space is an internal error and nothing is written', async () => {
    const pki = makeTestPki();
    const dir = mkdtempSync(join(tmpdir(), 'sigla-reserve-'));
    try {
      const real = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []);
      // A key source whose signature value is far larger than any real one.
      const huge: RawSigner = { certificate: real.certificate, chain: real.chain, keyAlgorithm: 'RSA', sign: () => Promise.resolve(new Uint8Array(16384)) };
      const doc = await PDFDocument.create();
      doc.addPage();
      const pdf = await doc.save({ useObjectStreams: false });
      const target = join(dir, 'firmato.pdf');
      await assert.rejects(
        writeAtomically(target, { force: false, inputs: [] }, async (sink) => {
          await signPdf(pdf, sink, { signer: huge, hash: 'sha256' });
        }),
        (e: unknown) => e instanceof SiglaError && e.code === 'INTERNAL',
      );
      assert.deepEqual(readdirSync(dir), [], 'no output and no temporary file left');
      // The same document with the real key signs, within its space.
      const sink = new MemorySink();
      const ok = await signPdf(pdf, sink, { signer: real, hash: 'sha256' });
      assert.ok(ok.cmsLength <= ok.reserved);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      cleanup(pki.dir);
    }
  });
});
