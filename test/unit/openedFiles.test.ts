/**
 * Files opened from the OS (electron/app/openedFiles.ts): which command-line arguments are files to open, and which
 * screen each goes to — signed files and signed PDFs to Verifica, unsigned PDFs to Firma.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { fileArguments, groupByRoute, openRoute, pdfHasSignature } from '../../electron/app/openedFiles.js';
import { MemorySink } from '../../electron/core/content/ContentSource.js';
import { signPdf } from '../../electron/core/pades/signPdf.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

describe('files opened from the OS', () => {
  let dir: string;
  let pki: TestPki;
  let unsigned: Uint8Array;
  let signed: Uint8Array;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-open-'));
    pki = makeTestPki();
    const doc = await PDFDocument.create();
    doc.addPage();
    unsigned = await doc.save();
    const sink = new MemorySink();
    await signPdf(unsigned, sink, { signer: Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password), []), hash: 'sha256' });
    signed = sink.bytes();
    writeFileSync(join(dir, 'atto.pdf.p7m'), 'x');
    writeFileSync(join(dir, 'firma.p7s'), 'x');
    writeFileSync(join(dir, 'Delibera 42.pdf'), unsigned);
    writeFileSync(join(dir, 'contratto-firmato.PDF'), signed);
    writeFileSync(join(dir, 'note.txt'), 'x');
    mkdirSync(join(dir, 'cartella.pdf'));
  });
  after(() => cleanup(dir, pki.dir));

  it('takes existing files of the registered types from argv, resolved against the working directory', () => {
    const argv = ['/opt/Sigla/sigla', '--no-sandbox', '--allow-file-access-from-files', '--flag=x.pdf', 'atto.pdf.p7m', join(dir, 'Delibera 42.pdf'), 'note.txt', 'cartella.pdf', 'assente.p7m', './atto.pdf.p7m', 'contratto-firmato.PDF', '.'];
    assert.deepEqual(fileArguments(argv, dir), [join(dir, 'atto.pdf.p7m'), join(dir, 'Delibera 42.pdf'), join(dir, 'contratto-firmato.PDF')]);
  });

  it('ignores the executable and the app path of a development start', () => {
    assert.deepEqual(fileArguments([join(dir, 'firma.p7s'), join(dir, 'dist', 'electron', 'main', 'main.js')], dir), []);
    assert.deepEqual(fileArguments(['electron', '.'], dir), []);
  });

  it('tells a signed PDF from an unsigned one', () => {
    assert.equal(pdfHasSignature(unsigned), false);
    assert.equal(pdfHasSignature(signed), true);
    assert.equal(pdfHasSignature(new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /SigRef >> endobj')), false);
    assert.equal(pdfHasSignature(new TextEncoder().encode('%PDF-1.7\n1 0 obj <</Type/Sig/Filter/Adobe.PPKLite>> endobj')), true);
  });

  it('sends signed files and signed PDFs to Verifica, unsigned PDFs to Firma', async () => {
    assert.equal(await openRoute(join(dir, 'atto.pdf.p7m')), 'verifica');
    assert.equal(await openRoute(join(dir, 'contratto-firmato.PDF')), 'verifica');
    assert.equal(await openRoute(join(dir, 'Delibera 42.pdf')), 'firma');
    const groups = await groupByRoute([join(dir, 'Delibera 42.pdf'), join(dir, 'sparito.pdf'), join(dir, 'atto.pdf.p7m'), join(dir, 'firma.p7s')]);
    assert.deepEqual(groups, [
      { route: 'firma', paths: [join(dir, 'Delibera 42.pdf')] },
      { route: 'verifica', paths: [join(dir, 'atto.pdf.p7m'), join(dir, 'firma.p7s')] },
    ]);
  });
});
