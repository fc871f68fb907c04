/**
 * Firma's "Converti in PDF/A" end to end (Chromium through the browser harness, real Ghostscript): a plain PDF whose
 * standard font is not embedded becomes `NAME-pdfa.pdf`, which replaces it in the list to sign; pdffonts and the
 * XMP (pdfinfo -meta) of the file written say PDF/A-2b with every font embedded; the original's bytes are unchanged.
 * Without Ghostscript on the app's PATH the app says what to install, and the list is unchanged. axe-clean.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness, type Harness } from '../harness/uiBrowser.js';
import { sha256File, tool } from '../helpers/cli.js';
import { cleanup } from '../helpers/testPki.js';

const noGs = spawnSync('gs', ['--version']).status === 0 ? false : 'Ghostscript missing';
const skip = browserUnavailable() || noGs;

async function plainPdf(path: string, text: string): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage().drawText(text, { x: 50, y: 700, font, size: 14 });
  writeFileSync(path, await doc.save());
}

describe('Firma: Converti in PDF/A', { skip }, () => {
  let docs: string;
  let bare: string;
  let data: string;
  let harness: Harness;
  let bareHarness: Harness;
  let browser: Browser;
  let page: Page;

  before(async () => {
    docs = mkdtempSync(join(tmpdir(), 'sigla-pdfa-docs-'));
    bare = mkdtempSync(join(tmpdir(), 'sigla-pdfa-bare-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-pdfa-data-'));
    await plainPdf(join(docs, 'delibera.pdf'), 'Delibera numero 42');
    await plainPdf(join(bare, 'verbale.pdf'), 'Verbale della seduta');
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data } });
    // The same app on a computer without Ghostscript: a PATH with nothing on it.
    bareHarness = await startHarness({ port: 0, docs: bare, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data, PATH: join(bare, 'vuota') } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    await bareHarness?.close();
    cleanup(docs, bare, data);
  });

  it('a PDF turns into a checked PDF/A-2b item in the list; the original is untouched', async () => {
    const original = sha256File(join(docs, 'delibera.pdf'));
    await page.goto(harness.url);
    await page.getByRole('heading', { level: 1, name: 'Firma' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    const convert = page.getByRole('button', { name: 'Converti in PDF/A: delibera.pdf' });
    await convert.waitFor({ timeout: 15_000 });
    assert.deepEqual(await axe(page, 'Firma (Converti in PDF/A)'), []);
    await convert.click();
    const status = page.getByRole('status').filter({ hasText: 'convertito in PDF/A-2b' });
    await status.waitFor({ timeout: 120_000 });
    assert.match(await status.innerText(), /delibera\.pdf convertito in PDF\/A-2b: nell'elenco ora c'è delibera-pdfa\.pdf \(controllo superato: 1 carattere, incorporato\)/);
    const table = page.getByRole('table');
    await table.getByText('delibera-pdfa.pdf', { exact: true }).waitFor();
    assert.equal(await table.getByText('delibera.pdf', { exact: true }).count(), 0, 'the PDF/A copy replaced the original in the list');
    // The new item declares PDF/A: no second conversion is offered.
    await table.getByText('già PDF/A-2b').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByRole('button', { name: /^Converti in PDF\/A/ }).count(), 0);
    assert.deepEqual(await axe(page, 'Firma (convertito in PDF/A)'), []);
    await page.screenshot({ path: join(SHOTS, 'firma-pdfa.png'), fullPage: true });

    const out = join(docs, 'delibera-pdfa.pdf');
    const fonts = tool('pdffonts', [out]).stdout.split('\n').slice(2).filter((l) => l.trim());
    assert.ok(fonts.length > 0);
    for (const l of fonts) assert.equal(l.trim().split(/\s+/).at(-5), 'yes', l);
    const meta = tool('pdfinfo', ['-meta', out]).stdout;
    assert.match(meta, /pdfaid:part(>|=['"])2\b/);
    assert.match(meta, /pdfaid:conformance(>|=['"])B\b/);
    assert.equal(sha256File(join(docs, 'delibera.pdf')), original);
  });

  it('without Ghostscript the app says what to install and the list stays as it was', async () => {
    await page.goto(bareHarness.url);
    await page.getByRole('heading', { level: 1, name: 'Firma' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    const convert = page.getByRole('button', { name: 'Converti in PDF/A: verbale.pdf' });
    await convert.waitFor({ timeout: 15_000 });
    await convert.click();
    const alert = page.getByRole('alert').filter({ hasText: 'Conversione in PDF/A non riuscita' });
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /serve Ghostscript, che non è installato su questo computer.*sudo apt install ghostscript.*Windows/s);
    await page.getByRole('table').getByText('verbale.pdf', { exact: true }).waitFor();
    assert.equal(existsSync(join(bare, 'verbale-pdfa.pdf')), false);
    assert.deepEqual(await axe(page, 'Firma (convertitore mancante)'), []);
  });
});
