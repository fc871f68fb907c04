/**
 * `sigla sign --format pades` end to end. PDFs are made at test time by pdf-lib and transformed by qpdf; every
 * result is judged by poppler's `pdfsig`, `qpdf --check`, a byte-prefix comparison and `openssl cms` on the CMS
 * that `pdfsig -dump` extracts — none of them Sigla's code.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { degrees, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki } from '../helpers/testPki.js';

const haveTools = ['pdfsig', 'qpdf', 'pdftoppm', 'openssl'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
const skip = haveTools ? false : 'pdfsig/qpdf/pdftoppm/openssl missing';

interface SigInfo {
  valid: boolean;
  total: boolean;
  field: string;
  type: string;
}

/** pdfsig's verdict per signature (cryptographic validity; the test CA is not in NSS, so trust is not judged). */
function pdfsig(file: string): SigInfo[] {
  const r = tool('pdfsig', ['-nocert', file]);
  const out: SigInfo[] = [];
  for (const block of r.stdout.split(/^Signature #\d+:$/m).slice(1)) {
    out.push({
      valid: /Signature Validation: Signature is Valid\./.test(block),
      total: /Total document signed/.test(block),
      field: /Signature Field Name: (.*)/.exec(block)?.[1]?.trim() ?? '',
      type: /Signature Type: (.*)/.exec(block)?.[1]?.trim() ?? '',
    });
  }
  return out;
}

function qpdfCheck(file: string): number {
  return tool('qpdf', ['--check', file]).status;
}

function isPrefix(shorter: string, longer: string): boolean {
  const a = readFileSync(shorter);
  const b = readFileSync(longer);
  return b.length > a.length && b.subarray(0, a.length).equals(a);
}

/** The CMS of each signature as openssl prints it (extracted by pdfsig -dump). */
function dumpedCms(file: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-dump-'));
  const copy = join(dir, 'doc.pdf');
  writeFileSync(copy, readFileSync(file));
  spawnSync('pdfsig', ['-nocert', '-dump', 'doc.pdf'], { cwd: dir });
  const prints = readdirSync(dir)
    .filter((f) => /\.sig\d+$/.test(f))
    .sort()
    .map((f) => tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, f)]).stdout);
  cleanup(dir);
  return prints;
}

async function makePdf(file: string, o: { pages?: number; rotateFirst?: number; title?: string } = {}): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (o.pages ?? 2); i++) {
    const page = doc.addPage([595.28, 841.89]);
    if (i === 0 && o.rotateFirst) page.setRotation(degrees(o.rotateFirst));
    page.drawText(`Determina n. ${42 + i}: è stata approvata, perciò si procede.`, { x: 50, y: 780, size: 12, font });
  }
  doc.setTitle(o.title ?? 'Determina di prova');
  writeFileSync(file, await doc.save({ useObjectStreams: false }));
}

describe('PAdES signing (sigla sign --format pades)', { skip }, () => {
  let pki: TestPki;
  let dir: string;
  const p12 = (): string[] => ['--p12', pki.signer.p12, '--pin-stdin'];
  const sign = (input: string, out: string, ...extra: string[]) =>
    sigla(['sign', input, '--format', 'pades', ...p12(), '--out', out, '--lang', 'en', ...extra], { input: `${pki.signer.p12Password}\n` });

  before(() => {
    pki = makeTestPki();
    dir = join(pki.dir, 'pades');
    mkdirSync(dir);
  });
  after(() => cleanup(pki.dir));

  /** Signs `input` twice (second one visible) and checks everything the acceptance list asks. */
  async function twice(input: string, label: string): Promise<{ first: string; second: string }> {
    const first = join(dir, `${label}-1.pdf`);
    const second = join(dir, `${label}-2.pdf`);
    let r = sign(input, first, '--reason', 'Approvazione', '--location', 'Valdoria');
    assert.equal(r.status, 0, `${label} first: ${r.stderr}`);
    r = sign(first, second, '--visible', '--position', 'bottom-left');
    assert.equal(r.status, 0, `${label} second: ${r.stderr}`);
    assert.ok(isPrefix(input, first), `${label}: the original is a prefix of the first result`);
    assert.ok(isPrefix(first, second), `${label}: the first result is a prefix of the second`);
    const sigs = pdfsig(second);
    assert.equal(sigs.length, 2, `${label}: two signatures`);
    assert.ok(sigs.every((s) => s.valid), `${label}: pdfsig accepts both: ${JSON.stringify(sigs)}`);
    assert.ok(sigs.every((s) => s.type === 'ETSI.CAdES.detached'));
    assert.equal(sigs[1]?.total, true);
    assert.equal(sigs[0]?.total, false);
    assert.equal(new Set(sigs.map((s) => s.field)).size, 2, 'unique field names');
    assert.ok([0, 3].includes(qpdfCheck(input)) && qpdfCheck(second) <= qpdfCheck(input), `${label}: qpdf --check is no worse than on the original`);
    for (const cms of dumpedCms(second)) {
      assert.doesNotMatch(cms, /signingTime|1\.2\.840\.113549\.1\.9\.5\b/, 'no CMS signing-time (PAdES: the time is /M)');
      assert.match(cms, /id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
      assert.match(cms, /messageDigest/);
    }
    return { first, second };
  }

  it('a pdf-lib PDF (classic xref table) signs twice', async () => {
    const input = join(dir, 'plain.pdf');
    await makePdf(input);
    await twice(input, 'plain');
    assert.equal(qpdfCheck(join(dir, 'plain-2.pdf')), 0);
  });

  it('object streams + xref stream (qpdf --object-streams=generate): the update is an xref stream', async () => {
    const base = join(dir, 'base-os.pdf');
    await makePdf(base);
    const input = join(dir, 'objstm.pdf');
    assert.equal(tool('qpdf', ['--object-streams=generate', base, input]).status, 0);
    const { first } = await twice(input, 'objstm');
    const tail = readFileSync(first).subarray(readFileSync(input).length).toString('latin1');
    assert.match(tail, /\/Type \/XRef/);
    assert.doesNotMatch(tail, /\nxref\n/);
  });

  it('linearized (qpdf --linearize) and PDF 2.0 (qpdf --force-version=2.0) sign twice', async () => {
    const base = join(dir, 'base-lin.pdf');
    await makePdf(base, { pages: 3 });
    const lin = join(dir, 'lin.pdf');
    assert.equal(tool('qpdf', ['--linearize', base, lin]).status, 0);
    await twice(lin, 'lin');
    const v2 = join(dir, 'v20.pdf');
    assert.equal(tool('qpdf', ['--force-version=2.0', base, v2]).status, 0);
    await twice(v2, 'v20');
  });

  it('encrypted with an empty user password → exit 8, nothing written', async () => {
    const base = join(dir, 'base-enc.pdf');
    await makePdf(base);
    const enc = join(dir, 'enc.pdf');
    assert.equal(tool('qpdf', ['--encrypt', '', 'owner', '256', '--', base, enc]).status, 0);
    const out = join(dir, 'enc-signed.pdf');
    const r = sign(enc, out);
    assert.equal(r.status, 8, r.stderr);
    assert.match(r.stderr, /encrypted/);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.enc-signed')), []);
  });

  it('garbage named .pdf → exit 8, nothing written; in a batch the other files are still signed', async () => {
    const bad = join(dir, 'broken.pdf');
    writeFileSync(bad, '%PDF-1.7\nthis is not a PDF at all\n%%EOF\n');
    const good = join(dir, 'good.pdf');
    await makePdf(good);
    const outDir = join(dir, 'batch');
    mkdirSync(outDir);
    const r = sigla(['sign', bad, good, '--format', 'pades', ...p12(), '--out-dir', outDir, '--lang', 'en', '--json'], { input: `${pki.signer.p12Password}\n` });
    assert.equal(r.status, 8, r.stderr);
    const results = JSON.parse(r.stdout) as { file: string; ok: boolean; output?: string; error?: { code: string } }[];
    assert.equal(results[0]?.ok, false);
    assert.equal(results[0]?.error?.code, 'PDF_PARSE');
    assert.equal(results[1]?.ok, true);
    assert.deepEqual(readdirSync(outDir), ['good-firmato.pdf']);
    assert.ok(pdfsig(join(outDir, 'good-firmato.pdf')).every((s) => s.valid));
  });

  it('--field signs an existing empty signature field', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    const ctx = doc.context;
    const widget = ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [300, 100, 500, 160], F: 4, P: page.ref });
    widget.set(PDFName.of('T'), PDFString.of('FirmaDirigente'));
    const wref = ctx.register(widget);
    page.node.set(PDFName.of('Annots'), ctx.obj([wref]));
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [wref] })));
    const input = join(dir, 'with-field.pdf');
    writeFileSync(input, await doc.save({ useObjectStreams: false }));
    const out = join(dir, 'with-field-signed.pdf');
    const r = sign(input, out, '--field', 'FirmaDirigente');
    assert.equal(r.status, 0, r.stderr);
    const sigs = pdfsig(out);
    assert.deepEqual(sigs.map((s) => [s.field, s.valid]), [['FirmaDirigente', true]]);
    assert.ok(isPrefix(input, out));
    // The same field cannot be signed twice; an unknown field is refused.
    assert.equal(sign(out, join(dir, 'x.pdf'), '--field', 'FirmaDirigente').status, 8);
    assert.equal(sign(input, join(dir, 'y.pdf'), '--field', 'Nessuno').status, 8);
  });

  it('default output name NAME-firmato.pdf, then NAME-firmato-2.pdf; an existing output needs --force', async () => {
    const input = join(dir, 'delibera.pdf');
    await makePdf(input);
    const run = (f: string, ...extra: string[]) =>
      sigla(['sign', f, '--format', 'pades', ...p12(), '--lang', 'en', ...extra], { input: `${pki.signer.p12Password}\n` });
    assert.equal(run(input).status, 0);
    assert.ok(existsSync(join(dir, 'delibera-firmato.pdf')));
    assert.equal(run(join(dir, 'delibera-firmato.pdf')).status, 0);
    assert.ok(existsSync(join(dir, 'delibera-firmato-2.pdf')));
    assert.equal(run(input).status, 9);
    assert.equal(run(input, '--force').status, 0);
  });

  it('signs with a PKCS#11 token through the token host', { skip: hasSoftHsm() ? false : 'SoftHSM2 not installed' }, async () => {
    const tok = makeTestToken({ label: 'PAdES Token', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    try {
      const input = join(dir, 'token.pdf');
      await makePdf(input);
      const out = join(dir, 'token-signed.pdf');
      const r = sigla(['sign', input, '--format', 'pades', '--module', tok.module, '--token', tok.label, '--pin-stdin', '--out', out], { input: `${tok.pin}\n`, env: tok.env });
      assert.equal(r.status, 0, r.stderr);
      const sigs = pdfsig(out);
      assert.equal(sigs.length, 1);
      assert.ok(sigs[0]?.valid);
    } finally {
      cleanup(tok.dir);
    }
  });
});
