/**
 * The PDF/A conversion's parts that need no real converter: finding converters on a PATH, the output name, the
 * converter's allow-listed environment, the XMP pdfaid reader, the post-conversion check refusing what the
 * conversion did not deliver, and a converter that fails, hangs (killed at the time limit with its process group)
 * or writes nothing — real child processes (small shell scripts), nothing written in each case.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { readPdfaClaim } from '../../electron/core/pdf/pdfaFacts.js';
import { checkConverted, declaredPdfa } from '../../electron/io/pdfa/checkConverted.js';
import { convertToPdfa } from '../../electron/io/pdfa/convertToPdfa.js';
import { findConverters } from '../../electron/io/pdfa/findConverters.js';
import { converterEnvironment, runConverter } from '../../electron/io/pdfa/runConverter.js';
import { parsePdfaLevel } from '../../electron/io/pdfa/pdfaLevel.js';
import { pdfaOutputName } from '../../electron/io/outputNames.js';
import { SiglaError } from '../../electron/shared/errors.js';

const POSIX = process.platform !== 'win32';

/** A one-page PDF with Helvetica (not embedded) and, when given, an XMP packet declaring `pdfaid`. */
async function pdfWith(xmp: string | null): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText('Prova', { x: 50, y: 700, font, size: 12 });
  if (xmp !== null) {
    const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
  }
  return doc.save({ useObjectStreams: false });
}

const XMP_2B = '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

function script(dir: string, name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

describe('PDF/A conversion parts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-pdfa-unit-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the output NAME-pdfa.pdf, the last extension replaced', () => {
    assert.equal(pdfaOutputName('/x/relazione.docx'), 'relazione-pdfa.pdf');
    assert.equal(pdfaOutputName('delibera.pdf'), 'delibera-pdfa.pdf');
    assert.equal(pdfaOutputName('atto.v2.odt'), 'atto.v2-pdfa.pdf');
    assert.equal(pdfaOutputName('LEGGIMI'), 'LEGGIMI-pdfa.pdf');
  });

  it('reads the levels 1b, 2b, 3b (2b by default) and refuses others as usage errors', () => {
    assert.equal(parsePdfaLevel(undefined), '2b');
    assert.equal(parsePdfaLevel('PDF/A-1B'), '1b');
    assert.equal(parsePdfaLevel('3b'), '3b');
    assert.throws(() => parsePdfaLevel('2u'), (e: SiglaError) => e.code === 'USAGE' && e.exitCode === 2);
  });

  it('reads pdfaid as elements and as attributes', () => {
    assert.deepEqual(readPdfaClaim(XMP_2B), { part: 2, conformance: 'B' });
    assert.deepEqual(readPdfaClaim(`<rdf:Description pdfaid:part='1' pdfaid:conformance='b'/>`), { part: 1, conformance: 'B' });
    assert.deepEqual(readPdfaClaim('<x:xmpmeta/>'), {});
  });

  it('finds converters on the PATH given, and none on an empty one', { skip: POSIX ? false : 'POSIX scripts' }, () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const soffice = script(bin, 'soffice', 'exit 0');
    const gs = script(bin, 'gs', 'exit 0');
    const found = findConverters({ path: `/nonexistent:${bin}`, platform: 'linux' });
    assert.equal(found.soffice, soffice);
    assert.equal(found.gs, gs);
    assert.deepEqual(findConverters({ path: join(dir, 'nothing'), platform: 'linux' }), {});
  });

  it('gives the converter an allow-listed environment: no TSA password, no tokens, home and temp private', () => {
    const env = converterEnvironment({ PATH: '/usr/bin', LANG: 'it_IT.UTF-8', LC_ALL: 'C', SIGLA_TSA_PASSWORD: 'segreto', GITHUB_TOKEN: 'x', HOME: '/home/u', NODE_OPTIONS: '--require x' }, '/tmp/priv');
    assert.deepEqual(env, { PATH: '/usr/bin', LANG: 'it_IT.UTF-8', LC_ALL: 'C', HOME: '/tmp/priv', TMPDIR: '/tmp/priv', TMP: '/tmp/priv', TEMP: '/tmp/priv', USERPROFILE: '/tmp/priv' });
  });

  it('the check refuses a file without the pdfaid asked, and one whose fonts are not embedded', async () => {
    const none = join(dir, 'none.pdf');
    writeFileSync(none, await pdfWith(null));
    await assert.rejects(checkConverted(none, '2b'), (e: SiglaError) => e.code === 'CONVERSION_CHECK_FAILED' && e.params['problem'] === 'notPdfa' && e.exitCode === 8);
    const claims = join(dir, 'claims.pdf');
    const bytes = await pdfWith(XMP_2B);
    writeFileSync(claims, bytes);
    await assert.rejects(checkConverted(claims, '1b'), (e: SiglaError) => e.params['problem'] === 'notPdfa');
    await assert.rejects(checkConverted(claims, '2b'), (e: SiglaError) => e.params['problem'] === 'fontsNotEmbedded' && e.params['fonts'] === 'Helvetica');
    assert.deepEqual(await declaredPdfa(bytes), { part: 2, conformance: 'B' });
    assert.equal(await declaredPdfa(new TextEncoder().encode('%PDF-1.7 rotto')), undefined);
  });

  it('the check is the PEC check too: a PDF/A claim with every font embedded but an OpenAction JavaScript is refused', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream(XMP_2B, { Type: 'Metadata', Subtype: 'XML' })));
    const clean = join(dir, 'clean.pdf');
    writeFileSync(clean, await doc.save({ useObjectStreams: false }));
    assert.deepEqual(await checkConverted(clean, '2b'), { part: 2, conformance: 'B', fonts: 0 });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
    const active = join(dir, 'active.pdf');
    writeFileSync(active, await doc.save({ useObjectStreams: false }));
    await assert.rejects(checkConverted(active, '2b'), (e: SiglaError) => e.code === 'CONVERSION_CHECK_FAILED' && e.params['problem'] === 'pecFindings' && /JAVASCRIPT/.test(String(e.params['fonts'])));
  });

  it('a converter that exits non-zero, or writes nothing, is CONVERSION_FAILED with its status; nothing is written', { skip: POSIX ? false : 'POSIX scripts' }, async () => {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, await pdfWith(null));
    const failing = script(dir, 'gs-fails', 'exit 3');
    const silent = script(dir, 'gs-silent', 'exit 0');
    const output = join(dir, 'out.pdf');
    const srgbProfile = join(dir, 'fake.icc');
    writeFileSync(srgbProfile, 'icc');
    await assert.rejects(convertToPdfa({ input, output, level: '2b', force: false, converters: { gs: failing, srgbProfile } }), (e: SiglaError) => e.code === 'CONVERSION_FAILED' && e.params['status'] === '3' && e.exitCode === 8);
    await assert.rejects(convertToPdfa({ input, output, level: '2b', force: false, converters: { gs: silent, srgbProfile } }), (e: SiglaError) => e.code === 'CONVERSION_FAILED');
    await assert.rejects(convertToPdfa({ input, output, level: '2b', force: false, converters: { srgbProfile } }), (e: SiglaError) => e.code === 'CONVERTER_MISSING' && e.params['package'] === 'ghostscript');
    assert.equal(existsSync(output), false);
    assert.deepEqual(readdirSync(dir).filter((n) => n.includes('.sigla-')), [], 'no temp file left');
  });

  it('a converter that hangs is killed at the time limit with the helpers it started', { skip: process.platform === 'linux' ? false : 'process groups, /proc' }, async () => {
    const pidFile = join(dir, 'helper.pid');
    // The converter starts a helper in the background (as soffice does) and hangs.
    const hang = script(dir, 'hang', `sleep 60 & echo $! > '${pidFile}'; sleep 60`);
    await assert.rejects(runConverter({ executable: hang, args: [], cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, timeoutMs: 500, converter: 'Ghostscript' }), (e: SiglaError) => e.code === 'CONVERSION_FAILED' && e.params['status'] === 'timeout');
    await new Promise((r) => setTimeout(r, 200));
    const { readFileSync } = await import('node:fs');
    const helper = Number(readFileSync(pidFile, 'utf8').trim());
    // Gone, or a zombie waiting for a reaper that is not ours (its parent, the converter, was killed too).
    let state = 'gone';
    try {
      state = readFileSync(`/proc/${helper}/stat`, 'utf8').replace(/^.*\) /s, '')[0] ?? '?';
    } catch {
      // no such process
    }
    assert.ok(state === 'gone' || state === 'Z', `the helper was killed with the group (state ${state})`);
  });
});
