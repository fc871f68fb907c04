/**
 * A reader with its own keypad, end to end in Debian's Chromium through the browser harness: the native shim plays
 * the pinpad reader in front of SoftHSM2 (`pinpad=1`; a latency on C_Login stands for the user typing on it). While
 * the reader waits, Firma shows "Digita il PIN sul lettore" with the device's name and no PIN field (axe checked,
 * screenshot pinpad-dialog.png); it closes by itself and the .p7m is accepted by `openssl cms -verify`. A wrong PIN
 * on the reader brings the dialog back saying so, with the few-tries warning; Cancel on the reader ends the signing.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { tool } from '../helpers/cli.js';
import { hasShim, SHIM_PATH, ShimControl } from '../helpers/shim.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : !hasShim() ? 'native shim not built' : false);
const LABEL = 'CNS Ufficio Tributi';
/** How long the "reader" takes to deliver the PIN: long enough to see the dialog, run axe and take a screenshot. */
const READER_MS = 5000;

describe('Firma with a pinpad reader', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let shim: ShimControl;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;

  /** A fresh text file in the documents folder, chosen in Firma; then Firma is pressed. */
  const signOne = async (name: string, text: string): Promise<void> => {
    // The harness's file picker takes the whole folder: only this file is in it.
    for (const f of readdirSync(docs)) rmSync(join(docs, f), { force: true, recursive: true });
    writeFileSync(join(docs, name), text);
    await page.goto(harness.url);
    await page.evaluate("window.__pinRequests = 0; window.sigla.on('pin:request', () => { window.__pinRequests++; })");
    await page.getByRole('button', { name: /Scegli i file/ }).click();
    await page.getByText(name).first().waitFor();
    await page.getByRole('button', { name: /^Firma \d+ document[oi]$/ }).click();
  };
  const verifies = (p7m: string, text: string): void => {
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7m, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, text);
  };

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: LABEL, identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    shim = new ShimControl();
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-pinpad-'));
    const env = { ...shim.env(tok.env, tok.module), SIGLA_MODULE: SHIM_PATH, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-pinpad-data-')) };
    harness = await startHarness({ port: 0, docs, lang: 'it', env });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    shim?.cleanup();
    cleanup(pki.dir, tok.dir, docs);
  });

  it('shows "Digita il PIN sul lettore" with the device while the reader waits, then the .p7m verifies', async () => {
    shim.reset().set({ pinpad: true, pinpad_pin: tok.pin, latency_ms: READER_MS, latency_fns: ['C_Login'] });
    const text = 'Determina n. 31: rimborso approvato.\n';
    await signOne('determina.txt', text);
    const dialog = page.getByRole('dialog', { name: 'Digita il PIN sul lettore' });
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.getByText(LABEL).waitFor();
    await dialog.getByText(/tasto Annulla del lettore/).waitFor();
    assert.equal(await dialog.locator('input').count(), 0, 'no PIN field: the PIN is typed on the reader');
    assert.equal(await dialog.getByRole('button').count(), 0, 'no button that could not stop the reader');
    assert.equal(await page.evaluate('document.activeElement?.closest("dialog") !== null'), true, 'focus is in the dialog');
    await page.screenshot({ path: join(SHOTS, 'pinpad-dialog.png') });
    assert.deepEqual(await axe(page, 'pinpad dialog'), []);
    // Esc cannot stop the reader: the dialog stays.
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), true);
    await dialog.waitFor({ state: 'hidden', timeout: READER_MS + 15_000 });
    await page.getByText('determina.txt.p7m').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.evaluate('window.__pinRequests'), 0, 'no PIN asked of the computer');
    assert.deepEqual(shim.stats().filter((l) => /^(pinpad|login) /.test(l)), ['pinpad user', 'login user ok']);
    verifies(join(docs, 'determina.txt.p7m'), text);
  });

  it('a wrong PIN on the reader: the dialog comes back saying so, with few tries left; then it signs', async () => {
    shim.reset().set({ pinpad: true, pinpad_pin: '999999', pin_max_tries: 3, latency_ms: READER_MS, latency_fns: ['C_Login'] });
    const text = 'Ordinanza n. 4.\n';
    await signOne('ordinanza.txt', text);
    const dialog = page.getByRole('dialog', { name: 'Digita il PIN sul lettore' });
    await dialog.waitFor({ timeout: 15_000 });
    // The first C_Login has read the control file (it is waiting in the "reader"); the next one gets the right PIN.
    await new Promise((r) => setTimeout(r, 1000));
    shim.set({ pinpad_pin: tok.pin });
    const again = dialog.getByText('Il PIN digitato sul lettore era sbagliato. Riprova.');
    await again.waitFor({ timeout: READER_MS + 15_000 });
    await dialog.getByText(/Restano pochi tentativi/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'pinpad-dialog-retry.png') });
    assert.deepEqual(await axe(page, 'pinpad dialog (retry)'), []);
    await page.getByText('ordinanza.txt.p7m').first().waitFor({ timeout: READER_MS + 30_000 });
    assert.equal(await dialog.count(), 0);
    assert.deepEqual(shim.stats().filter((l) => /^(pinpad|login) /.test(l)), ['pinpad user', 'login user incorrect', 'pinpad user', 'login user ok']);
    verifies(join(docs, 'ordinanza.txt.p7m'), text);
  });

  it('Cancel on the reader: the dialog closes and Firma says the operation was cancelled', async () => {
    shim.reset().set({ pinpad: true, pinpad_cancel: true, latency_ms: 1500, latency_fns: ['C_Login'] });
    await signOne('avviso.txt', 'Avviso.\n');
    const dialog = page.getByRole('dialog', { name: 'Digita il PIN sul lettore' });
    await dialog.waitFor({ timeout: 15_000 });
    await page.getByText('Operazione annullata.').first().waitFor({ timeout: 20_000 });
    assert.equal(await dialog.count(), 0);
    assert.equal(existsSync(join(docs, 'avviso.txt.p7m')), false);
    assert.deepEqual(shim.stats().filter((l) => /^(pinpad|login) /.test(l)), ['login user canceled']);
  });
});
