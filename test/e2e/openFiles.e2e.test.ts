/**
 * Files opened from the operating system, end to end (Chromium through the browser harness): the harness's `open`
 * takes command-line arguments through the same code as Electron main's argv and `second-instance`
 * (electron/app/openedFiles.ts, AppService.openFiles). A .p7m opened while the window is still loading lands in
 * Verifica with its verdict; an unsigned PDF opened later lands in Firma, ready to sign.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import { browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness, type Harness } from '../harness/uiBrowser.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = browserUnavailable();

describe('files opened from the OS', { skip }, () => {
  let pki: TestPki;
  let docs: string;
  let data: string;
  let harness: Harness;
  let browser: Browser;
  let page: Page;

  before(async () => {
    pki = makeTestPki();
    docs = mkdtempSync(join(tmpdir(), 'sigla-open-docs-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-open-data-'));
    // The test root is trusted, as an office would add its CA under trust/ of the data folder.
    mkdirSync(join(data, 'trust'));
    copyFileSync(pki.rootPem, join(data, 'trust', 'root.pem'));
    writeFileSync(join(docs, 'delibera.txt'), 'Delibera n. 7: approvata.\n');
    // Signed by openssl, not by Sigla.
    const signed = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', join(docs, 'delibera.txt'), '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem, '-out', join(docs, 'delibera.txt.p7m')]);
    assert.equal(signed.status, 0, signed.stderr);
    const pdf = await PDFDocument.create();
    pdf.addPage();
    writeFileSync(join(docs, 'Convenzione.pdf'), await pdf.save());
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, docs, data);
  });

  it('a .p7m opened before the window is ready lands in Verifica with its verdict', async () => {
    // As the OS starts Sigla on a double click: switches, then the file (relative to the working directory).
    await harness.open(['--no-sandbox', 'delibera.txt.p7m']);
    await page.goto(harness.url);
    await page.getByRole('heading', { level: 1, name: 'Verifica' }).waitFor({ timeout: 15_000 });
    const report = page.getByRole('article', { name: 'delibera.txt.p7m' });
    await report.waitFor({ timeout: 30_000 });
    const text = await report.innerText();
    assert.match(text, /Firma valida/, text);
    assert.match(text, /MARIO ROSSI/, text);
    await page.screenshot({ path: join(SHOTS, 'opened-verifica.png'), fullPage: true });
  });

  it('an unsigned PDF opened while the app runs lands in Firma, ready to sign', async () => {
    await harness.open([join(docs, 'Convenzione.pdf')]);
    await page.getByRole('heading', { level: 1, name: 'Firma' }).waitFor({ timeout: 15_000 });
    await page.getByText('Convenzione.pdf').first().waitFor({ timeout: 10_000 });
  });
});
