/**
 * `npm run demo` (`sigla demo`) writes a PAdES PDF with a visible signature and CAdES .p7m/.p7s files in the user's
 * data folder, checks each one and says so; the test checks the outputs again with the independent tools itself
 * (pdfsig, qpdf, openssl), and that the demo's own checks fail on a changed PDF.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pdfsigReportVerdict, pdfsigVerify, qpdfCheck } from '../../electron/cli/demo/externalChecks.js';
import { REPO, sha256File, sigla, tool, type CliResult } from '../helpers/cli.js';
import { cleanup } from '../helpers/testPki.js';

const installed = (cmd: string, arg: string): boolean => spawnSync(cmd, [arg], { stdio: 'ignore' }).error === undefined;
const NO_PDFSIG = !installed('pdfsig', '-v') && 'pdfsig (poppler-utils) not installed';
const NO_QPDF = !installed('qpdf', '--version') && 'qpdf not installed';
const NO_OPENSSL = !installed('openssl', 'version') && 'openssl not installed';

describe('sigla demo', () => {
  let data: string;
  let first: CliResult;
  const samples = ['determina.pdf', 'determina.txt'].map((f) => join(REPO, 'resources', 'demo', f));
  let before1: string[];
  const out = (name: string): string => join(data, 'demo', 'output', name);
  before(() => {
    data = mkdtempSync(join(tmpdir(), 'sigla-demo-'));
    before1 = samples.map(sha256File);
    first = sigla(['demo'], { env: { ...process.env, SIGLA_DATA_DIR: data } });
  });
  after(() => cleanup(data));

  it('exits 0 and says, in Italian, where it writes and that it is the user\'s data folder', () => {
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /cartella dei dati dell'utente, la stessa che Sigla usa/);
    assert.ok(first.stdout.includes(`\n  ${join(data, 'demo')}\n`), first.stdout);
    assert.match(first.stdout, /Tutte le firme sono integre/);
    assert.doesNotMatch(first.stdout, /\b(the|and|signature|skipped|folder|failed|created|reused|intact)\b/i);
  });

  it('prints each check\'s verdict for the signed PDF and the .p7m', () => {
    const pdfBlock = first.stdout.split(`  OK  ${out('determina-firmato.pdf')}\n`)[1] ?? '';
    assert.match(pdfBlock, /^ +Sigla: firma integra\n/);
    assert.match(pdfBlock, NO_PDFSIG ? /pdfsig \(poppler-utils\) non installato/ : /pdfsig: firma valida, documento firmato per intero/);
    assert.match(pdfBlock, NO_QPDF ? /qpdf non installato/ : /qpdf --check: nessun errore di struttura/);
    const p7mBlock = first.stdout.split(`  OK  ${out('determina.pdf.p7m')}\n`)[1] ?? '';
    assert.match(p7mBlock, NO_OPENSSL ? /^ +Sigla: firma integra\n +openssl non installato/ : /^ +Sigla: firma integra\n +openssl cms -verify: firma valida\n/);
  });

  it('the signed PDF: pdfsig says the signature is valid and covers the whole document', { skip: NO_PDFSIG }, () => {
    const r = tool('pdfsig', [out('determina-firmato.pdf')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Signature Validation: Signature is Valid\./);
    assert.match(r.stdout, /Total document signed/);
    assert.match(r.stdout, /Signer Certificate Common Name: ROSSI MARIO \(DEMO\)/);
    assert.match(r.stdout, /Signature Type: ETSI\.CAdES\.detached/);
  });

  it('the signed PDF: qpdf finds no error and the signature widget is visible on page 1', { skip: NO_QPDF }, () => {
    const file = out('determina-firmato.pdf');
    assert.equal(tool('qpdf', ['--check', file]).status, 0);
    const form = JSON.parse(tool('qpdf', ['--json=2', '--json-key=acroform', file]).stdout) as {
      acroform: { fields: { fieldtype: string; pageposfrom1: number; annotation: { object: string } }[] };
    };
    const sig = form.acroform.fields.find((f) => f.fieldtype === '/Sig');
    assert.ok(sig, 'a signature field');
    assert.equal(sig.pageposfrom1, 1);
    const widget = tool('qpdf', [`--show-object=${sig.annotation.object.split(' ')[0] ?? ''}`, file]).stdout;
    const rect = /\/Rect \[ ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) \]/.exec(widget)?.slice(1).map(Number);
    assert.ok(rect, widget);
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
    assert.ok(x2 - x1 > 50 && y2 - y1 > 20, `visible box ${rect.join(' ')}`);
    assert.match(widget, /\/AP << \/N \d+ 0 R >>/);
  });

  it('the .p7m and .p7s: openssl verifies them against the demo root, over the sample document', { skip: NO_OPENSSL }, () => {
    const root = join(data, 'demo', 'identity', 'demo-root.pem');
    const doc = join(REPO, 'resources', 'demo', 'determina.pdf');
    const extracted = join(data, 'extracted.pdf');
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out('determina.pdf.p7m'), '-CAfile', root, '-purpose', 'any', '-out', extracted]);
    assert.equal(v.status, 0, v.stderr);
    assert.deepEqual(readFileSync(extracted), readFileSync(doc));
    const d = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out('determina.pdf.p7s'), '-content', doc, '-CAfile', root, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(d.status, 0, d.stderr);
  });

  it('a second run reuses the identity and speaks English with --lang en', () => {
    const r = sigla(['demo', '--lang', 'en'], { env: { ...process.env, SIGLA_DATA_DIR: data } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Reused the demo identity/);
    assert.match(r.stdout, /the user's data folder, the one Sigla uses/);
    assert.match(r.stdout, /Every signature is intact/);
  });

  it('the demo\'s PDF checks fail on a PDF changed after signing', { skip: NO_PDFSIG || NO_QPDF }, () => {
    const changed = join(data, 'changed.pdf');
    copyFileSync(out('determina-firmato.pdf'), changed);
    const bytes = readFileSync(changed);
    // A byte of the page content (inside the first signed range) changed: the digest no longer matches.
    const at = bytes.indexOf('BT');
    assert.ok(at > 0);
    bytes[at + 3] = bytes[at + 3] === 0x31 ? 0x32 : 0x31;
    writeFileSync(changed, bytes);
    assert.equal(pdfsigVerify(changed), 'failed');
    assert.equal(pdfsigVerify(join(REPO, 'resources', 'demo', 'determina.pdf')), 'failed', 'an unsigned PDF is no pass');
    assert.equal(qpdfCheck(join(REPO, 'package.json')), 'failed');
  });

  it('reads pdfsig reports: every signature valid and the whole document signed', () => {
    const valid = 'Signature #1:\n  - Signed Ranges: [0 - 10], [20 - 30]\n  - Total document signed\n  - Signature Validation: Signature is Valid.\n';
    assert.equal(pdfsigReportVerdict(valid), 'ok');
    assert.equal(pdfsigReportVerdict(valid.replace('Total document signed', 'Not total document signed')), 'failed');
    assert.equal(pdfsigReportVerdict(valid.replace('Signature is Valid.', 'Digest Mismatch.')), 'failed');
    assert.equal(pdfsigReportVerdict('File \'x.pdf\' does not contain any signatures\n'), 'failed');
  });

  it('writes into the data folder only: the sample documents are unchanged', () => {
    assert.ok(existsSync(out('determina.txt.p7m')) && existsSync(out('determina.txt.p7s')) && existsSync(out('determina.pdf.p7s')));
    assert.deepEqual(samples.map(sha256File), before1);
  });
});
