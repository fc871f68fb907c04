/**
 * The PDF report (reportPdf.ts) and `sigla verify --report-pdf`, judged by poppler's `pdftotext`/`pdfinfo` and
 * `qpdf --check`: the Italian texts, the file's SHA-256 and the verification time are in it, long reports break
 * into pages, names in Greek or Cyrillic print as written (embedded fonts), characters no font has are replaced with a note; the CLI writes it atomically, never over the input nor
 * over an existing file without --force. PAdES: the signature dictionary's /M is the declared signing time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { reportPdf } from '../../electron/core/verify/reportPdf.js';
import { appearanceFonts } from '../../electron/io/appearanceFonts.js';
import type { FileReport } from '../../electron/core/verify/VerificationReport.js';
import { sig } from '../helpers/reportFixtures.js';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const haveTools = ['pdftotext', 'pdfinfo', 'qpdf', 'openssl'].every((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);
const skip = haveTools ? false : 'pdftotext/pdfinfo/qpdf/openssl missing';

const SHA = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdefabcdef0123';

function text(pdf: Uint8Array, dir: string, name: string): { text: string; pages: number; qpdf: number } {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const t = tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
  assert.equal(t.status, 0, t.stderr);
  const info = tool('pdfinfo', [file]).stdout;
  return { text: t.stdout, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0), qpdf: tool('qpdf', ['--check', file]).status };
}

describe('the PDF report', { skip }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-reportpdf-'));
  });
  after(() => cleanup(dir));

  it('holds the Italian texts, the SHA-256 and the verification time, on A4, and passes qpdf --check', async () => {
    const report: FileReport = {
      file: 'determina.pdf.p7m',
      format: 'cades',
      status: 'passed',
      signatures: [
        sig({
          qualification: 'QESig',
          trustedList: { country: 'IT', tsp: 'InfoCert S.p.A.', service: 'InfoCert Firma Qualificata 2', status: 'granted' },
          timestamps: [{ time: '2023-01-12T09:22:00.000Z', kind: 'signature', integrity: 'valid', imprintMatches: true, tsa: 'InfoCert TSA 3', trusted: true, qualified: true }],
          warnings: [{ code: 'REVOCATION_NOT_CHECKED_OFFLINE', params: {} }],
        }),
      ],
    };
    const pdf = await reportPdf({ report, fileName: 'determina.pdf.p7m', sha256: SHA, verifiedAt: '2024-03-05T08:00:00.000Z', lang: 'it', fonts: appearanceFonts() });
    const r = text(pdf, dir, 'it.pdf');
    assert.equal(r.qpdf, 0);
    assert.equal(r.pages, 1);
    const flat = r.text.replace(/\s+/g, ' ');
    for (const expected of [
      'Rapporto di verifica',
      'File: determina.pdf.p7m',
      `Impronta SHA-256: ${SHA}`,
      'Verificato il: 05/03/2024 09:00:00 (ora italiana)',
      'Firma 1: MARIO ROSSI — VALIDA',
      'Qualificazione: Firma elettronica qualificata',
      'Prestatore di servizi fiduciari: InfoCert S.p.A. (IT), servizio «InfoCert Firma Qualificata 2», stato nell\'elenco di fiducia: qualificato',
      'Ora di firma dichiarata: 12/01/2023 10:21:06 (ora italiana)',
      'marca temporale qualificata',
      'La revoca del certificato non è stata controllata (verifica senza rete).',
      'Pagina 1 di 1',
    ]) {
      assert.ok(flat.includes(expected), `«${expected}» not in:\n${r.text}`);
    }
    const doc = await PDFDocument.load(pdf);
    const size = doc.getPage(0).getSize();
    assert.ok(Math.abs(size.width - 595.28) < 0.5 && Math.abs(size.height - 841.89) < 0.5, JSON.stringify(size));
  });

  it('breaks a long report into pages, wraps long lines, prints Greek and Cyrillic names, and replaces what no font has with a note', async () => {
    const long = 'CN=' + 'Autorità di certificazione con un nome molto lungo '.repeat(6).trim();
    const signatures = Array.from({ length: 40 }, (_, i) =>
      sig({
        signer: i === 0 ? 'Δημήτρης Παπαδόπουλος' : i === 1 ? 'Олена Шевченко' : i === 2 ? '王小明' : `FIRMATARIO ${i + 1}`,
        problems: [{ code: 'CA_NOT_VALID_AT_TIME', params: { subject: long, time: '2023-01-12T09:21:06.000Z' } }],
      }),
    );
    const report: FileReport = { file: 'x.p7m', format: 'cades', status: 'failed', signatures };
    const pdf = await reportPdf({ report, fileName: 'x.p7m', sha256: SHA, verifiedAt: '2024-03-05T08:00:00.000Z', lang: 'it', fonts: appearanceFonts() });
    const r = text(pdf, dir, 'long.pdf');
    assert.equal(r.qpdf, 0);
    assert.ok(r.pages >= 3, `pages: ${r.pages}`);
    assert.match(r.text, new RegExp(`Pagina ${r.pages} di ${r.pages}`));
    assert.match(r.text, /FIRMATARIO 40/);
    assert.match(r.text, /Firma 1: Δημήτρης Παπαδόπουλος — VALIDA/);
    assert.match(r.text, /Firma 2: Олена Шевченко — VALIDA/);
    assert.match(r.text, /Firma 3: \?{3} — VALIDA/);
    assert.match(r.text.replace(/\s+/g, ' '), /I caratteri che il carattere tipografico del rapporto non può mostrare sono sostituiti da «\?»/);
    // Every line stays inside the page: pdftotext -bbox gives each word's box.
    const bbox = tool('pdftotext', ['-bbox', join(dir, 'long.pdf'), '-']).stdout;
    const xMax = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    assert.ok(xMax <= 595.28 - 56 + 1, `a word ends at x=${xMax}`);
    // Every font embedded: subsets of Titillium Web and Noto Sans, nothing else.
    const fonts = tool('pdffonts', [join(dir, 'long.pdf')]).stdout;
    assert.match(fonts, /[A-Z]{6}\+TitilliumWeb-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    assert.match(fonts, /[A-Z]{6}\+NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    assert.doesNotMatch(fonts, / no /, fonts);
  });

  it('is in English when asked', async () => {
    const report: FileReport = { file: 'x.p7m', format: 'cades', status: 'passed', signatures: [sig({ qualification: 'AdESig-QC' })] };
    const r = text(await reportPdf({ report, fileName: 'x.p7m', sha256: SHA, verifiedAt: '2024-03-05T08:00:00.000Z', lang: 'en', fonts: appearanceFonts() }), dir, 'en.pdf');
    const flat = r.text.replace(/\s+/g, ' ');
    assert.ok(flat.includes('Sigla verification report'));
    assert.ok(flat.includes('Qualification: Advanced electronic signature supported by a qualified certificate'));
    assert.ok(flat.includes('Page 1 of 1'));
  });
});

describe('sigla verify --report-pdf, and PAdES /M as the declared time', { skip }, () => {
  let pki: TestPki;
  let dir: string;
  let signed: string;
  before(async () => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-reportcli-'));
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    page.drawText('Determina n. 1', { font: await doc.embedFont(StandardFonts.Helvetica), x: 72, y: 700 });
    const plain = join(dir, 'determina.pdf');
    writeFileSync(plain, await doc.save());
    signed = join(dir, 'determina-firmato.pdf');
    const r = sigla(['sign', plain, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', signed], { input: `${pki.signer.p12Password}\n` });
    assert.equal(r.status, 0, r.stderr);
  });
  after(() => cleanup(dir, pki?.dir ?? ''));

  it('reports the /M of the signature dictionary as the signing time (the CMS of PAdES has none)', () => {
    const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\+00'00'\)/.exec(readFileSync(signed, 'latin1'));
    assert.ok(m, 'the signed PDF has /M');
    const [, y, mo, d, h, mi, s] = m;
    const r = sigla(['verify', signed, '--trust', pki.rootPem, '--offline', '--json']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const rep = JSON.parse(r.stdout) as { signatures: { signingTime: string | null; warnings: { code: string; message?: string }[] }[] };
    assert.equal(rep.signatures[0]?.signingTime, `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`);
    // --json carries the codes and, for people, their text in the chosen language.
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'REVOCATION_NOT_CHECKED_OFFLINE' && w.message === 'La revoca del certificato non è stata controllata (verifica senza rete).'), r.stdout);
    const human = sigla(['verify', signed, '--trust', pki.rootPem, '--offline']);
    assert.match(human.stdout, /Ora di firma dichiarata: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(ora italiana\)/);
    // The Italian output has no English word (beyond the signer's and the file's names), trusted or not.
    const untrusted = sigla(['verify', signed, '--offline']);
    assert.equal(untrusted.status, 10, untrusted.stdout);
    for (const out of [human.stdout, untrusted.stdout]) {
      const words = out.replace(/determina-firmato\.pdf|\b[A-Z0-9_]{2,}\b|\[pdf\]|«[^»]*»|: [^\n]*Sigla Test[^\n—]*/g, ' ').toLowerCase().match(/\p{L}+/gu) ?? [];
      const english = words.filter((w) => ['the', 'of', 'not', 'signature', 'certificate', 'revoked', 'checked', 'from', 'by', 'with', 'revocation', 'valid', 'time', 'trusted'].includes(w));
      assert.deepEqual(english, [], out);
    }
    assert.match(untrusted.stdout, /NON DETERMINABILE: il certificato non risale a un'autorità di certificazione riconosciuta come affidabile \(NO_CERTIFICATE_CHAIN_FOUND\)/);
  });

  it('a hostile /M is ignored with a finding, never a time', async () => {
    const bytes = readFileSync(signed, 'latin1');
    const m = /\/M\s*\((D:[^)]*)\)/.exec(bytes);
    assert.ok(m?.[1]);
    // Same length, so the signed bytes stay where they were; /M is inside the signed range: the signature then fails,
    // and the report must still not take the bad date.
    const bad = join(dir, 'bad-m.pdf');
    writeFileSync(bad, Buffer.from(bytes.replace(m[0], m[0].replace(m[1], 'D:99999999999999'.padEnd(m[1].length, '9').slice(0, m[1].length))), 'latin1'));
    const r = sigla(['verify', bad, '--trust', pki.rootPem, '--offline', '--json']);
    const rep = JSON.parse(r.stdout) as { signatures: { status: string; signingTime: string | null; warnings: { code: string }[] }[] };
    assert.equal(rep.signatures[0]?.signingTime, null, r.stdout);
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'PDF_SIGNING_TIME_UNREADABLE'), r.stdout);
    assert.notEqual(rep.signatures[0]?.status, 'passed');
  });

  it('writes the PDF report atomically, with the SHA-256 of the file, and refuses the input and an existing file', () => {
    const before = readFileSync(signed);
    const out = join(dir, 'rapporto.pdf');
    let r = sigla(['verify', signed, '--trust', pki.rootPem, '--offline', '--report-pdf', out]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(tool('qpdf', ['--check', out]).status, 0);
    const t = tool('pdftotext', ['-enc', 'UTF-8', out, '-']).stdout.replace(/\s+/g, ' ');
    assert.ok(t.includes(`Impronta SHA-256: ${sha256File(signed)}`), t);
    assert.ok(t.includes('File: determina-firmato.pdf'), t);
    assert.match(t, /determina-firmato\.pdf \[pdf\]: VALIDA/);
    assert.match(t, /Verificato il: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(ora italiana\)/);
    // An existing report: exit 9 without --force, replaced with it.
    r = sigla(['verify', signed, '--trust', pki.rootPem, '--offline', '--report-pdf', out]);
    assert.equal(r.status, 9, r.stdout + r.stderr);
    r = sigla(['verify', signed, '--trust', pki.rootPem, '--offline', '--report-pdf', out, '--force']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The file verified is never the report, even with --force.
    r = sigla(['verify', signed, '--trust', pki.rootPem, '--offline', '--report-pdf', signed, '--force']);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.deepEqual(readFileSync(signed), before);
    // A file that cannot be verified gets no report.
    const missing = join(dir, 'manca.pdf');
    const none = join(dir, 'nessuno.pdf');
    r = sigla(['verify', missing, '--offline', '--report-pdf', none]);
    assert.equal(r.status, 8, r.stdout + r.stderr);
    assert.equal(existsSync(none), false);
  });
});
