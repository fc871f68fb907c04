/**
 * Issue 15: `sigla pec check` on files made at test time by independent tools (pdf-lib, Ghostscript, qpdf, zip,
 * Python's zipfile), each finding one code; a signed PDF/A passes. Exit codes 0/13/8/2 (shared/ACCEPTANCE.md).
 * Where a tool can judge the same fact (pdffonts for embedded fonts, qpdf for encryption), the test asks it too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

interface JsonFinding {
  code: string;
  severity: 'block' | 'warn';
  message: string;
  fix: string;
}
interface JsonReport {
  ok: boolean;
  profile: string;
  totalSize: number;
  files: { file: string; role: 'main' | 'attachment'; type?: string; findings: JsonFinding[]; error?: { code: string } }[];
}

function run(cmd: string, args: readonly string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** A one-page PDF with an embedded TrueType-free content: only a rectangle, so no font at all. */
async function blankPdf(): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 100, height: 100 });
  return doc;
}

describe('sigla pec check', () => {
  let dir: string;
  let pki: TestPki;
  let env: NodeJS.ProcessEnv;
  const f = (n: string): string => join(dir, n);
  const check = (args: readonly string[]): { status: number; report: JsonReport; stderr: string } => {
    const r = sigla(['pec', 'check', ...args, '--offline', '--json'], { env });
    return { status: r.status, report: JSON.parse(r.stdout || '{}') as JsonReport, stderr: r.stderr };
  };
  const codes = (r: JsonReport, i = 0): string[] => (r.files[i]?.findings ?? []).map((x) => x.code);
  const severityOf = (r: JsonReport, code: string, i = 0): string | undefined => r.files[i]?.findings.find((x) => x.code === code)?.severity;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-pec-'));
    env = { ...process.env, SIGLA_DATA_DIR: join(dir, 'data') };
    pki = makeTestPki();

    // JavaScript run at opening: /OpenAction << /S /JavaScript /JS (...) >> (ISO 32000-2 §12.6.4.17).
    const js = await blankPdf();
    js.catalog.set(PDFName.of('OpenAction'), js.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("ciao")') }));
    writeFileSync(f('javascript.pdf'), await js.save());

    // A link annotation with a URI action (§12.6.4.8).
    const link = await blankPdf();
    const annot = link.context.register(link.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 150, 150], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of('https://www.example.com/modulo') } }));
    link.getPage(0).node.set(PDFName.of('Annots'), link.context.obj([annot]));
    writeFileSync(f('link.pdf'), await link.save());

    // An attachment in the /EmbeddedFiles name tree (§7.11.4).
    const att = await blankPdf();
    await att.attach(Buffer.from('dati riservati\n'), 'dati.txt', { mimeType: 'text/plain' });
    writeFileSync(f('attachment.pdf'), await att.save());

    // Standard Helvetica, not embedded (pdffonts says so below).
    const helv = await PDFDocument.create();
    helv.addPage().drawText('Delibera', { font: await helv.embedFont(StandardFonts.Helvetica), x: 72, y: 700 });
    writeFileSync(f('helvetica.pdf'), await helv.save());

    // Encrypted by qpdf (AES-256), user password "utente".
    writeFileSync(f('plain.pdf'), await (await blankPdf()).save());
    run('qpdf', ['--encrypt', 'utente', 'proprietario', '256', '--', f('plain.pdf'), f('encrypted.pdf')]);

    // A .docm: the macro part and the macro-enabled content type (ECMA-376, [MS-OFFMACRO]), by Python's zipfile.
    const py = `
import zipfile, sys
ct = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
doc = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Delibera</w:t></w:r></w:p></w:body></w:document>'
docrels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.example.com/" TargetMode="External"/></Relationships>'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', ct); z.writestr('_rels/.rels', rels); z.writestr('word/document.xml', doc)
    z.writestr('word/_rels/document.xml.rels', docrels); z.writestr('word/vbaProject.bin', b'\\xd0\\xcf\\x11\\xe0' + bytes(508))
`;
    run('python3', ['-c', py, f('macro.docm')]);

    // A plain ZIP made by zip(1).
    writeFileSync(f('nota.txt'), 'Nota per l\'ufficio protocollo\n');
    run('zip', ['-q', '-j', f('pratica.zip'), f('nota.txt')]);

    // 40 MB: a PDF whose one page draws an image of 40 MB of random bytes (no compression can shrink it).
    const bigPy = `
import os, sys
n = 40 * 1000 * 1000
objs = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>']
out = open(sys.argv[1], 'wb'); out.write(b'%PDF-1.7\\n'); offs = []
for i, o in enumerate(objs):
    offs.append(out.tell()); out.write(b'%d 0 obj\\n' % (i + 1) + o + b'\\nendobj\\n')
offs.append(out.tell())
out.write(b'4 0 obj\\n<< /Type /XObject /Subtype /Image /Width 5000 /Height 2666 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length %d >>\\nstream\\n' % n)
left = n
while left > 0:
    k = min(left, 1 << 20); out.write(os.urandom(k)); left -= k
out.write(b'\\nendstream\\nendobj\\n')
c = b'q 595 0 0 842 0 0 cm /Im1 Do Q'
offs.append(out.tell()); out.write(b'5 0 obj\\n<< /Length %d >>\\nstream\\n' % len(c) + c + b'\\nendstream\\nendobj\\n')
x = out.tell(); out.write(b'xref\\n0 6\\n0000000000 65535 f \\n' + b''.join(b'%010d 00000 n \\n' % o for o in offs))
out.write(b'trailer\\n<< /Size 6 /Root 1 0 R >>\\nstartxref\\n%d\\n%%%%EOF\\n' % x)
`;
    run('python3', ['-c', bigPy, f('big.pdf')]);

    // PDF/A-2b by Ghostscript, signed by Sigla (PAdES, invisible) with the test PKI's PKCS#12.
    run('gs', ['-q', '-dPDFA=2', '-dBATCH', '-dNOPAUSE', '-dPDFACompatibilityPolicy=1', '-sColorConversionStrategy=RGB', '-sDEVICE=pdfwrite', `-sOutputFile=${f('delibera.pdf')}`, '-c', '/Helvetica findfont 20 scalefont setfont 72 700 moveto (Delibera n. 7) show showpage']);
    const signed = sigla(['sign', f('delibera.pdf'), '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n`, env });
    assert.equal(signed.status, 0, signed.stderr);

    // Two signed deeds (CAdES) in one message.
    mkdirSync(f('due'));
    writeFileSync(f('due/determina-1.txt'), 'Determina n. 1\n');
    writeFileSync(f('due/determina-2.txt'), 'Determina n. 2\n');
    for (const n of ['determina-1.txt', 'determina-2.txt']) {
      const r = sigla(['sign', f(`due/${n}`), '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n`, env });
      assert.equal(r.status, 0, r.stderr);
    }
  });
  after(() => cleanup(dir, pki.dir));

  it('a PDF with JavaScript at opening blocks (JAVASCRIPT), exit 13', () => {
    const r = check([f('javascript.pdf')]);
    assert.equal(r.status, 13, r.stderr);
    assert.equal(r.report.ok, false);
    assert.equal(severityOf(r.report, 'JAVASCRIPT'), 'block');
  });

  it('a URI link is EXTERNAL_LINK: a warning with the AgID profile (exit 0), blocking with Genova\'s (exit 13)', () => {
    const agid = check([f('link.pdf')]);
    assert.equal(severityOf(agid.report, 'EXTERNAL_LINK'), 'warn');
    assert.equal(agid.status, 0, JSON.stringify(agid.report));
    assert.equal(agid.report.ok, true);
    const genova = check([f('link.pdf'), '--profile', 'genova']);
    assert.equal(genova.report.profile, 'genova');
    assert.equal(severityOf(genova.report, 'EXTERNAL_LINK'), 'block');
    assert.equal(genova.status, 13);
  });

  it('an attached file is EMBEDDED_FILE', () => {
    const r = check([f('attachment.pdf')]);
    assert.ok(codes(r.report).includes('EMBEDDED_FILE'), JSON.stringify(r.report));
  });

  it('standard Helvetica is FONT_NOT_EMBEDDED, as pdffonts says', () => {
    const fonts = tool('pdffonts', [f('helvetica.pdf')]);
    assert.match(fonts.stdout, /Helvetica\s.*\sno\s/);
    const r = check([f('helvetica.pdf')]);
    assert.ok(codes(r.report).includes('FONT_NOT_EMBEDDED'), JSON.stringify(r.report));
    assert.match(r.report.files[0]?.findings.find((x) => x.code === 'FONT_NOT_EMBEDDED')?.message ?? '', /Helvetica/);
  });

  it('a PDF encrypted by qpdf blocks (ENCRYPTED)', () => {
    assert.match(tool('qpdf', ['--show-encryption', '--password=utente', f('encrypted.pdf')]).stdout, /R = 6/);
    const r = check([f('encrypted.pdf')]);
    assert.equal(severityOf(r.report, 'ENCRYPTED'), 'block');
    assert.equal(r.status, 13);
  });

  it('a .docm with a VBA project blocks (MACROS), and its external hyperlink is found', () => {
    const r = check([f('macro.docm')]);
    assert.equal(r.report.files[0]?.type, 'ooxml');
    assert.equal(severityOf(r.report, 'MACROS'), 'block');
    assert.ok(codes(r.report).includes('EXTERNAL_LINK'));
    assert.equal(r.status, 13);
  });

  it('a .zip is refused (ARCHIVE), also as an attachment', () => {
    const r = check([f('nota.txt'), f('pratica.zip')]);
    assert.equal(r.report.files[1]?.role, 'attachment');
    assert.equal(severityOf(r.report, 'ARCHIVE', 1), 'block');
    assert.equal(r.status, 13);
  });

  it('a 40 MB PDF is over the 30 MB PEC limit (TOO_LARGE)', () => {
    const r = check([f('big.pdf')]);
    assert.ok(r.report.totalSize > 40_000_000);
    assert.equal(severityOf(r.report, 'TOO_LARGE'), 'block');
    assert.equal(r.status, 13);
    // The limit is a setting (settings.json, pecMaxMegabytes): a 50 MB mailbox takes it.
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'settings.json'), JSON.stringify({ pecMaxMegabytes: 50 }));
    try {
      const roomy = check([f('big.pdf')]);
      assert.ok(!codes(roomy.report).includes('TOO_LARGE'), JSON.stringify(roomy.report));
    } finally {
      writeFileSync(join(dir, 'data', 'settings.json'), '{}');
    }
  });

  it('two signed deeds are two cases (MULTIPLE_MAIN_DOCUMENTS); so are two --main files', () => {
    const r = check([f('due/determina-1.txt.p7m'), f('due/determina-2.txt.p7m')]);
    assert.equal(r.report.files[0]?.role, 'main');
    assert.deepEqual(r.report.files.map((x) => x.type), ['text', 'text']);
    assert.equal(severityOf(r.report, 'MULTIPLE_MAIN_DOCUMENTS', 1), 'block');
    assert.equal(r.status, 13);
    const mains = check([f('nota.txt'), f('helvetica.pdf'), '--main', f('nota.txt'), '--main', f('helvetica.pdf')]);
    assert.ok(codes(mains.report, 1).includes('MULTIPLE_MAIN_DOCUMENTS'));
    // A signed file named as an attachment is one.
    copyFileSync(f('due/determina-2.txt.p7m'), f('due/allegato-determina-2.txt.p7m'));
    const withAnnex = check([f('due/determina-1.txt.p7m'), f('due/allegato-determina-2.txt.p7m')]);
    assert.ok(!codes(withAnnex.report, 1).includes('MULTIPLE_MAIN_DOCUMENTS'), JSON.stringify(withAnnex.report));
  });

  it('a signed PDF/A passes: no block, exit 0 (a test certificate is not qualified: a warning)', () => {
    const fonts = tool('pdffonts', [f('delibera-firmato.pdf')]);
    assert.match(fonts.stdout, /Helvetica\s.*\syes\s/);
    assert.doesNotMatch(fonts.stdout.split('\n').slice(2).join('\n'), /\sno\s+(no|yes)\s+(no|yes)\s+\d+\s+\d+\s*$/m);
    const r = sigla(['pec', 'check', f('delibera-firmato.pdf'), '--trust', pki.rootPem, '--offline', '--json'], { env });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(r.status, 0, r.stdout);
    assert.equal(report.ok, true);
    const found = codes(report);
    for (const c of ['NOT_PDFA', 'FONT_NOT_EMBEDDED', 'NOT_SIGNED', 'SIGNATURE_NOT_VALID', 'SIGNATURE_INDETERMINATE', 'JAVASCRIPT']) assert.ok(!found.includes(c), `${c} in ${found.join(',')}`);
    assert.ok(report.files[0]?.findings.every((x) => x.severity === 'warn'));
    // Without the root, the same file's signature cannot be established: a warning, not a pass of a changed file.
    const untrusted = check([f('delibera-firmato.pdf')]);
    assert.ok(codes(untrusted.report).includes('SIGNATURE_INDETERMINATE'));
  });

  it('a signed PDF/A whose signed bytes changed: SIGNATURE_NOT_VALID blocks', () => {
    const bytes = readFileSync(f('delibera-firmato.pdf'));
    // The producer's name in the Info dictionary: signed bytes (inside the ByteRange), the structure unchanged.
    const at = bytes.indexOf('Ghostscript');
    assert.ok(at > 0 && at < bytes.indexOf('/ByteRange'));
    bytes[at] = 0x48;
    writeFileSync(f('alterato.pdf'), bytes);
    const r = check([f('alterato.pdf'), '--trust', pki.rootPem]);
    assert.equal(severityOf(r.report, 'SIGNATURE_NOT_VALID'), 'block', JSON.stringify(r.report));
    assert.equal(r.status, 13);
  });

  it('a missing file is exit 8; an unknown profile exit 2; a bad user profile exit 8', () => {
    const missing = check([f('non-esiste.pdf')]);
    assert.equal(missing.status, 8);
    assert.equal(missing.report.files[0]?.error?.code, 'INPUT_NOT_FOUND');
    const unknown = sigla(['pec', 'check', f('nota.txt'), '--profile', 'nessuno'], { env });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Non esiste un profilo PEC «nessuno»/);
    mkdirSync(join(dir, 'data', 'pec-profiles'), { recursive: true });
    writeFileSync(join(dir, 'data', 'pec-profiles', 'ufficio.json'), JSON.stringify({ name: 'ufficio', title: { it: 'U', en: 'U' }, formats: ['pdf', 'docx'] }));
    const bad = sigla(['pec', 'check', f('nota.txt'), '--profile', 'ufficio'], { env });
    assert.equal(bad.status, 8);
    assert.match(bad.stderr, /profilo PEC .*ufficio\.json non è valido/);
  });

  it('a user profile is selectable by name and its rules apply (text not allowed → FORMAT_NOT_ALLOWED)', () => {
    writeFileSync(join(dir, 'data', 'pec-profiles', 'solopdf.json'), JSON.stringify({ name: 'solopdf', title: { it: 'Solo PDF', en: 'PDF only' }, formats: ['pdf'], requireSigned: true }));
    const r = check([f('nota.txt'), '--profile', 'solopdf']);
    assert.equal(r.report.profile, 'solopdf');
    assert.equal(severityOf(r.report, 'FORMAT_NOT_ALLOWED'), 'block');
    assert.equal(severityOf(r.report, 'NOT_SIGNED'), 'block');
  });

  it('speaks Italian by default: severity, explanation and fix for each finding', () => {
    const r = sigla(['pec', 'check', f('javascript.pdf'), f('pratica.zip'), '--offline'], { env });
    assert.equal(r.status, 13);
    assert.match(r.stdout, /Documento principale: .*javascript\.pdf/);
    assert.match(r.stdout, /\[BLOCCA\] JAVASCRIPT: Il PDF contiene codice/);
    assert.match(r.stdout, /Come risolvere: /);
    assert.match(r.stdout, /Esito: l'invio sarebbe rifiutato/);
    const en = sigla(['pec', 'check', f('javascript.pdf'), '--offline', '--lang', 'en'], { env });
    assert.match(en.stdout, /\[BLOCKS\] JAVASCRIPT: The PDF holds code/);
  });
});
