/**
 * Firma as a clerk uses it, in Debian's Chromium through the browser harness (SoftHSM2 token): who will sign (device,
 * PIN state, signature certificate with holder, issuer, expiry, qualified) is shown before anything is signed and the
 * certificate is chosen there (openssl reads the signer of the .p7m: the one chosen); with ten files at 1280×800 the
 * action bar stays in the window; the preview draws a PDF page with pdfjs and shows a text file as text; "Apri"
 * reaches main only for a file Sigla wrote; with no device, "Collega il dispositivo di firma" and where Sigla looked.
 * axe-clean throughout; screenshots in test-artifacts/e2e/.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, SOFTHSM_MODULE, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false);
const LONG = 'Determinazione_dirigenziale_n_1234_del_2025_affidamento_servizio_manutenzione_impianti_termici_edifici_comunali.txt';

describe('Firma: who signs, the action bar, the preview, Apri', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  let picked: string[] = [];
  const opened: string[] = [];

  before(async () => {
    pki = makeTestPki();
    // Two signature certificates (ROSSI MARIO, BIANCHI LUCIA) and a CNS authentication one, which is never offered.
    tok = makeTestToken({ label: 'Protocollo Generale', identities: [pki.signer, pki.auth, pki.ecSigner], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-firma-'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    writeFileSync(join(docs, 'nota.txt'), 'Nota di trasmissione: si trasmette la delibera n. 7 all’albo.\n');
    writeFileSync(join(docs, LONG), 'x\n');
    for (let i = 1; i <= 7; i++) writeFileSync(join(docs, `allegato ${i} - relazione tecnica illustrativa del progetto esecutivo.txt`), `Allegato ${i}\n`);
    harness = await startHarness({
      port: 0,
      docs,
      lang: 'it',
      env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-firma-data-')) },
      pick: async () => picked,
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
    cleanup(pki.dir, tok.dir, docs);
  });

  it('shows the device and the signature certificate before anything is signed', async () => {
    await page.goto(harness.url);
    const panel = page.getByRole('region', { name: 'Chi firma' });
    await panel.getByText('Protocollo Generale').first().waitFor({ timeout: 20_000 });
    await panel.getByText('PIN a posto').waitFor();
    const choices = panel.getByRole('group', { name: 'Certificato di firma da usare' });
    await choices.waitFor({ timeout: 20_000 });
    const options = await choices.getByRole('radio').count();
    assert.equal(options, 2, 'the two signature certificates, not the CNS authentication one');
    const labels = (await choices.locator('label').allInnerTexts()).join('\n');
    assert.match(labels, /MARIO ROSSI/);
    assert.match(labels, /LUCIA BIANCHI/);
    assert.doesNotMatch(labels, /RSSMRA80A01H501U\/7420/);
    const facts = await panel.locator('dl.signer-facts').innerText();
    assert.match(facts, /Titolare\n(MARIO ROSSI|LUCIA BIANCHI)/);
    assert.match(facts, /Emesso da\n\S+/);
    // Italian long date, the certificate's expiry about a year from now.
    assert.match(facts, new RegExp(`Scadenza\\n\\d{1,2} \\p{L}+ (${new Date().getFullYear() + 1}|${new Date().getFullYear()})`, 'u'));
    assert.match(facts, /Certificato\nqualificato/);
    // Nothing chosen yet: the action says why it cannot run.
    const action = page.getByRole('button', { name: 'Firma', exact: true });
    assert.equal(await action.isDisabled(), true);
    await page.getByText('Scegli almeno un documento da firmare.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'firma-chi-firma.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (chi firma)'), []);
  });

  it('keeps the action bar in the window with ten files at 1280×800, long names wrapped', async () => {
    picked = ['determina.pdf', 'nota.txt', LONG, ...Array.from({ length: 7 }, (_, i) => `allegato ${i + 1} - relazione tecnica illustrativa del progetto esecutivo.txt`)].map((n) => join(docs, n));
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    const rows = page.locator('table.files-table tbody tr');
    await page.getByRole('button', { name: 'Firma 10 documenti' }).waitFor();
    assert.equal(await rows.count(), 10);
    await page.evaluate('window.scrollTo(0, 0)');
    const bar = await page.getByRole('region', { name: 'Firma dei documenti scelti' }).boundingBox();
    assert.ok(bar, 'the action bar is laid out');
    assert.ok(bar.y >= 0 && bar.y + bar.height <= 800, `action bar at y=${bar.y}, height ${bar.height}, outside 800 px`);
    const button = await page.getByRole('button', { name: 'Firma 10 documenti' }).boundingBox();
    assert.ok(button && button.y >= 0 && button.y + button.height <= 800, JSON.stringify(button));
    // The long name wraps inside its cell (no horizontal overflow), and ordinary names break between words only.
    const overflow = (await page.evaluate(`(() => {
      const cells = [...document.querySelectorAll('table.files-table .file-name-text')];
      return { wide: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length, page: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        broken: cells.filter((c) => c.textContent.startsWith('allegato')).some((c) => { const r = document.createRange(); r.selectNodeContents(c); const lines = [...r.getClientRects()].length; return lines > 1 && !/\\s/.test(c.textContent); }) };
    })()`)) as { wide: number; page: boolean; broken: boolean };
    assert.deepEqual(overflow, { wide: 0, page: false, broken: false });
    const wordBreak = await page.evaluate(`(() => { const e = document.querySelector('table.files-table .file-name'); return getComputedStyle(e).wordBreak + ' ' + getComputedStyle(e).overflowWrap; })()`);
    assert.equal(wordBreak, 'normal anywhere');
    await page.screenshot({ path: join(SHOTS, 'firma-10-file.png') });
    assert.deepEqual(await axe(page, 'Firma (10 file)'), []);

    // At 800×600 too: no horizontal scroll, the action bar in the window.
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await page.evaluate('window.scrollTo(0, 0)');
      assert.equal(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'), true, 'no horizontal scroll at 800×600');
      const small = await page.getByRole('region', { name: 'Firma dei documenti scelti' }).boundingBox();
      assert.ok(small && small.y >= 0 && small.y + small.height <= 600, JSON.stringify(small));
      await page.screenshot({ path: join(SHOTS, 'firma-10-file-800x600.png') });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('previews a PDF page (pdfjs canvas) and a text file as text', async () => {
    await page.getByRole('button', { name: 'Anteprima di determina.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Anteprima di determina.pdf' });
    const canvas = dialog.locator('canvas[data-page="1"]');
    await canvas.waitFor({ timeout: 20_000 });
    // Drawn: the page has dark pixels (text), not only a blank surface.
    const inked = await page.evaluate(`(() => { const c = document.querySelector('dialog canvas[data-page="1"]'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 3] > 0) n++; return n; })()`);
    assert.ok(Number(inked) > 100, `dark pixels: ${String(inked)}`);
    await page.screenshot({ path: join(SHOTS, 'firma-anteprima-pdf.png') });
    assert.deepEqual(await axe(page, 'Firma (anteprima PDF)'), []);
    await dialog.getByRole('button', { name: 'Chiudi' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Anteprima di nota.txt' }).click();
    const text = page.getByRole('dialog', { name: 'Anteprima di nota.txt' });
    await text.getByRole('region', { name: 'Contenuto di nota.txt' }).getByText('Nota di trasmissione: si trasmette la delibera n. 7 all’albo.').waitFor({ timeout: 10_000 });
    assert.deepEqual(await axe(page, 'Firma (anteprima testo)'), []);
    await page.keyboard.press('Escape');
    await text.waitFor({ state: 'detached' });
  });

  it('signs with the certificate chosen here; "Apri" opens only what Sigla wrote', async () => {
    await page.getByRole('button', { name: 'Ricomincia' }).click();
    picked = [join(docs, 'nota.txt')];
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    const panel = page.getByRole('region', { name: 'Chi firma' });
    await panel.getByRole('radio', { name: /LUCIA BIANCHI/ }).check();
    await panel.locator('dl.signer-facts').getByText('LUCIA BIANCHI').waitFor();
    await page.getByText('Firmerà LUCIA BIANCHI con «Protocollo Generale».').waitFor();
    await page.getByRole('button', { name: 'Firma 1 documento' }).click();
    const pin = page.getByRole('dialog');
    await pin.waitFor({ timeout: 15_000 });
    await pin.locator('input[type=password]').fill(tok.pin);
    await pin.locator('input[type=password]').press('Enter');
    const openButton = page.getByRole('button', { name: 'Apri nota.txt.p7m' });
    await openButton.waitFor({ timeout: 30_000 });

    // openssl names the signer: the certificate chosen under "Chi firma", not the first one.
    const out = join(docs, 'nota.txt.p7m');
    const certOut = join(docs, 'signer.pem');
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any', '-signer', certOut, '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
    assert.match(tool('openssl', ['x509', '-in', certOut, '-noout', '-subject']).stdout, /CN ?= ?BIANCHI LUCIA/);

    await openButton.click();
    for (let i = 0; i < 50 && opened.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(opened, [out]);
    // A document the user chose (an input) is not launched, whatever the page asks.
    const refused = (await page.evaluate(`window.sigla.invoke('documents:pick', { purpose: 'sign' }).then((r) => window.sigla.invoke('documents:open', { document: r.value[0].id }))`)) as { ok: boolean; error?: { code: string } };
    assert.equal(refused.ok, false);
    assert.equal(refused.error?.code, 'USAGE');
    assert.deepEqual(opened, [out]);
    await page.screenshot({ path: join(SHOTS, 'firma-risultato-apri.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (risultato)'), []);
  });
});

describe('Firma with no signing device', { skip }, () => {
  let docs: string;
  let hsm: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    // SoftHSM2 with no token at all: the module loads and shows no device.
    hsm = mkdtempSync(join(tmpdir(), 'sigla-e2e-nohsm-'));
    mkdirSync(join(hsm, 'tokens'));
    writeFileSync(join(hsm, 'softhsm2.conf'), `directories.tokendir = ${join(hsm, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-firma-none-'));
    writeFileSync(join(docs, 'nota.txt'), 'Nota.\n');
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SOFTHSM2_CONF: join(hsm, 'softhsm2.conf'), SIGLA_MODULE: SOFTHSM_MODULE, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-firma-none-data-')) } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(docs, hsm);
  });

  it('says "Collega il dispositivo di firma", where Sigla looked, and keeps Firma off', async () => {
    await page.goto(harness.url);
    const panel = page.getByRole('region', { name: 'Chi firma' });
    await panel.getByRole('heading', { name: 'Collega il dispositivo di firma' }).waitFor({ timeout: 20_000 });
    await panel.getByText('Sigla ha cercato il dispositivo con questi programmi:').waitFor({ timeout: 20_000 });
    await panel.getByText(SOFTHSM_MODULE).waitFor();
    await panel.getByText('nessun dispositivo collegato').waitFor();
    await page.getByRole('button', { name: 'Scegli i file da firmare' }).click();
    const action = page.getByRole('button', { name: 'Firma 1 documento' });
    await action.waitFor();
    assert.equal(await action.isDisabled(), true);
    await page.getByText('Collega il dispositivo di firma.', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'firma-nessun-dispositivo.png'), fullPage: true });
    assert.deepEqual(await axe(page, 'Firma (nessun dispositivo)'), []);
  });
});
