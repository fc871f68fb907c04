/**
 * `sigla pdfa` (issue 15): a .docx made by LibreOffice in the test and a plain PDF with a standard font that is not
 * embedded become PDF/A files, judged by tools Sigla did not write — `pdffonts` (every font embedded), `pdfinfo
 * -meta` (XMP pdfaid part and conformance), `qpdf --check`, `pdftotext` (the text is still there) — with the input's
 * bytes unchanged. Without the converter on PATH the command says what to install, exits 8 and writes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { pdffonts } from '../helpers/pdffonts.js';

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8', timeout: 60_000 }).status === 0;
const HAS_SOFFICE = has('soffice');
const HAS_GS = has('gs');
const HAS_POPPLER = spawnSync('pdffonts', ['-v']).status === 0 && has('qpdf');

/** The independent checks of a PDF/A output of part `part` holding `text`. */
function assertPdfa(pdf: string, part: number, text: RegExp): void {
  const f = pdffonts(pdf);
  assert.ok(f.length > 0, 'the document has fonts');
  for (const font of f) assert.equal(font.embedded, true, `${font.name} embedded`);
  const meta = tool('pdfinfo', ['-meta', pdf]);
  assert.equal(meta.status, 0, meta.stderr);
  assert.match(meta.stdout, new RegExp(`pdfaid:part(>|=['"])${part}\\b`));
  assert.match(meta.stdout, /pdfaid:conformance(>|=['"])B\b/);
  const check = tool('qpdf', ['--check', pdf]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(tool('pdftotext', [pdf, '-']).stdout, text);
  // And `sigla pec check` accepts it as PDF/A with embedded fonts (unsigned: NOT_SIGNED is only a warning).
  const pec = sigla(['pec', 'check', pdf, '--offline', '--json']);
  assert.equal(pec.status, 0, pec.stdout + pec.stderr);
  const report = JSON.parse(pec.stdout) as { ok: boolean; files: { findings: { code: string; severity: string }[] }[] };
  assert.equal(report.ok, true);
  const codes = report.files[0]?.findings.map((f) => f.code) ?? [];
  for (const code of ['NOT_PDFA', 'FONT_NOT_EMBEDDED', 'JAVASCRIPT', 'EMBEDDED_FILE']) assert.ok(!codes.includes(code), `${code} in ${codes.join(', ')}`);
}

describe('sigla pdfa', { skip: HAS_POPPLER ? false : 'poppler-utils or qpdf missing' }, () => {
  let dir: string;
  let docx: string;
  let plain: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-pdfa-test-'));
    if (HAS_SOFFICE) {
      const src = join(dir, 'src');
      mkdirSync(src);
      writeFileSync(join(src, 'relazione.txt'), 'Relazione tecnica\nNiccolò Šimić firma la relazione.\n');
      const made = spawnSync('soffice', [`-env:UserInstallation=${pathToFileURL(join(dir, 'lo-profile')).href}`, '--headless', '--convert-to', 'docx', '--outdir', dir, join(src, 'relazione.txt')], { encoding: 'utf8', timeout: 180_000 });
      assert.equal(made.status, 0, made.stderr);
      docx = join(dir, 'relazione.docx');
      rmSync(join(dir, 'lo-profile'), { recursive: true, force: true });
    }
    const doc = await PDFDocument.create();
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Delibera numero 42 del Comune', { x: 50, y: 700, font: helvetica, size: 14 });
    plain = join(dir, 'delibera.pdf');
    writeFileSync(plain, await doc.save());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the plain PDF made here really has a font that is not embedded (the conversion has something to do)', () => {
    assert.deepEqual(pdffonts(plain).map((f) => f.embedded), [false]);
    assert.doesNotMatch(tool('pdfinfo', ['-meta', plain]).stdout, /pdfaid/);
  });

  it('converts a .docx with LibreOffice to PDF/A-2b beside it (NAME-pdfa.pdf), the input untouched', { skip: HAS_SOFFICE ? false : 'LibreOffice missing' }, () => {
    const before = sha256File(docx);
    const r = sigla(['pdfa', docx, '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as { output: string; level: string; converter: string; check: { ok: boolean; part: number; conformance: string; fonts: number } };
    assert.equal(out.output, join(dir, 'relazione-pdfa.pdf'));
    assert.equal(out.converter, 'libreoffice');
    assert.equal(out.level, '2b');
    assert.deepEqual([out.check.ok, out.check.part, out.check.conformance], [true, 2, 'B']);
    assertPdfa(out.output, 2, /Niccolò Šimić firma la relazione/);
    assert.equal(sha256File(docx), before);
  });

  it('converts a PDF with a non-embedded standard font with Ghostscript to PDF/A-2b, PDF/A-1b and PDF/A-3b', { skip: HAS_GS ? false : 'Ghostscript missing' }, () => {
    const before = sha256File(plain);
    const r = sigla(['pdfa', plain]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Convertito in PDF\/A-2b: .*delibera\.pdf → .*delibera-pdfa\.pdf/);
    assertPdfa(join(dir, 'delibera-pdfa.pdf'), 2, /Delibera numero 42 del Comune/);
    const a1 = join(dir, 'delibera-a1.pdf');
    const r1 = sigla(['pdfa', plain, '--level', '1b', '--out', a1]);
    assert.equal(r1.status, 0, r1.stderr);
    assertPdfa(a1, 1, /Delibera numero 42 del Comune/);
    const a3 = join(dir, 'delibera-a3.pdf');
    const r3 = sigla(['pdfa', plain, '--level', '3b', '--out', a3, '--json']);
    assert.equal(r3.status, 0, r3.stderr);
    assert.equal((JSON.parse(r3.stdout) as { level: string }).level, '3b');
    assertPdfa(a3, 3, /Delibera numero 42 del Comune/);
    assert.equal(sha256File(plain), before);
    // Converting the PDF/A again: said, and done as asked.
    const again = sigla(['pdfa', a1, '--level', '1b', '--out', join(dir, 'again.pdf')]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /dichiarava già PDF\/A-1b/);
  });

  it('an existing output is exit 9 without --force and replaced with it; the input is never the output', { skip: HAS_GS ? false : 'Ghostscript missing' }, () => {
    const out = join(dir, 'esiste.pdf');
    writeFileSync(out, 'occupato');
    const r = sigla(['pdfa', plain, '--out', out, '--json']);
    assert.equal(r.status, 9);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'OUTPUT_EXISTS');
    assert.equal(sigla(['pdfa', plain, '--out', out, '--force']).status, 0);
    assertPdfa(out, 2, /Delibera/);
    const self = sigla(['pdfa', plain, '--out', plain, '--force']);
    assert.equal(self.status, 2);
  });

  it('without LibreOffice or Ghostscript on PATH: a coded message that says what to install, exit 8, nothing written', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sigla-nopath-'));
    try {
      const env = { ...process.env, PATH: empty };
      const names = readdirSync(dir).sort();
      const r = sigla(['pdfa', plain, '--json'], { env });
      assert.equal(r.status, 8, r.stderr);
      const err = (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
      assert.equal(err.code, 'CONVERTER_MISSING');
      assert.match(err.message, /Ghostscript.*sudo apt install ghostscript.*Windows/);
      if (HAS_SOFFICE) {
        const lo = sigla(['pdfa', docx, '--lang', 'en'], { env });
        assert.equal(lo.status, 8);
        assert.match(lo.stderr, /LibreOffice, which is not installed.*sudo apt install libreoffice-writer-nogui.*Windows/);
      }
      assert.deepEqual(readdirSync(dir).sort(), names);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a file it cannot convert (exit 8) and an unknown level (exit 2)', () => {
    const zip = join(dir, 'allegati.zip');
    writeFileSync(zip, Buffer.from('PK\u0003\u0004 non un documento'));
    const r = sigla(['pdfa', zip, '--json']);
    assert.equal(r.status, 8);
    assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'CONVERSION_UNSUPPORTED');
    assert.equal(sigla(['pdfa', plain, '--level', '4u']).status, 2);
    assert.equal(sigla(['pdfa']).status, 2);
  });
});
