/**
 * End to end in Debian's Chromium through the browser harness (`npm run test:e2e`): the renderer opens in Italian,
 * the five sections are reachable by name with the keyboard, the SoftHSM2 token's label shows under Dispositivi,
 * signing a file from the UI (PIN typed in the dialog) gives a .p7m that `openssl cms -verify` accepts, verifying it
 * in Verifica says the signature is valid, and axe finds no serious or critical violation on any screen.
 * Screenshots go to test-artifacts/e2e/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false);

describe('desktop UI through the browser harness', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Ufficio Protocollo', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-docs-'));
    writeFileSync(join(docs, 'determina.txt'), 'Determina n. 42: è approvata.\n');
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-data-')) } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, docs);
  });

  it('opens in Italian with the five sections, reachable and accessible', async () => {
    await page.goto(harness.url);
    assert.equal(await page.getAttribute('html', 'lang'), 'it');
    const problems: string[] = [];
    for (const name of ['Firma', 'Verifica', 'Dispositivi', 'Certificati', 'Impostazioni']) {
      const link = page.getByRole('navigation').getByRole('link', { name, exact: true }).or(page.getByRole('navigation').getByRole('button', { name, exact: true }));
      await link.first().focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, `${name.toLowerCase()}.png`), fullPage: true });
      problems.push(...(await axe(page, name)));
    }
    assert.deepEqual(problems, []);
  });

  it('shows the token label under Dispositivi', async () => {
    await page.getByRole('navigation').getByText('Dispositivi', { exact: true }).click();
    await page.getByText('Ufficio Protocollo').first().waitFor({ timeout: 15_000 });
  });

  it('signs a file from the UI: PIN in the dialog, a .p7m openssl accepts', async () => {
    await page.getByRole('navigation').getByText('Firma', { exact: true }).click();
    await page.getByRole('button', { name: /Scegli i file/ }).click();
    await page.getByText('determina.txt').first().waitFor();
    await page.getByRole('button', { name: /^Firma \d+ document[oi]$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SHOTS, 'pin-dialog.png') });
    problems(await axe(page, 'PIN dialog'));
    await dialog.locator('input[type=password]').fill(tok.pin);
    await dialog.locator('input[type=password]').press('Enter');
    await page.getByText('determina.txt.p7m').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'firma-risultato.png'), fullPage: true });
    const out = join(docs, 'determina.txt.p7m');
    assert.ok(existsSync(out), readdirSync(docs).join(', '));
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, 'Determina n. 42: è approvata.\n');
  });
});

describe('browser harness access', { skip }, () => {
  it('refuses a WebSocket without the per-run token', async () => {
    const docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-ws-'));
    const h = await startHarness({ port: 0, docs, lang: 'it' });
    try {
      const base = new URL(h.url);
      const tryToken = (token: string): Promise<string> =>
        new Promise((resolve) => {
          const ws = new WebSocket(`ws://${base.host}/ws?token=${encodeURIComponent(token)}`);
          ws.on('open', () => {
            ws.close();
            resolve('open');
          });
          ws.on('error', () => resolve('refused'));
          ws.on('unexpected-response', () => resolve('refused'));
        });
      assert.equal(await tryToken('wrong-token'), 'refused');
      assert.equal(await tryToken(''), 'refused');
      assert.equal(await tryToken(base.searchParams.get('token') ?? ''), 'open');
    } finally {
      await h.close();
      cleanup(docs);
    }
  });
});

function problems(list: string[]): void {
  assert.deepEqual(list, []);
}
