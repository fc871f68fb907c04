/**
 * A PDF inside a CAdES envelope (OpenSSL's `cms -sign -nodetach`) is reported one level deeper: none of its own
 * signatures when it has none (read lazily since issue 13, not parsed whole), its PAdES signature when it has one
 * covering the whole file, and that signature failed when bytes were added after it (the check of what follows a
 * signed revision, which reads the PDF whole, still runs for a PDF in an envelope).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { appendIncrementalUpdate, makePdflibPdf } from '../helpers/pdfProducers.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

interface Report {
  status: string;
  signatures: { status: string; integrity: string; depth: number; field?: string }[];
}

describe('PDF inside a .p7m', { skip }, () => {
  let pki: TestPki;
  let plain: string;
  let signed: string;
  before(async () => {
    pki = makeTestPki();
    plain = join(pki.dir, 'determina.pdf');
    writeFileSync(plain, await makePdflibPdf({ useObjectStreams: true }));
    signed = join(pki.dir, 'determina-firmata.pdf');
    const r = sigla(['sign', plain, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', signed, '--lang', 'en'], { input: `${pki.signer.p12Password}\n` });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
  after(() => cleanup(pki.dir));

  const envelope = (pdf: string): string => {
    const out = `${pdf}.p7m`;
    const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', pdf, '-out', out, '-outform', 'DER', '-signer', pki.ecSigner.certPem, '-inkey', pki.ecSigner.keyPem, '-certfile', pki.chainPem]);
    assert.equal(r.status, 0, r.stderr);
    return out;
  };
  const verify = (f: string): { status: number; report: Report } => {
    const r = sigla(['verify', f, '--trust', pki.rootPem, '--offline', '--json']);
    return { status: r.status, report: JSON.parse(r.stdout) as Report };
  };

  it('an unsigned PDF: only the envelope signature', () => {
    // Also with a revision added (still no signature): a PDF read through its cross-reference chain.
    writeFileSync(plain, appendIncrementalUpdate(readFileSync(plain), { title: 'Determina n. 43' }));
    const { status, report } = verify(envelope(plain));
    assert.equal(status, 0);
    assert.deepEqual(report.signatures.map((s) => [s.depth, s.status]), [[0, 'passed']]);
  });

  it('a signed PDF: the envelope signature and the PDF signature one level deeper', () => {
    const { status, report } = verify(envelope(signed));
    assert.equal(status, 0);
    assert.deepEqual(report.signatures.map((s) => [s.depth, s.status, s.integrity]), [
      [0, 'passed', 'valid'],
      [1, 'passed', 'valid'],
    ]);
  });

  it('a signed PDF with bytes added after signing: its signature failed, the envelope signature passed', () => {
    const changed = join(pki.dir, 'determina-cambiata.pdf');
    writeFileSync(changed, Buffer.concat([readFileSync(signed), Buffer.from('\n% aggiunto dopo la firma\n')]));
    const { status, report } = verify(envelope(changed));
    assert.equal(status, 6);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.signatures.map((s) => [s.depth, s.status]), [
      [0, 'passed'],
      [1, 'failed'],
    ]);
  });
});
