/**
 * Dispositivi → «Usa la CNS nei browser» in Debian's Chromium through the harness (issue 17), with HOME pointed at
 * a temporary folder holding a Firefox profile (profiles.ini + a profile folder) and ~/.pki/nssdb, both NSS
 * databases made by `certutil -N`, and a SoftHSM2 token with a CNS (clientAuth) and a signature certificate.
 * The panel shows each browser's state; one click registers the module in both (read back with `modutil -list`);
 * «Prova l'accesso» asks the PIN in the PIN dialog and NSS's tstclnt authenticates to Sigla's loopback server with
 * the CNS certificate, which the panel names; one click removes the registration. axe-clean at every step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const hasTool = (t: string): boolean => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;
const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : false) || (!['modutil', 'certutil', 'tstclnt'].every(hasTool) ? 'libnss3-tools missing' : false);

describe('Dispositivi: the CNS in the browsers', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let home: string;
  let nssdb: string;
  let profile: string;
  let docs: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const listed = (dir: string): string => tool('modutil', ['-list', '-dbdir', `sql:${dir}`], { ...tok.env, HOME: home }).stdout;

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'CNS Ufficio', identities: [pki.auth, pki.signer] });
    home = mkdtempSync(join(tmpdir(), 'sigla-e2e-home-'));
    nssdb = join(home, '.pki', 'nssdb');
    const ff = join(home, '.mozilla', 'firefox');
    profile = join(ff, 'x1y2z3.default-esr');
    for (const d of [nssdb, profile]) {
      mkdirSync(d, { recursive: true });
      assert.equal(tool('certutil', ['-N', '--empty-password', '-d', `sql:${d}`]).status, 0);
    }
    writeFileSync(join(ff, 'profiles.ini'), '[Profile0]\nName=default-esr\nIsRelative=1\nPath=x1y2z3.default-esr\nDefault=1\n\n[General]\nStartWithLastProfile=1\n');
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-browsers-docs-'));
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, HOME: home, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-browsers-data-')) } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    cleanup(pki.dir, tok.dir, home, docs);
  });

  it('shows each browser\'s state, registers with one click, proves the sign-in with the CNS certificate, removes with one click', async () => {
    const problems: string[] = [];
    await page.goto(harness.url);
    await page.getByRole('navigation').getByText('Dispositivi', { exact: true }).click();
    const panel = page.getByRole('region', { name: 'Usa la CNS nei browser' });
    await panel.waitFor({ timeout: 20_000 });
    const row = (name: RegExp) => panel.getByRole('row', { name });
    await row(/Firefox/).getByText('non registrato').waitFor({ timeout: 20_000 });
    await row(/Chrome, Chromium, Edge/).getByText('non registrato').waitFor();
    await panel.getByText(/Per l'accesso ai siti \(CNS\): .*CNS Ufficio:CNS/).waitFor();
    await panel.getByText(/Solo per firmare, non per i siti: .*CNS Ufficio:Firma/).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'browsers-status.png'), fullPage: true });
    problems.push(...(await axe(page, 'browsers-status')));

    await panel.getByRole('button', { name: 'Registra nei browser' }).click();
    await panel.getByText('Fatto: il dispositivo è registrato nei browser', { exact: false }).waitFor({ timeout: 30_000 });
    assert.equal(await panel.getByText('registrato da Sigla').count(), 2);
    for (const d of [nssdb, profile]) assert.match(listed(d), /Sigla: libsofthsm2\.so[\s\S]*token: CNS Ufficio/);
    problems.push(...(await axe(page, 'browsers-registered')));

    await panel.getByRole('button', { name: 'Prova l\'accesso con Firefox, profilo default-esr' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 20_000 });
    problems.push(...(await axe(page, 'browsers-pin')));
    await dialog.locator('input[type=password]').first().fill(tok.pin);
    await dialog.locator('input[type=password]').first().press('Enter');
    const ok = panel.locator('.callout-ok');
    await ok.waitFor({ timeout: 40_000 }).catch(async (e: unknown) => {
      throw new Error(`no sign-in result; the panel says: ${await panel.innerText()}`, { cause: e });
    });
    const text = await ok.innerText();
    assert.match(text, /Accesso riuscito/);
    assert.match(text, /RSSMRA80A01H501U\/7420000000000001/, 'the CNS certificate was offered');
    assert.match(text, /\(autenticazione\)/);
    await page.screenshot({ path: join(SHOTS, 'browsers-tested.png'), fullPage: true });
    problems.push(...(await axe(page, 'browsers-tested')));

    await panel.getByRole('button', { name: 'Rimuovi dai browser' }).click();
    await panel.getByText('Fatto: la registrazione di Sigla è stata rimossa', { exact: false }).waitFor({ timeout: 30_000 });
    for (const d of [nssdb, profile]) assert.doesNotMatch(listed(d), /libsofthsm2/);
    assert.deepEqual(problems, []);
  });
});
