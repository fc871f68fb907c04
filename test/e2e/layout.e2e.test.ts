/**
 * Look and layout (issue 14) in Debian's Chromium through the browser harness. Every screen (Firma with ten files,
 * Verifica with a report, Dispositivi and Certificati with a SoftHSM2 token, Impostazioni), in the light and the dark
 * theme (the `theme` setting, saved through settings:update and applied on <html data-theme> at start), at 800×600
 * and 1280×800: no element overflows horizontally (the document does not scroll sideways, and every element's right
 * edge is inside the viewport and inside its clipping or scrolling ancestor, read from the DOM); axe finds no serious
 * or critical WCAG 2.1 A/AA violation, colour contrast included; at 1280×800 the screen's primary action is in view
 * without scrolling. The signature placement and PIN dialogs too, at 800×600. The theme "system" follows
 * `prefers-color-scheme`, and form controls follow the theme through `color-scheme`. Screenshots of every screen in
 * both themes, as the window shows it: test-artifacts/e2e/layout-<theme>-<screen>-<size>.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false);

type Theme = 'light' | 'dark';
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const;
const LONG_NAME = 'determina-dirigenziale-n-2026-00042-servizio-protocollo-informatico-e-gestione-documentale-allegato-tecnico.txt';

interface ScreenCase {
  nav: string;
  slug: string;
  /** The screen's primary action (what must be in view at 1280×800 without scrolling). */
  primary: (page: Page) => Locator;
}

const SCREENS: readonly ScreenCase[] = [
  { nav: 'Firma', slug: 'firma', primary: (p) => p.locator('main button[type=submit]').first() },
  { nav: 'Verifica', slug: 'verifica', primary: (p) => p.locator('main').getByRole('button', { name: /^Scegli/ }).first() },
  { nav: 'Dispositivi', slug: 'dispositivi', primary: (p) => p.locator('main .device button').first() },
  { nav: 'Certificati', slug: 'certificati', primary: (p) => p.getByRole('button', { name: /^Esporta/ }).first() },
  { nav: 'Impostazioni', slug: 'impostazioni', primary: (p) => p.locator('main button').first() },
];

/**
 * What overflows horizontally, read from the layout: the document wider than the viewport, any element whose right
 * edge passes the viewport's or that of its nearest ancestor which clips or scrolls (a table cut inside its card, a
 * button pushed out of view), and any scrolling box that scrolls sideways. Empty boxes are ignored.
 */
const OVERFLOWING = `(() => {
  const root = document.documentElement;
  const found = [];
  const name = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return '<' + el.tagName.toLowerCase() + id + cls + '> «' + text + '»';
  };
  if (root.scrollWidth > root.clientWidth) found.push('document: scrollWidth ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
    let limit = root.clientWidth;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') {
        limit = Math.min(limit, a.getBoundingClientRect().right);
        break;
      }
    }
    if (r.right > limit + 0.5) found.push(name(el) + ': right edge ' + Math.round(r.right) + ' > ' + Math.round(limit));
    if (r.left < -0.5 && style.position !== 'absolute') found.push(name(el) + ': left edge ' + Math.round(r.left) + ' < 0');
    const ox = style.overflowX;
    if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) found.push(name(el) + ': scrolls sideways (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  return found;
})()`;

function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(OVERFLOWING) as Promise<string[]>;
}

/** The primary action's box, at the top of the page: in view, within the viewport's height. */
async function inViewAtTop(page: Page, target: Locator): Promise<string | null> {
  await page.evaluate('window.scrollTo(0, 0)');
  await target.waitFor({ state: 'visible' });
  const box = await target.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) return 'no box';
  return box.y >= 0 && box.y + box.height <= viewport.height ? null : `from ${Math.round(box.y)} to ${Math.round(box.y + box.height)}, viewport ${viewport.height} high`;
}

/** The background colour the body paints, as the browser computed it. */
function bodyBackground(page: Page): Promise<string> {
  return page.evaluate('getComputedStyle(document.body).backgroundColor') as Promise<string>;
}

describe('look and layout: both themes, 800×600 and 1280×800', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Ufficio Protocollo', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-layout-'));
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'determina.pdf'));
    writeFileSync(join(docs, LONG_NAME), 'Allegato tecnico.\n');
    writeFileSync(join(docs, 'relazione.txt'), 'Relazione annuale.\n');
    // Ten documents in Firma in all: its action must stay in view at 1280×800 however long the list.
    for (let i = 1; i <= 7; i++) writeFileSync(join(docs, `allegato-${i}.txt`), `Allegato ${i}.\n`);
    const signed = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-outform', 'DER', '-md', 'sha256', '-in', join(docs, 'relazione.txt'), '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-out', join(docs, 'relazione.txt.p7m')]);
    assert.equal(signed.status, 0, signed.stderr);
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-layout-data-')) } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: SIZES[1] });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, docs);
  });

  /** Saves the theme as Impostazioni would (settings:update) and opens the app again, which applies it at start. */
  async function openWithTheme(theme: 'system' | Theme): Promise<void> {
    await page.goto(harness.url);
    const saved = await page.evaluate(`window.sigla.invoke('settings:update', { theme: '${theme}' })`);
    assert.equal((saved as { ok: boolean }).ok, true, JSON.stringify(saved));
    await page.goto(harness.url);
    await page.locator(`html[data-theme='${theme}']`).waitFor({ state: 'attached' });
  }

  async function goTo(s: ScreenCase): Promise<void> {
    await page.getByRole('navigation').getByRole('link', { name: s.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: s.nav === 'Firma' ? /Firma/ : s.nav }).first().waitFor();
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: every screen fits 800×600 and 1280×800, axe clean, primary action in view at 1280×800`, async () => {
      await page.setViewportSize(SIZES[1]);
      await openWithTheme(theme);
      // Content that stresses the layout: files to sign (a long name, a PDF), a report, a token's certificates.
      await page.getByRole('button', { name: /Scegli i file/ }).click();
      await page.getByText(LONG_NAME).first().waitFor();
      await page.getByText('determina.pdf').first().waitFor();
      await goTo(SCREENS[1]!);
      await SCREENS[1]!.primary(page).click();
      await page.getByRole('article', { name: 'relazione.txt.p7m' }).waitFor({ timeout: 60_000 });
      await goTo(SCREENS[2]!);
      await page.getByText('Ufficio Protocollo').first().waitFor({ timeout: 15_000 });
      await goTo(SCREENS[3]!);
      await page.getByRole('button', { name: /^Esporta/ }).first().waitFor({ timeout: 15_000 });

      const problems: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const s of SCREENS) {
          await goTo(s);
          const where = `${s.nav} ${theme} ${size.width}×${size.height}`;
          // What the window shows (not the full page: Firma's action bar sticks to the window's bottom edge).
          await page.screenshot({ path: join(SHOTS, `layout-${theme}-${s.slug}-${size.width}x${size.height}.png`) });
          problems.push(...(await overflowing(page)).map((p) => `${where}: ${p}`));
          problems.push(...(await axe(page, where)));
          if (size.width === 1280) {
            const off = await inViewAtTop(page, s.primary(page));
            if (off) problems.push(`${where}: primary action not in view (${off})`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('dialogs (signature placement on the page preview, PIN) fit 800×600 and pass axe in both themes', async () => {
    const problems: string[] = [];
    await page.setViewportSize(SIZES[0]);
    for (const theme of ['light', 'dark'] as const) {
      await openWithTheme(theme);
      await page.getByRole('button', { name: /Scegli i file/ }).click();
      await page.getByRole('button', { name: 'Posiziona la firma visibile su determina.pdf' }).click();
      const placement = page.getByRole('dialog');
      await placement.locator('canvas').first().waitFor({ timeout: 20_000 });
      await placement.getByRole('button', { name: 'In alto a sinistra' }).click();
      await placement.getByRole('button', { name: /Riquadro della firma/ }).waitFor();
      await page.screenshot({ path: join(SHOTS, `layout-${theme}-placement-800x600.png`) });
      problems.push(...(await overflowing(page)).map((p) => `placement ${theme}: ${p}`));
      problems.push(...(await axe(page, `placement ${theme}`)));
      await page.keyboard.press('Escape');
      await placement.waitFor({ state: 'hidden' });

      await goTo(SCREENS[2]!);
      await page.getByRole('button', { name: 'Verifica PIN' }).first().click();
      const pin = page.getByRole('dialog');
      await pin.locator('input[type=password]').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(SHOTS, `layout-${theme}-pin-800x600.png`) });
      problems.push(...(await overflowing(page)).map((p) => `PIN ${theme}: ${p}`));
      problems.push(...(await axe(page, `PIN ${theme}`)));
      await pin.getByRole('button', { name: 'Annulla' }).click();
      await pin.waitFor({ state: 'hidden' });
    }
    assert.deepEqual(problems, []);
  });

  it('theme "system" follows prefers-color-scheme; light and dark win over it; controls follow the theme', async () => {
    await page.setViewportSize(SIZES[0]);
    await page.emulateMedia({ colorScheme: 'light' });
    await openWithTheme('light');
    const light = await bodyBackground(page);
    await openWithTheme('dark');
    const dark = await bodyBackground(page);
    assert.notEqual(light, dark);
    assert.equal(await page.evaluate('getComputedStyle(document.documentElement).colorScheme'), 'dark');

    await openWithTheme('system');
    assert.equal(await bodyBackground(page), light);
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await bodyBackground(page), dark, 'the system turning dark turns the app dark at once');
    await goTo(SCREENS[4]!);
    await page.screenshot({ path: join(SHOTS, 'layout-system-dark-impostazioni-800x600.png') });
    assert.deepEqual(await axe(page, 'Impostazioni system/dark'), []);

    await openWithTheme('light');
    assert.equal(await bodyBackground(page), light, 'a light choice wins over a dark system');
    assert.equal(await page.evaluate('getComputedStyle(document.documentElement).colorScheme'), 'light');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
