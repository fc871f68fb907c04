/**
 * Signing PDF/A files keeps them PDF/A (issue 15): PDF/A-1b, -2b and -3b made at test time by Ghostscript and a
 * PDF/A-2b by LibreOffice are signed with a visible signature whose signer is "Niccolò Šimić Ωμέγα", and checked by
 * tools that are not Sigla's: pdffonts (every font embedded, the appearance's two among them), pdftotext (the
 * appearance's region reads the exact name), pdfsig, qpdf --check and PDFBox + Bouncy Castle (the signature), the
 * XMP metadata stream and the output intents byte for byte as they were, the original a byte prefix, and nothing in
 * the update that PDF/A forbids, and PDFBox Preflight (a PDF/A-1b validator) finding no error the original did not
 * have. An invisible signature keeps PDF/A-1b too. A PDF/A with a font not embedded and an OpenAction JavaScript gets the pre-signing
 * warning, and is signed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { pdffonts } from '../helpers/pdffonts.js';
import { padesCheck, pdfBoxMissing } from '../helpers/pdfbox.js';
import { preflightErrors, preflightMissing } from '../helpers/pdfaPreflight.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const NAME = 'Niccolò Šimić Ωμέγα';
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const skip = ['gs', 'pdffonts', 'pdftotext', 'pdfsig', 'qpdf'].every(has) ? false : 'ghostscript, poppler-utils or qpdf missing';
const skipLibreOffice = has('soffice') ? false : 'LibreOffice (soffice) missing';
const ICC = ['/usr/share/color/icc/ghostscript/srgb.icc', '/usr/share/color/icc/ghostscript/default_rgb.icc'].find((f) => existsSync(f));
const RECT = [300, 100, 240, 80] as const;

/** A PDF/A-`level`b made by Ghostscript's pdfwrite from a one-page PostScript text, with its sRGB output intent. */
function ghostscriptPdfa(dir: string, level: 1 | 2 | 3): string {
  assert.ok(ICC, 'the sRGB ICC profile Ghostscript ships');
  const def = join(dir, 'PDFA_def.ps');
  // Ghostscript's lib/PDFA_def.ps, trimmed: the output intent with the sRGB profile as its DestOutputProfile.
  writeFileSync(
    def,
    [
      '%!',
      '[ /Title (Delibera di prova) /DOCINFO pdfmark',
      '[/_objdef {icc_PDFA} /type /stream /OBJ pdfmark',
      '[{icc_PDFA} << /N 3 >> /PUT pdfmark',
      `[{icc_PDFA} (${ICC}) (r) file /PUT pdfmark`,
      '[/_objdef {OutputIntent_PDFA} /type /dict /OBJ pdfmark',
      '[{OutputIntent_PDFA} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {icc_PDFA} /OutputConditionIdentifier (sRGB) >> /PUT pdfmark',
      '[{Catalog} << /OutputIntents [ {OutputIntent_PDFA} ] >> /PUT pdfmark',
    ].join('\n'),
  );
  const ps = join(dir, 'delibera.ps');
  writeFileSync(ps, '%!PS\n/Helvetica findfont 14 scalefont setfont\n72 700 moveto (Delibera n. 15 - testo di prova) show\nshowpage\n');
  const out = join(dir, `gs-pdfa${level}.pdf`);
  // -dNOSAFER: the definition file (made above) opens the ICC profile; the inputs are the test's own.
  const r = tool('gs', ['-q', '-dNOSAFER', `-dPDFA=${level}`, '-dBATCH', '-dNOPAUSE', '-dPDFACompatibilityPolicy=1', '-sColorConversionStrategy=RGB', '-sDEVICE=pdfwrite', `-sOutputFile=${out}`, def, ps]);
  assert.equal(r.status, 0, r.stderr);
  return out;
}

/** A PDF/A-2b made by LibreOffice Writer from a plain text file (a private profile folder, headless). */
function libreOfficePdfa(dir: string): string {
  const txt = join(dir, 'lettera.txt');
  writeFileSync(txt, 'Comune di prova\nLettera di trasmissione con accenti: perché, città, più.\n');
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}', '--outdir', dir, txt], { stdio: 'pipe', timeout: 180_000 });
  return join(dir, 'lettera.pdf');
}

/** A signing identity whose subject's CN is {@link NAME} (UTF8String), issued by the test PKI's intermediate CA. */
function utf8Identity(pki: TestPki): string {
  const d = pki.dir;
  const run = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', join(d, 'utf8.key')]);
  run(['req', '-new', '-utf8', '-key', join(d, 'utf8.key'), '-subj', `/C=IT/O=Sigla Test/CN=${NAME}`, '-out', join(d, 'utf8.csr')]);
  run(['x509', '-req', '-in', join(d, 'utf8.csr'), '-CA', pki.intermediatePem, '-CAkey', join(d, 'intermediate.key'), '-days', '30', '-out', join(d, 'utf8.pem')]);
  const p12 = join(d, 'utf8.p12');
  run(['pkcs12', '-export', '-inkey', join(d, 'utf8.key'), '-in', join(d, 'utf8.pem'), '-certfile', pki.chainPem, '-passout', `pass:${pki.signer.p12Password}`, '-out', p12]);
  return p12;
}

/** The catalog's /Metadata stream bytes (as stored) and its /OutputIntents, read with pdf-lib. */
async function pdfaEntries(bytes: Uint8Array): Promise<{ metadataRef: string; metadata: Uint8Array; outputIntents: string; pageHeight: number }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ref = doc.catalog.get(PDFName.of('Metadata'));
  assert.ok(ref instanceof PDFRef, 'the catalog has /Metadata');
  const stream = doc.context.lookup(ref);
  assert.ok(stream instanceof PDFRawStream);
  return { metadataRef: ref.toString(), metadata: stream.getContents(), outputIntents: String(doc.catalog.get(PDFName.of('OutputIntents'))), pageHeight: doc.getPage(0).getHeight() };
}

describe('PDF/A stays PDF/A when signed with a visible signature', { skip }, () => {
  let pki: TestPki;
  let p12: string;
  before(() => {
    pki = makeTestPki();
    p12 = utf8Identity(pki);
  });
  after(() => cleanup(pki.dir));

  const signVisible = (input: string, out: string, extra: string[] = []): ReturnType<typeof sigla> =>
    sigla(['sign', input, '--format', 'pades', '--p12', p12, '--pin-stdin', '--out', out, '--visible', '--page', '1', '--rect', RECT.join(','), ...extra], { input: `${pki.signer.p12Password}\n` });

  async function checkSigned(input: string, part: string): Promise<void> {
    const out = input.replace(/\.pdf$/, '-firmato.pdf');
    const r = signVisible(input, out);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /PDF\/A/, 'a sound PDF/A gets no warning');
    const original = readFileSync(input);
    const signed = readFileSync(out);
    assert.ok(signed.subarray(0, original.length).equals(original), 'the original is a byte prefix');

    // Every font embedded, the appearance's among them (Titillium Web for Latin, Noto Sans for Greek).
    const list = pdffonts(out);
    assert.deepEqual(list.filter((f) => !f.embedded), [], 'every font embedded');
    assert.ok(list.some((f) => /^[A-Z]{6}\+TitilliumWeb-Regular$/.test(f.name) && f.type === 'CID TrueType'), 'Titillium Web subset');
    assert.ok(list.some((f) => /^[A-Z]{6}\+NotoSans-Regular$/.test(f.name) && f.type === 'CID TrueType'), 'Noto Sans subset');

    // The XMP metadata (pdfaid) and the output intents exactly as they were.
    const before = await pdfaEntries(original);
    const afterSign = await pdfaEntries(signed);
    assert.equal(afterSign.metadataRef, before.metadataRef);
    assert.ok(Buffer.from(afterSign.metadata).equals(Buffer.from(before.metadata)), 'the metadata stream is unchanged');
    assert.equal(afterSign.outputIntents, before.outputIntents);
    const xmp = Buffer.from(afterSign.metadata).toString('utf8');
    assert.match(xmp, new RegExp(`pdfaid:part(=["']|>)${part}`), `still PDF/A-${part}`);

    // The appearance's region reads the name as written (the /ToUnicode maps).
    const [x, y, w, h] = RECT;
    const text = tool('pdftotext', ['-f', '1', '-l', '1', '-x', String(x), '-y', String(Math.round(before.pageHeight - y - h)), '-W', String(w), '-H', String(h), out, '-']);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(text.stdout.split('\n').map((l) => l.trim()).includes(NAME), `the appearance reads "${NAME}": ${text.stdout}`);

    // Nothing PDF/A forbids in the update: no transparency, no JavaScript; the widget printable.
    const update = signed.subarray(original.length).toString('latin1');
    for (const forbidden of ['/SMask', '/JavaScript', '/JS ', '/CA ', '/ca ', '/BM ', '/ExtGState', '/Group']) assert.ok(!update.includes(forbidden), `no ${forbidden} in the update`);
    const widget = /\/Subtype \/Widget[\s\S]*?\/F (\d+)/.exec(update);
    assert.ok(widget?.[1] && (Number(widget[1]) & 4) === 4 && (Number(widget[1]) & 0x23) === 0, 'the widget is printed, never hidden');
    assert.match(update, /\/AP <<\s*\/N \d+ 0 R\s*>>/, 'the appearance dictionary holds /N only');

    // The signature, by others.
    assert.match(tool('pdfsig', ['-nocert', out]).stdout, /Signature is Valid/);
    const qpdf = tool('qpdf', ['--check', out]);
    assert.equal(qpdf.status, 0, qpdf.stdout + qpdf.stderr);
    if (!pdfBoxMissing()) {
      const report = padesCheck(out);
      assert.equal(report.signatureCount, 1);
      assert.equal(report.signatures[0]?.cmsValid, true, report.signatures[0]?.error ?? '');
    }
    assertNoNewPreflightErrors(input, out);
  }

  /** PDFBox Preflight finds in `signed` exactly the PDF/A errors it finds in `original` (often none). */
  function assertNoNewPreflightErrors(original: string, signed: string): void {
    if (preflightMissing()) return;
    const errors = preflightErrors([original, signed]);
    assert.ok(errors.has(original) && errors.has(signed), 'Preflight checked both files');
    const set = (f: string): string[] => [...new Set(errors.get(f))].sort();
    assert.deepEqual(set(signed), set(original), 'no PDF/A error the original did not have');
  }

  it('an invisible signature keeps a PDF/A-1b what it was: no font added, an appearance on the widget', { skip: preflightMissing() || false }, () => {
    const input = ghostscriptPdfa(pki.dir, 1);
    const out = join(pki.dir, 'gs-pdfa1-invisibile.pdf');
    const r = sigla(['sign', input, '--format', 'pades', '--p12', p12, '--pin-stdin', '--out', out], { input: `${pki.signer.p12Password}\n` });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(pdffonts(out), pdffonts(input));
    assert.match(readFileSync(out).subarray(readFileSync(input).length).toString('latin1'), /\/Rect \[ 0 0 0 0 \][\s\S]*\/AP <<\s*\/N \d+ 0 R\s*>>|\/AP <<\s*\/N \d+ 0 R\s*>>[\s\S]*\/Rect \[ 0 0 0 0 \]/);
    assertNoNewPreflightErrors(input, out);
  });

  for (const level of [1, 2, 3] as const) {
    it(`PDF/A-${level}b made by Ghostscript`, async () => {
      await checkSigned(ghostscriptPdfa(pki.dir, level), String(level));
    });
  }

  it('PDF/A-2b made by LibreOffice', { skip: skipLibreOffice }, async () => {
    await checkSigned(libreOfficePdfa(pki.dir), '2');
  });

  it('a PDF/A that already breaks PDF/A is said so before signing, and signed', async () => {
    const doc = await PDFDocument.load(readFileSync(ghostscriptPdfa(pki.dir, 2)), { updateMetadata: false });
    // A font that is not embedded (standard Helvetica) and an OpenAction JavaScript, both forbidden by PDF/A-2.
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPage(0).drawText('Aggiunto dopo', { x: 72, y: 600, size: 12, font });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    const input = join(pki.dir, 'pdfa-rotto.pdf');
    writeFileSync(input, await doc.save({ useObjectStreams: false }));
    const out = join(pki.dir, 'pdfa-rotto-firmato.pdf');
    const r = signVisible(input, out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /dichiara di essere un PDF\/A-2b, ma già non lo rispetta: usa caratteri \(font\) non incorporati nel file; contiene JavaScript\./);
    assert.match(tool('pdfsig', ['-nocert', out]).stdout, /Signature is Valid/);
    const en = signVisible(input, join(pki.dir, 'pdfa-rotto-en.pdf'), ['--lang', 'en', '--json']);
    assert.equal(en.status, 0, en.stderr);
    assert.match(en.stderr, /claims to be PDF\/A-2b but already breaks it: it uses fonts not embedded in the file; it contains JavaScript\./);
    assert.ok(Array.isArray(JSON.parse(en.stdout)), 'the JSON on stdout is the results alone');
  });
});
