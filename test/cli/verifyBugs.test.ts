/**
 * Issue 12, item 5, through the built `sigla` command on files made by OpenSSL:
 *  - a detached `.p7s` verifies over the document beside it (`x.txt.p7s` → `x.txt`, finding SIGNED_CONTENT_BESIDE);
 *    without one it is indeterminate SIGNED_DATA_NOT_FOUND (exit 10) on its own, and a batch goes on;
 *  - a missing, empty, non-regular or unsigned file (text, base64/PEM garbage, a PDF without signatures, a
 *    certificate bundle) is exit 8, never 6;
 *  - `extract` of a file whose signature is invalid is refused with exit 6 unless --force, and never replaces the
 *    document beside it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

interface Report {
  file: string;
  status: string;
  subIndication?: string;
  findings?: { code: string; params: Record<string, string> }[];
  signatures: { integrity: string; status: string; subIndication?: string }[];
  error?: { code: string; exitCode: number };
}

describe('verify and extract: item 5 of issue 12', { skip }, () => {
  let pki: TestPki;
  let dir: string;
  const f = (n: string): string => join(dir, n);
  const sign = (input: string, out: string, detached: boolean): void => {
    const r = tool('openssl', ['cms', '-sign', '-binary', ...(detached ? [] : ['-nodetach']), '-in', input, '-out', out, '-outform', 'DER', '-md', 'sha256', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem]);
    assert.equal(r.status, 0, r.stderr);
  };
  const verify = (...args: string[]): { status: number; reports: Report[]; stdout: string } => {
    const r = sigla(['verify', ...args, '--trust', pki.rootPem, '--offline', '--json']);
    const parsed = JSON.parse(r.stdout) as Report | Report[];
    return { status: r.status, reports: Array.isArray(parsed) ? parsed : [parsed], stdout: r.stdout };
  };

  before(async () => {
    pki = makeTestPki();
    dir = join(pki.dir, 'files');
    mkdirSync(dir);
    writeFileSync(f('delibera.txt'), 'Delibera n. 12: approvata.\n');
    sign(f('delibera.txt'), f('delibera.txt.p7s'), true);
    writeFileSync(f('orfana.txt.p7s'), readFileSync(f('delibera.txt.p7s')));
    const doc = await PDFDocument.create();
    doc.addPage();
    writeFileSync(f('senza-firme.pdf'), await doc.save());
  });
  after(() => cleanup(pki.dir));

  it('a .p7s finds its document beside it, and says which file it used', () => {
    const { status, reports } = verify(f('delibera.txt.p7s'));
    assert.equal(status, 0, JSON.stringify(reports));
    assert.equal(reports[0]?.status, 'passed');
    assert.deepEqual(reports[0]?.findings?.map((x) => [x.code, x.params['file']]), [['SIGNED_CONTENT_BESIDE', 'delibera.txt']]);
    // openssl agrees that this is the document the .p7s signs.
    const o = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', f('delibera.txt.p7s'), '-content', f('delibera.txt'), '-CAfile', pki.rootPem, '-certfile', pki.chainPem, '-out', '/dev/null', '-purpose', 'any']);
    assert.equal(o.status, 0, o.stderr);
  });

  it('a changed document beside it fails the signature (exit 6)', () => {
    mkdirSync(f('changed'));
    writeFileSync(f('changed/delibera.txt'), 'Delibera n. 12: respinta.\n');
    writeFileSync(f('changed/delibera.txt.p7s'), readFileSync(f('delibera.txt.p7s')));
    const { status, reports } = verify(f('changed/delibera.txt.p7s'));
    assert.equal(status, 6);
    assert.equal(reports[0]?.signatures[0]?.subIndication, 'HASH_FAILURE');
  });

  it('without a document beside it: indeterminate SIGNED_DATA_NOT_FOUND (exit 10), the text names --detached-content', () => {
    const { status, reports } = verify(f('orfana.txt.p7s'));
    assert.equal(status, 10);
    assert.equal(reports[0]?.status, 'indeterminate');
    assert.equal(reports[0]?.subIndication, 'SIGNED_DATA_NOT_FOUND');
    assert.deepEqual(reports[0]?.findings?.map((x) => [x.code, x.params['expected']]), [['SIGNED_CONTENT_NOT_FOUND', 'orfana.txt']]);
    const text = sigla(['verify', f('orfana.txt.p7s'), '--offline']);
    assert.equal(text.status, 10);
    assert.match(text.stdout, /NON DETERMINABILE: .*\(SIGNED_DATA_NOT_FOUND\)/);
    assert.match(text.stdout, /accanto non c'è orfana\.txt: indica il documento con --detached-content FILE/);
    // --detached-content still names it explicitly.
    const given = verify(f('orfana.txt.p7s'), '--detached-content', f('delibera.txt'));
    assert.equal(given.status, 0);
    assert.deepEqual(given.reports[0]?.findings?.map((x) => x.code), ['SIGNED_CONTENT_GIVEN']);
  });

  it('a batch: each file its own outcome; bad inputs are exit 8, never 6', () => {
    writeFileSync(f('vuoto.p7m'), '');
    writeFileSync(f('testo.p7m'), 'non sono una firma\n');
    writeFileSync(f('b64.p7m'), 'MIIBbm9uIHNvbm8gdW5hIGZpcm1h==\n');
    writeFileSync(f('pem.p7m'), '-----BEGIN PKCS7-----\nMIIBgarbage\n-----END PKCS7-----\n');
    for (const ext of ['p7s', 'tsr', 'tsd', 'm7m']) writeFileSync(f(`testo.${ext}`), 'testo semplice\n');
    mkdirSync(f('cartella.p7m'));
    const bundle = tool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', pki.chainPem, '-outform', 'DER', '-out', f('certificati.p7m')]);
    assert.equal(bundle.status, 0, bundle.stderr);
    const bad = ['manca.p7m', 'vuoto.p7m', 'testo.p7m', 'b64.p7m', 'pem.p7m', 'testo.p7s', 'testo.tsr', 'testo.tsd', 'testo.m7m', 'cartella.p7m', 'senza-firme.pdf', 'certificati.p7m'];
    for (const name of bad) {
      const { status, reports } = verify(f(name));
      assert.equal(status, 8, `${name}: ${JSON.stringify(reports)}`);
      assert.equal(reports[0]?.error?.exitCode, 8, name);
    }
    const text = sigla(['verify', f('senza-firme.pdf'), '--offline']);
    assert.match(text.stdout, /non è un file firmato/);
    const all = verify(f('delibera.txt.p7s'), f('orfana.txt.p7s'), ...bad.map(f));
    assert.equal(all.status, 8);
    assert.deepEqual(all.reports.map((r) => r.status), ['passed', 'indeterminate', ...bad.map(() => 'failed')]);
    assert.equal(verify(f('delibera.txt.p7s'), f('orfana.txt.p7s')).status, 10);
  });

  it('a batch goes on past files it cannot even open (a FIFO, a device, standard input): each reported, exit the worst', () => {
    const fifo = f('coda.p7m');
    assert.equal(tool('mkfifo', [fifo]).status, 0);
    const all = verify(f('delibera.txt.p7s'), fifo, '/dev/null', '/dev/stdin', f('orfana.txt.p7s'));
    assert.equal(all.status, 8);
    assert.equal(all.reports.length, 5, all.stdout);
    assert.deepEqual(all.reports.map((r) => r.status), ['passed', 'failed', 'failed', 'failed', 'indeterminate']);
    assert.deepEqual(all.reports.slice(1, 4).map((r) => r.error?.exitCode), [8, 8, 8]);
  });

  it('extract: an invalid signature is refused (exit 6) unless --force; the document beside is never replaced', () => {
    mkdirSync(f('x'));
    const original = 'Il documento che era già nella cartella.\n';
    writeFileSync(f('x/atto.txt'), original);
    writeFileSync(f('x/firmato.txt'), 'Atto firmato.\n');
    sign(f('x/firmato.txt'), f('x/atto.txt.p7m'), false);
    let r = sigla(['extract', f('x/atto.txt.p7m')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(f('x/atto.txt'), 'utf8'), original);
    assert.equal(readFileSync(f('x/atto (2).txt'), 'utf8'), 'Atto firmato.\n');
    // --force does not make the default output replace the file beside either.
    r = sigla(['extract', f('x/atto.txt.p7m'), '--force']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(f('x/atto.txt'), 'utf8'), original);
    assert.ok(existsSync(f('x/atto (3).txt')));
    // One byte of the content changed: the signature is invalid.
    const p7m = readFileSync(f('x/atto.txt.p7m'));
    const at = p7m.indexOf('Atto firmato');
    p7m[at] = 0x61; // 'A' → 'a'
    writeFileSync(f('x/alterato.txt.p7m'), p7m);
    const before = readdirSync(f('x')).sort();
    r = sigla(['extract', f('x/alterato.txt.p7m'), '--json']);
    assert.equal(r.status, 6, r.stdout);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'EXTRACT_SIGNATURE_INVALID');
    assert.match(r.stderr, /non è valida.*--force/);
    assert.deepEqual(readdirSync(f('x')).sort(), before);
    r = sigla(['extract', f('x/alterato.txt.p7m'), '--force', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { output: string; findings: { code: string }[] };
    assert.deepEqual(out.findings.map((x) => x.code), ['EXTRACTED_DESPITE_INVALID']);
    assert.equal(readFileSync(out.output, 'utf8'), 'atto firmato.\n');
    assert.match(r.stderr, /estratto lo stesso/);
  });
});
