/**
 * Prepara per la PEC (issue 15) in Debian's Chromium through the browser harness: on Firma, a PDF whose opening runs
 * JavaScript (made by pdf-lib) is found blocking, with the finding's explanation and fix; a PDF/A-2b made by
 * Ghostscript and signed by `sigla sign` (PAdES, the test PKI's root in the app's trust store) passes with no
 * blocking finding. axe finds no serious or critical violation on either result.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = browserUnavailable();

describe('Firma: Prepara per la PEC', { skip }, () => {
  let pki: TestPki;
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  let picked: string[] = [];

  before(async () => {
    pki = makeTestPki();
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-pec-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-pec-data-'));
    mkdirSync(join(data, 'trust'));
    copyFileSync(pki.rootPem, join(data, 'trust', 'root.pem'));
    const js = await PDFDocument.create();
    js.addPage().drawRectangle({ x: 50, y: 50, width: 100, height: 100 });
    js.catalog.set(PDFName.of('OpenAction'), js.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("ciao")') }));
    writeFileSync(join(docs, 'modulo.pdf'), await js.save());
    const gs = tool('gs', ['-q', '-dPDFA=2', '-dBATCH', '-dNOPAUSE', '-dPDFACompatibilityPolicy=1', '-sColorConversionStrategy=RGB', '-sDEVICE=pdfwrite', `-sOutputFile=${join(docs, 'delibera.pdf')}`, '-c', '/Helvetica findfont 20 scalefont setfont 72 700 moveto (Delibera n. 7) show showpage']);
    assert.equal(gs.status, 0, gs.stderr);
    const signed = sigla(['sign', join(docs, 'delibera.pdf'), '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n`, env: { ...process.env, SIGLA_DATA_DIR: data } });
    assert.equal(signed.status, 0, signed.stderr);
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data, SIGLA_MODULE: '/nonexistent/module.so' }, pick: async () => picked.map((n) => join(docs, n)) });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
    await page.getByRole('navigation').getByText('Firma', { exact: true }).click();
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, docs, data);
  });

  it('a PDF with JavaScript: blocked, with the explanation and the fix', async () => {
    const panel = page.getByRole('region', { name: 'Prepara per la PEC' });
    picked = ['modulo.pdf'];
    await panel.getByRole('button', { name: 'Seleziona i file del messaggio' }).click();
    await panel.getByRole('radio', { name: /modulo\.pdf/ }).waitFor();
    assert.equal(await panel.getByRole('radio', { name: /modulo\.pdf/ }).isChecked(), true);
    await panel.getByRole('button', { name: 'Controlla per la PEC' }).click();
    await panel.getByRole('status').getByText(/L'invio sarebbe rifiutato/).waitFor({ timeout: 60_000 });
    const finding = panel.locator('.pec-findings li').filter({ hasText: 'Il PDF contiene codice' });
    assert.equal(await finding.locator('.badge').innerText(), 'Blocca');
    assert.match(await finding.innerText(), /Come risolvere:/);
    await page.screenshot({ path: join(SHOTS, 'firma-pec-javascript.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma PEC blocked'), []);
  });

  it('a signed PDF/A: nothing blocks', async () => {
    const panel = page.getByRole('region', { name: 'Prepara per la PEC' });
    await panel.getByRole('button', { name: 'Rimuovi modulo.pdf dal messaggio' }).click();
    picked = ['delibera-firmato.pdf'];
    await panel.getByRole('button', { name: 'Seleziona i file del messaggio' }).click();
    await panel.getByRole('radio', { name: /delibera-firmato\.pdf/ }).waitFor();
    await panel.getByRole('button', { name: 'Controlla per la PEC' }).click();
    await panel.getByRole('status').getByText(/Nessun problema/).waitFor({ timeout: 60_000 });
    assert.equal(await panel.locator('.pec-findings .badge-error').count(), 0);
    const codes = await panel.locator('.pec-findings li').allInnerTexts();
    assert.ok(codes.every((c) => !/PDF\/A|non è firmato|non è valida/.test(c)), codes.join('\n'));
    await page.screenshot({ path: join(SHOTS, 'firma-pec-ok.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma PEC passed'), []);
  });
});
