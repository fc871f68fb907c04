/**
 * End to end in Debian's Chromium through the browser harness: PINs as a user meets them.
 *  - Firma on a SoftHSM2 token: a wrong PIN first, the dialog asks again saying it was wrong, then the right PIN; the
 *    .p7m is produced and `openssl cms -verify` accepts it.
 *  - Dispositivi on openCryptoki's soft token (which really counts and locks; its SO PIN is the PUK, profile
 *    `so-initpin`): a wrong "Verifica PIN" shows the new state; the PIN, locked from outside with pkcs11-tool, shows
 *    as locked by itself (hot-plug polling); the guided unblock (what the PUK is → tries and risks → "Ho capito,
 *    continua" → PUK → new PIN twice, a malformed one refused before any try) unblocks it, and a PIN change follows.
 *    Every state is checked independently with `pkcs11-tool`; the token is left fresh for the other suites.
 * axe (WCAG 2.1 A/AA: no serious or critical violation) runs on the devices screen and on every step of the unblock
 * and PIN dialogs; screenshots go to test-artifacts/e2e/devices-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { tool } from '../helpers/cli.js';
import { freshOpencryptokiToken, ocFlags, opencryptokiUnavailable, userLogin, wrongUserLogin, type OcToken } from '../helpers/opencryptoki.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const baseSkip = browserUnavailable();
const ocUnavailable = opencryptokiUnavailable();

async function launch(): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  return { browser, page };
}

async function shotAndAxe(page: Page, name: string, problems: string[]): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `devices-${name}.png`), fullPage: true });
  problems.push(...(await axe(page, name)));
}

/** The state badge of a device card. */
const badge = (card: Locator, text: string): Locator => card.locator('.badge', { hasText: text });

/** Types into the dialog's password fields (one, or the new PIN and its repetition) and confirms with Enter. */
async function typeInDialog(dialog: Locator, ...values: string[]): Promise<void> {
  const fields = dialog.locator('input[type=password]');
  for (const [i, v] of values.entries()) await fields.nth(i).fill(v);
  await fields.first().press('Enter');
}

describe('Firma: a wrong PIN, then the right one (SoftHSM2)', { skip: baseSkip || (!hasSoftHsm() ? 'SoftHSM2 missing' : false) }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Ufficio Ragioneria', identities: [pki.signer], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-devices-docs-'));
    writeFileSync(join(docs, 'mandato.txt'), 'Mandato di pagamento n. 7.\n');
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-devices-data-')) } });
    ({ browser, page } = await launch());
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, docs);
  });

  it('asks again saying the PIN was wrong, never reusing it; the right PIN signs; openssl accepts the .p7m', async () => {
    const problems: string[] = [];
    await page.goto(harness.url);
    await page.getByRole('navigation').getByText('Firma', { exact: true }).click();
    await page.getByRole('button', { name: /Scegli i file/ }).click();
    await page.getByText('mandato.txt').first().waitFor();
    await page.getByRole('button', { name: /^Firma \d+ document[oi]$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    assert.equal(await dialog.getByText('Il PIN inserito non è corretto', { exact: false }).count(), 0, 'no error line on the first prompt');
    await typeInDialog(dialog, '000000');
    // A new prompt for a new PIN: the error line says why, the field is empty.
    await page.getByText('Il PIN inserito non è corretto', { exact: false }).waitFor({ timeout: 15_000 });
    assert.equal(await dialog.locator('input[type=password]').inputValue(), '', 'the wrong PIN is not kept in the field');
    await shotAndAxe(page, 'firma-pin-retry', problems);
    await typeInDialog(dialog, tok.pin);
    await page.getByText('mandato.txt.p7m').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'devices-firma-after-retry.png'), fullPage: true });
    const out = join(docs, 'mandato.txt.p7m');
    assert.ok(existsSync(out), readdirSync(docs).join(', '));
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, 'Mandato di pagamento n. 7.\n');
    assert.deepEqual(problems, []);
  });
});

describe('Dispositivi: PIN state, unblock with the PUK, change the PIN (openCryptoki)', { skip: baseSkip || (ocUnavailable ? `openCryptoki unavailable: ${ocUnavailable}` : false) }, () => {
  const PIN = '1357Pin';
  const SO = '8642Puk';
  const NEW_PIN = '2468New';
  const NEWER_PIN = '9753Nwr';
  let tok: OcToken;
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  let card: Locator;
  const problems: string[] = [];

  before(async () => {
    tok = await freshOpencryptokiToken({ label: 'Protocollo OC', userPin: PIN, soPin: SO });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-devices-oc-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-devices-ocdata-'));
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: data } });
    ({ browser, page } = await launch());
    card = page.locator('li.device', { hasText: tok.label });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(docs, data);
    // Leave openCryptoki as its helpers expect: a fresh token with the default label and PINs.
    if (!ocUnavailable) await freshOpencryptokiToken();
  });

  it('shows the token with PIN and PUK state; a wrong "Verifica PIN" says so with the new state', async () => {
    await page.goto(`${harness.url}#/dispositivi`);
    await card.waitFor({ timeout: 15_000 });
    await badge(card, 'PIN a posto').waitFor();
    await badge(card, 'PUK a posto').waitFor();
    // The module behind it, loaded, with its one device.
    const row = page.getByRole('row', { name: /openCryptoki/ });
    await row.getByText('caricato').waitFor({ timeout: 15_000 });
    assert.match(await row.innerText(), /libopencryptoki\.so\.0\s+1\s+caricato/);
    await shotAndAxe(page, 'screen', problems);
    await card.getByRole('button', { name: 'Verifica PIN' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    await typeInDialog(dialog, 'Wr0ng99');
    const outcome = card.locator('.pin-outcome');
    await outcome.waitFor({ timeout: 15_000 });
    assert.match(await outcome.innerText(), /Verifica del PIN non riuscita[\s\S]*PIN errato[\s\S]*PIN: pochi tentativi rimasti; PUK: a posto/);
    assert.equal(await page.evaluate("document.activeElement?.classList.contains('pin-outcome')"), true, 'the outcome takes focus');
    assert.equal(ocFlags(tok).userPin, 'countLow');
    await shotAndAxe(page, 'check-wrong', problems);
  });

  it('a PIN locked from outside shows as locked by itself (hot-plug polling)', async () => {
    wrongUserLogin(tok);
    wrongUserLogin(tok);
    assert.equal(ocFlags(tok).userPin, 'locked');
    await badge(card, 'PIN bloccato').waitFor({ timeout: 15_000 });
    assert.equal(await card.getByRole('button', { name: 'Verifica PIN' }).isDisabled(), true, 'a locked PIN is not offered for a try');
    await card.getByText('sbloccalo con il PUK').waitFor();
    await shotAndAxe(page, 'locked', problems);
  });

  it('unblock: warnings first, "Ho capito, continua", PUK, new PIN twice (a bad one refused at no cost); pkcs11-tool agrees', async () => {
    const opener = card.getByRole('button', { name: 'Sblocca con PUK' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Passo 1 di 3').waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /busta cieca[\s\S]*lettera di attivazione/);
    assert.equal(await page.evaluate('document.activeElement?.tagName'), 'H3', 'the step heading has focus');
    await shotAndAxe(page, 'unblock-1-puk', problems);
    await dialog.getByRole('button', { name: 'Avanti' }).click();
    await dialog.getByText('Passo 2 di 3').waitFor();
    const risk = await dialog.innerText();
    assert.match(risk, /Tentativi del PUK/);
    assert.match(risk, /BusinessKey/);
    assert.match(risk, /non provare a indovinare/);
    await shotAndAxe(page, 'unblock-2-risk', problems);
    // Nothing has been asked or spent so far.
    assert.equal(ocFlags(tok).soPin, 'ok');
    await dialog.getByRole('button', { name: 'Ho capito, continua' }).click();

    await page.getByRole('dialog').getByRole('heading', { name: 'Inserisci il PUK' }).waitFor({ timeout: 15_000 });
    assert.match(await page.getByRole('dialog').innerText(), /busta cieca/);
    await shotAndAxe(page, 'unblock-3-puk-field', problems);
    await typeInDialog(page.getByRole('dialog'), SO);

    const newPin = page.getByRole('dialog');
    await newPin.getByRole('heading', { name: 'Scegli il nuovo PIN' }).waitFor({ timeout: 15_000 });
    assert.match(await newPin.innerText(), /da 4 a 8 caratteri/);
    // Too short: refused in the dialog; the PUK is not spent.
    await typeInDialog(newPin, '12', '12');
    await newPin.getByText('Questo PIN non va bene').waitFor();
    // Different repetitions: refused too.
    await typeInDialog(newPin, NEW_PIN, NEWER_PIN);
    await newPin.getByText('I due PIN non coincidono').waitFor();
    assert.equal(ocFlags(tok).soPin, 'ok');
    assert.equal(ocFlags(tok).userPin, 'locked');
    await shotAndAxe(page, 'unblock-4-new-pin', problems);
    await typeInDialog(newPin, NEW_PIN, NEW_PIN);

    const result = page.getByRole('dialog');
    await result.getByText('Passo 3 di 3').waitFor({ timeout: 15_000 });
    assert.match(await result.innerText(), /PIN sbloccato[\s\S]*PIN: a posto; PUK: a posto/);
    await shotAndAxe(page, 'unblock-5-result', problems);
    await result.getByRole('button', { name: 'Chiudi' }).click();
    await badge(card, 'PIN a posto').waitFor({ timeout: 15_000 });

    const f = ocFlags(tok);
    assert.deepEqual([f.userPin, f.soPin], ['ok', 'ok'], f.raw);
    assert.ok(userLogin(tok, NEW_PIN).ok, 'pkcs11-tool logs in with the new PIN');
    assert.equal(ocFlags(tok).userPin, 'ok');
  });

  it('change the PIN: current, then the new one twice; pkcs11-tool logs in with the new PIN only', async () => {
    await card.getByRole('button', { name: 'Cambia PIN' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Inserisci il PIN attuale' }).waitFor({ timeout: 15_000 });
    await typeInDialog(dialog, NEW_PIN);
    await dialog.getByRole('heading', { name: 'Scegli il nuovo PIN' }).waitFor({ timeout: 15_000 });
    await typeInDialog(dialog, NEWER_PIN, NEWER_PIN);
    const outcome = card.locator('.pin-outcome');
    await outcome.getByText('PIN cambiato').waitFor({ timeout: 15_000 });
    await shotAndAxe(page, 'changed', problems);
    assert.ok(userLogin(tok, NEWER_PIN).ok, 'pkcs11-tool logs in with the new PIN');
    assert.equal(userLogin(tok, NEW_PIN).rv, 'CKR_PIN_INCORRECT', 'the old one no longer works');
    assert.deepEqual(problems, []);
  });
});
