/**
 * Verifica's signed document, in Debian's Chromium through the browser harness: a .p7m made by openssl around a PDF
 * shows the PDF's first page drawn by pdfjs (a canvas with ink on it), with "Apri documento" (main writes the
 * document into a private temp folder and hands that path to the system's viewer; the folder goes when the app
 * closes) and "Salva documento" (the bytes openssl itself extracts, checked by qpdf). A text .p7m shows its text; a
 * .p7m whose content was changed after signing shows no document, only the warning.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = browserUnavailable();

describe('Verifica: the signed document previewed, opened and saved', { skip }, () => {
  let pki: TestPki;
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const opened: string[] = [];
  let picked: string[] = [];
  const text = 'Delibera n. 7: il Consiglio approva all’unanimità.\nSeconda riga.\n';

  const sign = (input: string, out: string): void => {
    const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', input, '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem, '-out', out]);
    assert.equal(r.status, 0, r.stderr);
  };

  before(async () => {
    pki = makeTestPki();
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-vp-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-vp-data-'));
    mkdirSync(join(data, 'trust'));
    copyFileSync(pki.rootPem, join(data, 'trust', 'root.pem'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    sign(join(docs, 'determina.pdf'), join(docs, 'determina.pdf.p7m'));
    writeFileSync(join(docs, 'delibera.txt'), text);
    sign(join(docs, 'delibera.txt'), join(docs, 'delibera.txt.p7m'));
    // A byte of the signed PDF changed inside the envelope: the signature no longer covers these bytes.
    const tampered = Buffer.from(readFileSync(join(docs, 'determina.pdf.p7m')));
    const at = tampered.indexOf('%PDF-') + 200;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    writeFileSync(join(docs, 'modificato.pdf.p7m'), tampered);
    harness = await startHarness({
      port: 0,
      docs,
      lang: 'it',
      env: { ...process.env, SIGLA_DATA_DIR: data, SIGLA_MODULE: '/nonexistent/module.so' },
      pick: async () => picked.map((n) => join(docs, n)),
      openPath: async (path) => {
        opened.push(path);
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, docs, data);
  });

  const verify = async (names: string[]): Promise<void> => {
    picked = names;
    await page.goto(harness.url);
    await page.getByRole('navigation').getByText('Verifica', { exact: true }).click();
    await page.getByRole('button', { name: 'Scegli un file firmato' }).click();
  };

  it('shows the PDF inside a .p7m as pages, opens it from a private folder and saves it', async () => {
    await verify(['determina.pdf.p7m']);
    const report = page.getByRole('article', { name: 'determina.pdf.p7m' });
    await report.waitFor({ timeout: 60_000 });
    const section = report.getByRole('region', { name: 'Documento firmato' });
    const canvas = section.getByRole('img', { name: /^Pagina 1 di \d+ di «determina\.pdf»$/ });
    await canvas.waitFor({ timeout: 30_000 });
    // pdfjs drew the page: some pixels are not white.
    await page.waitForFunction(
      `(() => { const c = document.querySelector('canvas.signed-page'); if (!c || c.width === 0) return false;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) return true; return false; })()`,
      undefined,
      { timeout: 30_000 },
    );
    assert.equal(await section.locator('.signed-name').innerText(), 'determina.pdf');
    await page.screenshot({ path: join(SHOTS, 'verifica-anteprima-pdf.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Verifica preview'), []);

    // What openssl itself finds inside the envelope: the reference for what Sigla opens and saves.
    const reference = join(docs, 'riferimento.pdf');
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(docs, 'determina.pdf.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any', '-out', reference]);
    assert.equal(v.status, 0, v.stderr);
    assert.ok(readFileSync(reference).equals(readFileSync(join(docs, 'determina.pdf'))));

    await section.getByRole('button', { name: 'Apri documento' }).click();
    await section.getByText('«determina.pdf» è stato aperto con il programma del sistema.').waitFor({ timeout: 15_000 });
    assert.equal(opened.length, 1);
    const path = opened[0] ?? '';
    assert.equal(basename(path), 'determina.pdf');
    assert.ok(path.startsWith(tmpdir()), path);
    assert.ok(!path.startsWith(docs), 'never beside the signed file');
    assert.ok(readFileSync(path).equals(readFileSync(reference)), 'the document opened is the one signed');
    const folder = dirname(dirname(path));
    assert.equal(statSync(folder).mode & 0o077, 0, 'the temp folder is private');

    await section.getByRole('button', { name: 'Salva documento' }).click();
    // The harness's "save dialog" picks a free name in its documents folder (determina.pdf is taken).
    await section.getByText('Documento salvato come «determina (2).pdf».').waitFor({ timeout: 15_000 });
    const saved = join(docs, 'determina (2).pdf');
    assert.ok(readFileSync(saved).equals(readFileSync(reference)));
    assert.equal(tool('qpdf', ['--check', saved]).status, 0);
    assert.ok(existsSync(folder));
    (globalThis as { __siglaOpenedFolder?: string }).__siglaOpenedFolder = folder;
  });

  it('shows the text inside a .p7m as text (on request when several files are verified)', async () => {
    await verify(['delibera.txt.p7m', 'determina.pdf.p7m']);
    const report = page.getByRole('article', { name: 'delibera.txt.p7m' });
    await report.waitFor({ timeout: 60_000 });
    await page.getByRole('article', { name: 'determina.pdf.p7m' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('canvas.signed-page').count(), 0, 'nothing extracted until asked');
    await report.getByRole('button', { name: 'Mostra il documento firmato' }).click();
    const pre = report.getByRole('region', { name: 'Documento firmato' }).locator('pre.signed-text');
    await pre.waitFor({ timeout: 15_000 });
    assert.equal(await pre.textContent(), text);
    assert.equal(await pre.getAttribute('aria-label'), 'Testo di «delibera.txt»');
    assert.deepEqual(await axe(page, 'Verifica text preview'), []);
  });

  it('shows no document for a .p7m whose content changed after signing', async () => {
    await verify(['modificato.pdf.p7m']);
    const report = page.getByRole('article', { name: 'modificato.pdf.p7m' });
    await report.waitFor({ timeout: 60_000 });
    await report.getByText('Firma non valida', { exact: true }).first().waitFor();
    const section = report.getByRole('region', { name: 'Documento firmato' });
    await section.getByText(/La firma non è valida: il documento non viene mostrato/).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Apri documento' }).count(), 0);
    assert.equal(await section.locator('canvas').count(), 0);
    // Main refuses too, whatever the page asks.
    const id = await page.evaluate(`window.sigla.invoke('documents:pick', { purpose: 'verify' }).then((r) => r.value[0].id)`);
    const r = (await page.evaluate(`window.sigla.invoke('verify:content', { document: ${JSON.stringify(id)} })`)) as { ok: boolean; error?: { code: string; message: string } };
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'EXTRACT_SIGNATURE_INVALID');
    assert.match(r.error?.message ?? '', /non è valida/);
    await page.screenshot({ path: join(SHOTS, 'verifica-anteprima-rifiutata.png'), fullPage: true });
  });

  it('removes the private folder when the app closes', async () => {
    const folder = (globalThis as { __siglaOpenedFolder?: string }).__siglaOpenedFolder;
    assert.ok(folder && existsSync(folder));
    await browser.close();
    await harness.close();
    assert.ok(!existsSync(folder), 'the temp folder is gone');
  });
});
