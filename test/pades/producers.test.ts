/**
 * Acceptance for PAdES: PDFs from mainstream producers (Chromium, cairo, Ghostscript, pdf-lib, PDFBox, qpdf
 * transforms — including files already signed by PDFBox, with a timestamp, and a document timestamp) are each
 * signed twice by `sigla`, and judged by PDFBox + Bouncy Castle (test/helpers/java/PadesCheck.java), poppler's
 * pdfsig, `qpdf --check` and byte-prefix comparisons. The encrypted one is refused with exit 8 and no output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { padesCheckMany, pdfBoxMissing, type PadesSignature } from '../helpers/pdfbox.js';
import { makeProducerPdfs, producerFailures, producerSkips, qpdfCheck, type ProducedPdf } from '../helpers/pdfProducers.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const missing = pdfBoxMissing();
const skip = missing ? `PDFBox unavailable: ${missing}` : tool('sh', ['-c', 'command -v qpdf && command -v pdfsig']).status !== 0 ? 'qpdf/pdfsig missing' : false;

const isPrefix = (a: string, b: string): boolean => {
  const x = readFileSync(a);
  const y = readFileSync(b);
  return y.length > x.length && y.subarray(0, x.length).equals(x);
};

function assertOurs(s: PadesSignature | undefined, where: string): void {
  assert.ok(s, where);
  const flags = {
    byteRangeStartsAtZero: s.byteRangeStartsAtZero,
    holeIsExactlyContents: s.holeIsExactlyContents,
    endsAtRevisionEnd: s.endsAtRevisionEnd,
    cmsValid: s.cmsValid,
    messageDigestMatches: s.messageDigestMatches,
    signingCertificateV2Matches: s.signingCertificateV2Matches,
    contentTypeIsData: s.contentTypeIsData,
  };
  assert.deepEqual(flags, Object.fromEntries(Object.keys(flags).map((k) => [k, true])), `${where}: ${JSON.stringify(s)}`);
  assert.equal(s.hasSigningTime, false, `${where}: no CMS signing-time`);
  assert.equal(s.subFilter, 'ETSI.CAdES.detached');
  assert.equal(s.encapsulatedContent, false);
  assert.ok(s.signingTimeM, `${where}: /M present`);
}

describe('PAdES on PDFs from mainstream producers', { skip }, () => {
  let pki: TestPki;
  let dir: string;
  let produced: ProducedPdf[] = [];

  before(async () => {
    pki = makeTestPki();
    dir = join(pki.dir, 'producers');
    mkdirSync(dir);
    produced = await makeProducerPdfs(join(dir, 'in'), { pki });
    mkdirSync(join(dir, 'out'));
  });
  after(() => cleanup(pki.dir));

  it('every producer that is installed made its PDF', () => {
    process.stdout.write(`# producers: ${produced.map((p) => p.name).join(', ')}\n# skipped: ${producerSkips().join('; ') || 'none'}\n`);
    assert.deepEqual(producerFailures(), []);
    for (const name of ['pdflib', 'pdflib-objstm', 'cairo', 'qpdf-objstm', 'qpdf-linearized', 'qpdf-pdf20', 'qpdf-rotated', 'qpdf-encrypted', 'incremental', 'pdfbox', 'pdfbox-signed']) {
      assert.ok(produced.some((p) => p.name === name), `${name} produced`);
    }
  });

  it('each is signed twice: prefixes, PDFBox+BC and pdfsig accept every signature, qpdf --check clean, no signing-time', () => {
    const sign = (input: string, output: string, ...extra: string[]) =>
      sigla(['sign', input, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', output, '--lang', 'en', ...extra], { input: `${pki.signer.p12Password}\n` });
    const checked: { p: ProducedPdf; first: string; second: string; before: number }[] = [];
    for (const p of produced) {
      const first = join(dir, 'out', `${p.name}-1.pdf`);
      const second = join(dir, 'out', `${p.name}-2.pdf`);
      if (p.notes.split(',').includes('encrypted-empty-user-password')) {
        const r = sign(p.file, first);
        assert.equal(r.status, 8, `${p.name}: ${r.stderr}`);
        assert.equal(existsSync(first), false);
        continue;
      }
      let r = sign(p.file, first, '--reason', 'Approvazione della determina');
      assert.equal(r.status, 0, `${p.name} first: ${r.stderr}`);
      r = sign(first, second, '--visible', '--page', '1', '--position', 'bottom-right');
      assert.equal(r.status, 0, `${p.name} second: ${r.stderr}`);
      assert.ok(isPrefix(p.file, first), `${p.name}: original is a prefix of the first result`);
      assert.ok(isPrefix(first, second), `${p.name}: first result is a prefix of the second`);
      assert.equal(qpdfCheck(second).status, 0, `${p.name}: qpdf --check\n${qpdfCheck(second).output}`);
      const pdfsig = tool('pdfsig', ['-nocert', second]).stdout;
      const verdicts = pdfsig.split(/^Signature #\d+:$/m).slice(1).map((b) => /Signature Validation: (.*)/.exec(b)?.[1] ?? '');
      checked.push({ p, first, second, before: verdicts.length - 2 });
      assert.deepEqual(verdicts.slice(-2), ['Signature is Valid.', 'Signature is Valid.'], `${p.name}: pdfsig`);
      // Signatures made before ours (by PDFBox) stay valid.
      for (const v of verdicts.slice(0, -2)) assert.ok(['Signature is Valid.', 'Signature has not yet been verified.'].includes(v), `${p.name}: earlier signature ${v}`);
    }
    const reports = padesCheckMany(checked.map((c) => c.second));
    for (const [i, rep] of reports.entries()) {
      const c = checked[i];
      assert.ok(c);
      assert.deepEqual(rep.errors, [], `${c.p.name}: ${rep.errors.join('; ')}`);
      assert.equal(rep.signatureCount, c.before + 2, `${c.p.name}: signature count`);
      const ours = rep.signatures.slice(-2);
      assertOurs(ours[0], `${c.p.name} #1`);
      assertOurs(ours[1], `${c.p.name} #2`);
      assert.equal(ours[1]?.coversWholeFile, true);
      assert.equal(ours[0]?.coversWholeFile, false);
      assert.equal(rep.sigFlags, 3);
      for (const earlier of rep.signatures.slice(0, -2)) assert.equal(earlier.cmsValid, true, `${c.p.name}: earlier signature by another tool stays valid`);
    }
  });
});
