/**
 * Fetching the trusted lists from the app, end to end in Debian's Chromium through the browser harness: a LOTL → TL
 * made and signed in the test (xmlsec1), served on loopback by a child process that can hold a file back. The CLI
 * seeds the cache (`sigla trust update --lotl … --lotl-signers …`: app and CLI share it); Impostazioni's "Aggiorna
 * ora" shows its progress, can be stopped (the list in use stays), then takes the newer list. The first start of an
 * app with no usable list fetches in the background with a non-blocking banner, and says when that failed (offline:
 * nothing changes). axe on each state. Screenshots: test-artifacts/e2e/trustlists-update-*.png.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { sigla } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { hasOpenssl } from '../helpers/tsaServer.js';
import { startListServer, type ListServer } from '../helpers/listServer.js';
import { makeListSigner, signedLotl, signedTrustedList, type ListSigner } from '../helpers/trustedListFixture.js';

const skip = browserUnavailable() || (!hasOpenssl() ? 'openssl missing' : !existsSync('/usr/bin/xmlsec1') ? 'xmlsec1 missing' : false);
const DAY = 86_400_000;

describe('Aggiorna ora and the first start fetch the trusted lists', { skip }, () => {
  let pki: TestPki;
  let lotlSigner: ListSigner & { dir: string };
  let tlSigner: ListSigner & { dir: string };
  let srv: ListServer;
  let data: string;
  let docs: string;
  let browser: Browser;
  let page: Page;
  const harnesses: Awaited<ReturnType<typeof startHarness>>[] = [];
  const problems: string[] = [];
  const now = Date.now();
  const env = (dir: string): NodeJS.ProcessEnv => ({ ...process.env, SIGLA_DATA_DIR: dir, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' });

  const tl = (sequence: number): Buffer =>
    signedTrustedList(
      {
        territory: 'IT',
        sequence,
        issued: new Date(now - DAY),
        nextUpdate: new Date(now + 180 * DAY),
        providers: [{ name: 'Sigla Prestatore di Prova S.p.A.', services: [{ type: 'CA/QC', name: 'Sigla CA qualificata di prova', certificate: pki.intermediatePem, periods: [{ status: 'granted', from: '2016-07-01T00:00:00Z' }] }] }],
      },
      tlSigner,
    );
  const lotl = (sequence: number): Buffer => signedLotl({ sequence, issued: new Date(now - DAY), pointers: [{ territory: 'IT', location: `${srv.base}/TL-IT.xml`, signers: [tlSigner.certPem] }] }, lotlSigner);

  const open = async (o: { data: string; trustListsAtStart?: boolean }): Promise<void> => {
    const h = await startHarness({ port: 0, docs, lang: 'it', env: env(o.data), ...(o.trustListsAtStart ? { trustListsAtStart: true } : {}) });
    harnesses.push(h);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.url}#/impostazioni/fiducia`);
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
  };

  before(async () => {
    pki = makeTestPki();
    lotlSigner = makeListSigner('Sigla Test LOTL signer');
    tlSigner = makeListSigner('Sigla Test TL signer', true);
    srv = await startListServer();
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-tlu-data-'));
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-tlu-docs-'));
    srv.set('lotl.xml', lotl(1));
    srv.set('TL-IT.xml', tl(7));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    for (const h of harnesses) await h.close();
    srv?.close();
    cleanup(pki.dir, lotlSigner.dir, tlSigner.dir, data, docs);
  });

  it('the CLI fills the cache; Impostazioni shows the same lists', async () => {
    const r = sigla(['trust', 'update', '--lotl', `${srv.base}/lotl.xml`, '--lotl-signers', lotlSigner.certPem, '--json'], { env: env(data) });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    await open({ data });
    const table = page.getByRole('table', { name: 'Elenchi di fiducia in uso' });
    await table.getByRole('row').filter({ hasText: 'Italia' }).filter({ hasText: 'valido' }).filter({ hasText: '7' }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Elenco europeo (LOTL)' }).waitFor();
  });

  it('"Aggiorna ora" shows its progress and can be stopped: the list in use stays', async () => {
    srv.set('lotl.xml', lotl(2));
    srv.set('TL-IT.xml', tl(8));
    srv.delay('TL-IT.xml', 15_000);
    await page.getByRole('button', { name: 'Aggiorna ora' }).click();
    const stop = page.getByRole('button', { name: "Interrompi l'aggiornamento" });
    await stop.waitFor();
    await page.getByText('Aggiornamento in corso: 0 di 1 elenchi…').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByRole('button', { name: 'Aggiorna ora' }).isDisabled(), true);
    await page.screenshot({ path: join(SHOTS, 'trustlists-update-progress.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (aggiornamento in corso)')));
    await stop.click();
    await page.getByText(/^Aggiornamento interrotto/).waitFor({ timeout: 10_000 });
    const table = page.getByRole('table', { name: 'Elenchi di fiducia in uso' });
    await table.getByRole('row').filter({ hasText: 'Italia' }).filter({ hasText: 'valido' }).filter({ hasText: '7' }).waitFor();
    assert.equal(await table.getByRole('row').filter({ hasText: 'Italia' }).filter({ hasText: 'valido' }).filter({ hasText: '8' }).count(), 0);
  });

  it('"Aggiorna ora" again takes the newer list', async () => {
    srv.delay('TL-IT.xml', 0);
    await page.getByRole('button', { name: 'Aggiorna ora' }).click();
    await page.getByText('Elenchi di fiducia aggiornati.').waitFor({ timeout: 20_000 });
    const table = page.getByRole('table', { name: 'Elenchi di fiducia in uso' });
    const it8 = table.getByRole('row').filter({ hasText: 'Italia' }).filter({ hasText: 'valido' });
    await it8.waitFor();
    assert.equal((await it8.getByRole('cell').allTextContents())[0], '8');
    await page.screenshot({ path: join(SHOTS, 'trustlists-update-done.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (elenchi aggiornati)')));
    // The CLI sees what the app fetched.
    const st = sigla(['trust', 'status', '--json'], { env: env(data) });
    assert.ok((JSON.parse(st.stdout) as { lists: { territory: string; sequenceNumber?: number; valid: boolean }[] }).lists.some((l) => l.territory === 'IT' && l.sequenceNumber === 8 && l.valid), st.stdout);
  });

  it('the first start without usable lists fetches them in the background with a banner, and says when it failed', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'sigla-e2e-tlu-first-'));
    try {
      // An earlier attempt that found no list (the address in the cache is one the test serves, slowly and badly).
      const seeded = sigla(['trust', 'update', '--lotl', `${srv.base}/assente.xml`], { env: env(fresh) });
      assert.equal(seeded.status, 14, seeded.stdout + seeded.stderr);
      srv.delay('assente.xml', 12_000);
      await open({ data: fresh, trustListsAtStart: true });
      const banner = page.getByRole('status').filter({ hasText: 'Scaricamento degli elenchi di fiducia europei' });
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', /Puoi continuare a usare Sigla/);
      await page.screenshot({ path: join(SHOTS, 'trustlists-update-first-start.png'), fullPage: true });
      problems.push(...(await axe(page, 'Impostazioni (primo avvio)')));
      // The app stays usable meanwhile.
      await page.getByRole('navigation').getByRole('link', { name: 'Verifica', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Verifica' }).waitFor();
      await page.getByText('Aggiornamento degli elenchi di fiducia in corso…').waitFor();
      await banner.waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByText('Elenchi di fiducia non disponibili').waitFor();
      await page.getByRole('link', { name: 'Vai a Impostazioni › Elenchi di fiducia' }).click();
      await page.getByText("L'ultimo aggiornamento non è riuscito").waitFor();
      const text = (await page.locator('.trust-lists .callout-warning').textContent()) ?? '';
      assert.match(text, /Impossibile scaricare l'elenco di fiducia/);
      assert.doesNotMatch(text, /--\w/);
      problems.push(...(await axe(page, 'Impostazioni (primo avvio non riuscito)')));
    } finally {
      cleanup(fresh);
    }
  });

  it('has no serious or critical axe violation on any state checked', () => {
    assert.deepEqual(problems, []);
  });
});
