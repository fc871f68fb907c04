/**
 * Impostazioni's tabs in Debian's Chromium through the browser harness: reached and switched with the keyboard alone
 * (WAI-ARIA tabs: one tab stop, arrows, Home, End; the panel follows), deep links open a tab, the theme control
 * (Aspetto: Come il sistema / Chiaro / Scuro) writes `theme` to settings.json at once with a discreet "Salvato.", and
 * no screen of it has a serious or critical axe violation.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { cleanup } from '../helpers/testPki.js';

const skip = browserUnavailable();
const TABS = ['Generale', 'Dispositivi', 'Marca temporale', 'Rete e proxy', 'Elenchi e certificati di fiducia', 'Promemoria'];

describe('Impostazioni: tabs and the theme', { skip }, () => {
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const settingsFile = (): Record<string, unknown> => JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as Record<string, unknown>;
  const selected = async (): Promise<string> => (await page.getByRole('tab', { selected: true }).textContent()) ?? '';

  before(async () => {
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-st-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-st-data-'));
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data, SIGLA_MODULE: '/nonexistent/module.so' } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(docs, data);
  });

  it('lists the sections as tabs and moves between them with the keyboard', async () => {
    await page.goto(`${harness.url}#/impostazioni`);
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    const list = page.getByRole('tablist', { name: 'Sezioni delle impostazioni' });
    assert.deepEqual(await list.getByRole('tab').allTextContents(), TABS);
    assert.equal(await selected(), 'Generale');
    // One tab stop: the selected tab only.
    assert.deepEqual(await list.getByRole('tab').evaluateAll((els) => els.map((e) => e.getAttribute('tabindex'))), ['0', '-1', '-1', '-1', '-1', '-1']);
    problems.push(...(await axe(page, 'Impostazioni (Generale)')));
    await page.screenshot({ path: join(SHOTS, 'impostazioni-schede.png'), fullPage: true });

    // Tab from the page into the tablist lands on the selected tab.
    await page.getByRole('tab', { name: 'Generale' }).focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await selected(), 'Dispositivi');
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.textContent'), 'Dispositivi');
    await page.getByRole('tabpanel', { name: 'Dispositivi' }).getByRole('heading', { level: 2, name: 'Dispositivi aggiuntivi (moduli PKCS#11)' }).waitFor();
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'Marca temporale');
    await page.getByRole('tabpanel', { name: 'Marca temporale' }).getByText('Nessun servizio di marca temporale configurato.').waitFor();
    await page.keyboard.press('End');
    assert.equal(await selected(), 'Promemoria');
    await page.getByRole('heading', { level: 2, name: 'Promemoria di rinnovo' }).waitFor();
    await page.keyboard.press('ArrowDown');
    assert.equal(await selected(), 'Generale', 'the arrows wrap around');
    await page.keyboard.press('ArrowUp');
    assert.equal(await selected(), 'Promemoria');
    await page.keyboard.press('Home');
    assert.equal(await selected(), 'Generale');
    // Tab leaves the tablist for the panel.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate("document.activeElement && document.activeElement.getAttribute('role')"), 'tabpanel');

    for (const name of TABS.slice(1)) {
      await page.getByRole('tab', { name, exact: true }).click();
      await page.getByRole('tabpanel', { name }).waitFor();
      problems.push(...(await axe(page, `Impostazioni (${name})`)));
    }
  });

  it('opens the tab a link names', async () => {
    await page.goto(`${harness.url}#/verifica`);
    await page.getByRole('link', { name: 'Vai a Impostazioni › Elenchi di fiducia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    assert.equal(await selected(), 'Elenchi e certificati di fiducia');
    await page.getByRole('heading', { level: 2, name: 'Elenchi di fiducia' }).waitFor();
  });

  it('saves the theme as soon as it is chosen', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Impostazioni', exact: true }).click();
    await page.getByRole('tab', { name: 'Generale' }).waitFor();
    const group = page.getByRole('group', { name: 'Tema' });
    assert.equal(await group.getByRole('radio', { name: 'Come il sistema' }).isChecked(), true);
    await group.getByRole('radio', { name: 'Scuro' }).check();
    await page.getByText('Salvato.').waitFor();
    assert.equal(settingsFile()['theme'], 'dark');
    assert.equal(await group.getByRole('radio', { name: 'Scuro' }).isChecked(), true);
    problems.push(...(await axe(page, 'Impostazioni (tema scuro)')));
    await page.screenshot({ path: join(SHOTS, 'impostazioni-tema-scuro.png'), fullPage: true });
    // Kept across a reload (main's settings, not the page's memory).
    await page.reload();
    await page.getByRole('group', { name: 'Tema' }).getByRole('radio', { name: 'Scuro' }).waitFor();
    for (let i = 0; i < 50 && !(await page.getByRole('radio', { name: 'Scuro' }).isChecked()); i++) await page.waitForTimeout(100);
    assert.equal(await page.getByRole('radio', { name: 'Scuro' }).isChecked(), true);
    await page.getByRole('radio', { name: 'Chiaro' }).check();
    for (let i = 0; i < 50 && settingsFile()['theme'] !== 'light'; i++) await page.waitForTimeout(100);
    assert.equal(settingsFile()['theme'], 'light');
  });

  it('saves the PEC message limit when the field is left, and refuses a value that is not a whole number of MB', async () => {
    await page.getByRole('tab', { name: 'Generale' }).click();
    const field = page.getByLabel('Dimensione massima di un messaggio PEC (MB)');
    assert.equal(await field.inputValue(), '30');
    await field.fill('0');
    await field.blur();
    await page.getByText('Scrivi un numero intero di megabyte, da 1 a 10000.').waitFor();
    assert.equal(settingsFile()['pecMaxMegabytes'], undefined);
    await field.fill('50');
    await field.blur();
    await page.getByText('Limite dei messaggi PEC salvato: 50 MB.').waitFor();
    assert.equal(settingsFile()['pecMaxMegabytes'], 50);
    problems.push(...(await axe(page, 'Impostazioni (PEC)')));
  });

  it('has no serious or critical axe violation', () => {
    assert.deepEqual(problems, []);
  });
});
