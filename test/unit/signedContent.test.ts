/**
 * Verifica's signed document (electron/app/SignedContent.ts): the content openssl put in a .p7m comes out byte for
 * byte, a .p7m whose content changed gives nothing (EXTRACT_SIGNATURE_INVALID), what reaches the renderer is
 * bounded, "Apri documento" writes into a private folder removed at dispose; and localizeReport's texts for the
 * screens (sub-indications from the one catalog, times in Italian local time).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OpenedContents, PREVIEW_MAX_BYTES, previewOf, safeFileName, saveSignedDocument, signedDocument, TEXT_MAX_CHARS } from '../../electron/app/SignedContent.js';
import { localizeReport } from '../../electron/core/verify/localizeReport.js';
import type { FileReport } from '../../electron/core/verify/VerificationReport.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { SUB_INDICATION_TEXT } from '../../electron/shared/i18n/findings.js';
import { REPO, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

describe('Verifica: the signed document', () => {
  let pki: TestPki;
  let dir: string;
  const text = 'Delibera n. 7: approvata all’unanimità.\n';

  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-signed-content-'));
    writeFileSync(join(dir, 'delibera.txt'), text);
    const sign = (input: string, out: string): void => {
      const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', input, '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-out', out]);
      assert.equal(r.status, 0, r.stderr);
    };
    sign(join(dir, 'delibera.txt'), join(dir, 'delibera.txt.p7m'));
    // An envelope inside an envelope (nested .p7m), by openssl too.
    sign(join(dir, 'delibera.txt.p7m'), join(dir, 'delibera.txt.p7m.p7m'));
    const changed = Buffer.from(readFileSync(join(dir, 'delibera.txt.p7m')));
    const at = changed.indexOf('Delibera');
    changed[at] = 'd'.charCodeAt(0);
    writeFileSync(join(dir, 'cambiato.txt.p7m'), changed);
    writeFileSync(join(dir, 'bianco.pdf'), readFileSync(join(REPO, 'resources', 'demo', 'determina.pdf')));
  });
  after(() => cleanup(pki.dir, dir));

  it('peels every envelope to the bytes openssl signed', async () => {
    for (const name of ['delibera.txt.p7m', 'delibera.txt.p7m.p7m']) {
      const d = await signedDocument(join(dir, name));
      assert.equal(d.name, 'delibera.txt');
      assert.equal(Buffer.from(d.content).toString('utf8'), text);
      const p = previewOf(d);
      assert.equal(p.type, 'text');
      assert.equal(p.text, text);
      assert.equal(p.truncated, false);
    }
    assert.deepEqual((await signedDocument(join(dir, 'delibera.txt.p7m.p7m'))).layers, ['p7m', 'p7m']);
  });

  it('gives nothing of a .p7m whose content changed, nor of an unsigned PDF', async () => {
    await assert.rejects(signedDocument(join(dir, 'cambiato.txt.p7m')), (e) => e instanceof SiglaError && e.code === 'EXTRACT_SIGNATURE_INVALID');
    await assert.rejects(signedDocument(join(dir, 'bianco.pdf')), (e) => e instanceof SiglaError && e.code === 'INPUT_NOT_SIGNED');
    await assert.rejects(signedDocument(join(dir, 'assente.p7m')), (e) => e instanceof SiglaError && e.code === 'INPUT_NOT_FOUND');
  });

  it('bounds what reaches the renderer', () => {
    const pdf = new Uint8Array(PREVIEW_MAX_BYTES + 1);
    pdf.set(Buffer.from('%PDF-1.7\n'));
    const big = previewOf({ name: 'x.pdf', content: pdf, layers: ['p7m'] });
    assert.deepEqual([big.type, big.tooLarge, big.base64], ['pdf', true, undefined]);
    const small = previewOf({ name: 'x.pdf', content: Buffer.from('%PDF-1.7\n%%EOF\n'), layers: [] });
    assert.equal(Buffer.from(small.base64 ?? '', 'base64').toString('latin1'), '%PDF-1.7\n%%EOF\n');
    const long = previewOf({ name: 'x.txt', content: Buffer.from('a'.repeat(TEXT_MAX_CHARS + 10)), layers: [] });
    assert.deepEqual([long.type, long.truncated, long.text?.length], ['text', true, TEXT_MAX_CHARS]);
    const binary = previewOf({ name: 'x.docx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe]), layers: [] });
    assert.deepEqual([binary.type, binary.text, binary.base64, binary.size], ['other', undefined, undefined, 7]);
  });

  it('names a file it creates safely', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('a\\b\\c.pdf'), 'c.pdf');
    assert.equal(safeFileName('..'), 'documento');
    assert.equal(safeFileName('x\u0000y<>.txt'), 'x_y__.txt');
  });

  it('opens from a private folder removed at dispose, and saves atomically where the dialog says', async () => {
    const d = await signedDocument(join(dir, 'delibera.txt.p7m'));
    const opened = new OpenedContents();
    const a = await opened.write(d, join(dir, 'delibera.txt.p7m'));
    const b = await opened.write(d, join(dir, 'delibera.txt.p7m'));
    assert.notEqual(a, b, 'the same name opened twice never meets');
    assert.equal(readFileSync(a, 'utf8'), text);
    const folder = opened.folder() ?? '';
    assert.equal(dirname(dirname(a)), folder);
    assert.equal(statSync(folder).mode & 0o077, 0);
    opened.dispose();
    assert.ok(!existsSync(folder));

    const target = join(dir, 'salvato.txt');
    assert.deepEqual(await saveSignedDocument(d, join(dir, 'delibera.txt.p7m'), async (name, kind) => (assert.deepEqual([name, kind], ['delibera.txt', 'document']), target)), { saved: true, name: 'salvato.txt' });
    assert.equal(readFileSync(target, 'utf8'), text);
    assert.deepEqual(await saveSignedDocument(d, join(dir, 'delibera.txt.p7m'), async () => undefined), { saved: false });
    // Never over the file it came from.
    await assert.rejects(saveSignedDocument(d, join(dir, 'delibera.txt.p7m'), async () => join(dir, 'delibera.txt.p7m')), (e) => e instanceof SiglaError && e.code === 'OUTPUT_IS_INPUT');
  });
});

describe('localizeReport: the screens\' words from the one catalog', () => {
  it('explains sub-indications and gives times in Italian local time', () => {
    const report: FileReport = {
      file: 'x.p7m',
      format: 'cades',
      status: 'indeterminate',
      subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
      signatures: [
        {
          signer: 'MARIO ROSSI',
          integrity: 'valid',
          status: 'indeterminate',
          subIndication: 'NO_CERTIFICATE_CHAIN_FOUND',
          signingTime: '2025-07-01T08:00:00Z',
          timestamps: [{ time: '2025-01-15T23:30:00Z', kind: 'signature', integrity: 'valid', imprintMatches: true, tsa: 'TSA', trusted: true, trustedList: { country: 'IT', tsp: 'Ente', service: 'TSA', status: 'withdrawn' } }],
          level: 'B-T',
          depth: 0,
          kind: 'signer',
          warnings: [],
          problems: [],
        },
      ],
    };
    const it = localizeReport(report, 'it', 'app');
    const s = it.signatures[0];
    assert.equal(it.subIndicationText, SUB_INDICATION_TEXT.it.NO_CERTIFICATE_CHAIN_FOUND);
    assert.equal(s?.subIndicationText, SUB_INDICATION_TEXT.it.NO_CERTIFICATE_CHAIN_FOUND);
    // Summer time: UTC+2; winter: UTC+1 (the date moves to the next day).
    assert.equal(s?.signingTimeText, '01/07/2025 10:00:00 (ora italiana)');
    assert.equal(s?.timestamps[0]?.timeText, '16/01/2025 00:30:00 (ora italiana)');
    assert.equal(s?.timestamps[0]?.serviceStatusText, 'ritirato');
    const en = localizeReport(report, 'en', 'app');
    assert.equal(en.signatures[0]?.subIndicationText, SUB_INDICATION_TEXT.en.NO_CERTIFICATE_CHAIN_FOUND);
    assert.equal(en.signatures[0]?.signingTimeText, '01/07/2025 10:00:00 (Italian time)');
  });
});
