/**
 * Renewal reminders end to end (Chromium through the browser harness): a SoftHSM2 token whose signing certificate
 * expires in 40 days. Listing certificates (Certificati) remembers it and the banner says it expires in 40 days
 * (the 60-day reminder) with the office's instructions under "Cosa fare"; "Rimanda", used from the keyboard, hides
 * it and it stays hidden after a reload; with the certificate already remembered the banner is there at start, on
 * any screen. axe finds no serious or critical violation with the banner visible; screenshot reminder-banner.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness, type Harness } from '../harness/uiBrowser.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false);
const INSTRUCTIONS = 'Prenota il rinnovo allo sportello 3 del Protocollo (tel. 0123 456789, protocollo@comune.example.it) e porta il dispositivo e un documento di identità.';

describe('renewal reminders in the app', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let data: string;
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const env = (dataDir: string): NodeJS.ProcessEnv => ({ ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: dataDir });

  before(async () => {
    // 41 days from now: 40 whole days left while the test runs, as the certificate list counts them.
    pki = makeTestPki({ signerDays: 41 });
    tok = makeTestToken({ label: 'Chiavetta Rossi', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-rem-docs-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-rem-data-'));
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ renewalInstructions: INSTRUCTIONS }));
    harness = await startHarness({ port: 0, docs, lang: 'it', env: env(data) });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, docs, data);
  });

  const banner = (): ReturnType<Page['locator']> => page.locator('section.reminder-banner');

  it('no banner before the certificate was ever seen', async () => {
    // Verifica lists no certificate (Firma's «Chi firma» and Certificati do: then the certificate counts as seen).
    await page.goto(`${harness.url}#/verifica`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForTimeout(500);
    assert.equal(await banner().count(), 0);
  });

  it('after listing certificates the banner says 40 days, the 60-day reminder, with the office instructions', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Certificati', exact: true }).click();
    await page.getByText('MARIO ROSSI').first().waitFor({ timeout: 20_000 });
    await banner().waitFor({ timeout: 10_000 });
    const item = banner().locator('li');
    assert.equal(await item.count(), 1, 'only the signing certificate, not the CNS one');
    assert.match(await item.innerText(), /Il certificato di firma di MARIO ROSSI scade tra 40 giorni, il \d+ \w+ \d{4}\./);
    assert.equal(await item.getAttribute('data-threshold'), '60');
    assert.equal(await banner().getByRole('heading', { name: 'Certificato di firma in scadenza' }).count(), 1);
    const what = banner().getByRole('button', { name: 'Cosa fare' });
    assert.equal(await what.getAttribute('aria-expanded'), 'false');
    assert.equal(await banner().getByText(INSTRUCTIONS).isVisible(), false);
    await what.focus();
    await page.keyboard.press('Enter');
    assert.equal(await what.getAttribute('aria-expanded'), 'true');
    await banner().getByText(INSTRUCTIONS).waitFor();
    await page.screenshot({ path: join(SHOTS, 'reminder-banner.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Certificati + promemoria'), []);
  });

  it('shows on every screen', async () => {
    for (const name of ['Firma', 'Verifica', 'Impostazioni']) {
      await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      assert.equal(await banner().locator('li').count(), 1, name);
    }
  });

  it('"Rimanda" from the keyboard hides it, and it stays hidden after a reload', async () => {
    const snooze = banner().getByRole('button', { name: 'Rimanda il promemoria per MARIO ROSSI' });
    await snooze.focus();
    await page.keyboard.press('Enter');
    await banner().waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'main', 'focus goes to the main area, not lost');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Certificati', exact: true }).click();
    await page.getByText('MARIO ROSSI').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    assert.equal(await banner().count(), 0);
    assert.match(readFileSync(join(data, 'reminders.json'), 'utf8'), /"threshold": 60/);
  });

  it('with the certificate already remembered, the banner is there at start', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'sigla-rem-data2-'));
    copyFileSync(join(data, 'certificates.json'), join(fresh, 'certificates.json'));
    const second = await startHarness({ port: 0, docs, lang: 'it', env: env(fresh) });
    try {
      await page.goto(second.url);
      await banner().waitFor({ timeout: 10_000 });
      assert.match(await banner().locator('li').innerText(), /scade tra 40 giorni/);
      assert.equal(await page.getByRole('heading', { level: 1 }).first().innerText(), 'Firma');
    } finally {
      await second.close();
      cleanup(fresh);
    }
  });
});
