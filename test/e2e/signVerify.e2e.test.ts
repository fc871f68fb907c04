/**
 * Firma and Verifica end to end, in Debian's Chromium through the browser harness: a mixed batch (a PDF as PAdES
 * with a visible signature placed on the pdfjs page preview, a text file as CAdES) is one run with one PIN; pdfsig
 * and qpdf check the PDF (and the widget sits where the box was put), openssl the .p7m. Then Verifica shows the
 * envelopes and countersignatures as a tree (a nested .p7m made by openssl; a countersigned corpus file when
 * SIGLA_CORPUS is set), extracts the document through both envelopes byte for byte and saves the report.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, tool } from '../helpers/cli.js';
import { readManifest } from '../helpers/manifest.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false);
const CORPUS = process.env['SIGLA_CORPUS'];
const COUNTERSIGNED = 'cades/cades_bes_controfirma.doc.p7m';

/** The /Rect of every signature widget (/FT /Sig) in a PDF, read by qpdf (not by our parser). */
function signatureRects(pdf: string): number[][] {
  const r = tool('qpdf', ['--json=1', '--json-key=objects', pdf]);
  assert.equal(r.status, 0, r.stderr);
  const objects = (JSON.parse(r.stdout) as { objects: Record<string, unknown> }).objects;
  const rects: number[][] = [];
  for (const v of Object.values(objects)) {
    const o = v as Record<string, unknown> | null;
    if (o && typeof o === 'object' && o['/FT'] === '/Sig' && Array.isArray(o['/Rect'])) rects.push((o['/Rect'] as unknown[]).map(Number));
  }
  return rects;
}

describe('Firma (mixed batch, visible signature) and Verifica (tree, extract, report)', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const text = 'Delibera n. 7: il Consiglio approva all’unanimità.\n';

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Segreteria Generale', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-sv-'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    writeFileSync(join(docs, 'delibera.txt'), text);
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-sv-data-')) } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, docs);
  });

  it('signs a PDF (PAdES, visible signature placed on the preview) and a text file (CAdES) with one PIN', async () => {
    await page.goto(harness.url);
    await page.evaluate("window.__pinRequests = 0; window.sigla.on('pin:request', () => { window.__pinRequests++; })");
    await page.getByRole('button', { name: /Scegli i file/ }).click();
    await page.getByText('delibera.txt').first().waitFor();
    await page.getByText('determina.pdf').first().waitFor();

    await page.getByRole('button', { name: 'Posiziona la firma visibile su determina.pdf' }).click();
    const dialog = page.getByRole('dialog');
    const box = dialog.getByRole('button', { name: /Riquadro della firma/ });
    await box.waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'In alto a sinistra' }).click();
    await box.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    const label = (await box.getAttribute('aria-label')) ?? '';
    const m = /pagina (\d+), (\d+) punti da sinistra e (\d+) dal basso, (\d+) × (\d+) punti/.exec(label);
    assert.ok(m, label);
    const [x, y, w, h] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
    await page.screenshot({ path: join(SHOTS, 'firma-posizione.png') });
    assert.deepEqual(await axe(page, 'placement dialog'), []);
    await dialog.getByRole('button', { name: 'Conferma la posizione' }).click();
    await page.getByText('Firma visibile a pagina 1.').waitFor();

    await page.getByRole('button', { name: /^Firma \d+ document[oi]$/ }).click();
    const pin = page.getByRole('dialog');
    await pin.waitFor({ timeout: 15_000 });
    await pin.locator('input[type=password]').fill(tok.pin);
    await pin.locator('input[type=password]').press('Enter');
    await page.getByText('determina-firmato.pdf').first().waitFor({ timeout: 60_000 });
    await page.getByText('delibera.txt.p7m').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'firma-risultato-misto.png'), fullPage: true });
    assert.equal(await page.evaluate('window.__pinRequests'), 1, 'one PIN for the mixed batch');

    const signedPdf = join(docs, 'determina-firmato.pdf');
    const original = readFileSync(join(docs, 'determina.pdf'));
    assert.ok(readFileSync(signedPdf).subarray(0, original.length).equals(original), 'the original PDF is a byte prefix of the signed one');
    const ps = tool('pdfsig', [signedPdf]);
    assert.match(ps.stdout, /Signature Validation: Signature is Valid\./, ps.stdout + ps.stderr);
    assert.match(ps.stdout, /ETSI\.CAdES\.detached/, ps.stdout);
    assert.equal(tool('qpdf', ['--check', signedPdf]).status, 0);
    const rects = signatureRects(signedPdf);
    assert.equal(rects.length, 1, JSON.stringify(rects));
    const [rect] = rects;
    assert.ok(rect);
    for (const [got, want] of [[rect[0], x], [rect[1], y], [rect[2], x + w], [rect[3], y + h]] as const) assert.ok(Math.abs((got ?? NaN) - want) < 0.51, `widget ${JSON.stringify(rect)} vs box ${x},${y},${w},${h}`);

    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(docs, 'delibera.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, text);
  });

  it('shows a nested .p7m as a tree of envelopes, extracts its content and saves the report', async () => {
    // An envelope inside an envelope, made by openssl from our own output.
    const inner = join(docs, 'delibera.txt.p7m');
    const nested = join(docs, 'delibera.txt.p7m.p7m');
    const s = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', inner, '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-out', nested]);
    assert.equal(s.status, 0, s.stderr);
    if (CORPUS && existsSync(join(CORPUS, COUNTERSIGNED))) {
      assert.ok(readManifest(CORPUS).some((r) => r.rel === COUNTERSIGNED && /countersignature/i.test(r.kind)));
      copyFileSync(join(CORPUS, COUNTERSIGNED), join(docs, 'controfirma.doc.p7m'));
    }
    await page.getByRole('navigation').getByText('Verifica', { exact: true }).click();
    await page.getByRole('button', { name: /Scegli i file da verificare|Scegli/ }).first().click();
    const report = page.getByRole('article', { name: 'delibera.txt.p7m.p7m' });
    await report.waitFor({ timeout: 60_000 });
    await report.getByRole('heading', { name: 'Busta esterna' }).waitFor();
    await report.getByRole('heading', { name: 'Busta interna (livello 2)' }).waitFor();
    if (CORPUS && existsSync(join(docs, 'controfirma.doc.p7m'))) {
      const counter = page.getByRole('article', { name: 'controfirma.doc.p7m' });
      await counter.getByRole('list', { name: 'Controfirme della firma 1' }).waitFor();
    }
    await page.screenshot({ path: join(SHOTS, 'verifica-albero.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Verifica tree'), []);

    // Extract peels every envelope: the document itself, byte for byte, under a free name beside the file.
    await report.getByRole('button', { name: 'Estrai il documento' }).click();
    await report.getByText(/Documento estratto e salvato come «delibera \(2\)\.txt»/).waitFor({ timeout: 15_000 });
    assert.equal(readFileSync(join(docs, 'delibera (2).txt'), 'utf8'), text);
    assert.ok(existsSync(inner), 'the input is untouched');

    await report.getByRole('button', { name: 'Salva il rapporto' }).click();
    await report.getByText(/Rapporto salvato come «delibera\.txt\.p7m\.p7m\.verifica\.txt»/).waitFor({ timeout: 30_000 });
    const saved = readFileSync(join(docs, 'delibera.txt.p7m.p7m.verifica.txt'), 'utf8');
    assert.match(saved, /^Rapporto di verifica di Sigla/);
    assert.match(saved, /Firma 1: .* — /);
    assert.match(saved, /Firma 2 \(busta 2\): /);
    // The PDF report beside it: the same content, with the file's SHA-256 (read back by poppler's pdftotext).
    await report.getByRole('button', { name: 'Salva il PDF del rapporto' }).click();
    await report.getByText(/Rapporto salvato come «delibera\.txt\.p7m\.p7m\.verifica\.pdf»/).waitFor({ timeout: 30_000 });
    const pdfText = spawnSync('pdftotext', ['-enc', 'UTF-8', join(docs, 'delibera.txt.p7m.p7m.verifica.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    assert.ok(pdfText.includes('Rapporto di verifica di Sigla'), pdfText);
    assert.ok(pdfText.includes(`Impronta SHA-256: ${createHash('sha256').update(readFileSync(join(docs, 'delibera.txt.p7m.p7m'))).digest('hex')}`), pdfText);
    assert.match(pdfText, /Firma 2 \(busta 2\): /);
  });

  it('takes files dropped on Firma and Verifica', async () => {
    // A drop as the file manager makes it (the test has no DOM types: the script is a string).
    const drop = (purpose: string, names: string[]): Promise<unknown> =>
      page.evaluate(`(() => {
        const dt = new DataTransfer();
        for (const n of ${JSON.stringify(names)}) dt.items.add(new File(['x'], n));
        const zone = document.querySelector('.drop-zone[data-purpose=${purpose}]');
        if (!zone) throw new Error('no drop zone');
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      })()`);
    await page.goto(harness.url);
    await page.getByRole('heading', { level: 1, name: 'Firma' }).waitFor();
    await drop('sign', ['delibera.txt', 'non-esiste.txt']);
    const rows = page.locator('table.files-table tbody tr');
    await rows.first().waitFor();
    assert.deepEqual(await rows.locator('th').allInnerTexts(), ['TXT\ndelibera.txt']);
    await drop('sign', ['delibera.txt']);
    await page.waitForTimeout(300);
    assert.equal(await rows.count(), 1, 'a file dropped twice is listed once');

    await page.getByRole('navigation').getByText('Verifica', { exact: true }).click();
    await drop('verify', ['delibera.txt.p7m', 'delibera.txt']);
    await page.getByRole('article', { name: 'delibera.txt.p7m' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('article').count(), 1, 'only signed files are verified');
  });
});
