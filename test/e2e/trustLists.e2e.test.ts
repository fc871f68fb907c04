/**
 * Issue 12 in the app, end to end in Debian's Chromium through the browser harness: Verifica says when no trusted
 * list is in use (with the way to Impostazioni); Impostazioni → Elenchi di fiducia imports a member state's list
 * made and signed in the test with xmlsec1 (a copy with one byte changed is refused, and xmlsec1 agrees) and lists
 * it in Italian; the CLI reads the same cache; Verifica then shows a CAdES signature made by openssl (not Sigla)
 * with a certificate of that list's CA/QC service as "Firma elettronica qualificata" with its provider; a .p7s finds
 * its document beside it, or asks for it (no command-line option named); an unsigned PDF is "Nessuna firma". axe on
 * every state. Screenshots: test-artifacts/e2e/trustlists-*.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { PickPurpose } from '../../electron/shared/ipc/contract.js';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { REPO, sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';
import { makeListSigner, signedTrustedList, xmlsecVerify, type ListSigner } from '../helpers/trustedListFixture.js';

const skip = browserUnavailable() || (!hasOpenssl() ? 'openssl missing' : !existsSync('/usr/bin/xmlsec1') ? 'xmlsec1 missing' : false);
const DAY = 86_400_000;
const TSP = 'Sigla Prestatore di Prova S.p.A.';
const SERVICE = 'Sigla CA qualificata di prova';
const TSA_SERVICE = 'Sigla marche temporali qualificate di prova';

describe('Elenchi di fiducia and qualified signatures in the app', { skip }, () => {
  let pki: TestPki;
  let tsa: Tsa;
  let listSigner: ListSigner & { dir: string };
  let docs: string;
  let elsewhere: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** What the "user" picks next in main's file dialog, per purpose. */
  const next: Partial<Record<PickPurpose, string[]>> = {};

  const nav = async (name: string): Promise<void> => {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };

  /** A CAdES-BES signature made by openssl (not Sigla) with the qualified test certificate. */
  const opensslSign = (content: string, out: string, detached: boolean): void => {
    const r = tool('openssl', ['cms', '-sign', '-cades', '-binary', ...(detached ? [] : ['-nodetach']), '-md', 'sha256', '-outform', 'DER', '-in', content, '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.intermediatePem, '-out', out]);
    assert.equal(r.status, 0, r.stderr);
  };

  const verifyPicked = async (file: string): Promise<void> => {
    next.verify = [file];
    await nav('Verifica');
    await page.getByRole('button', { name: 'Scegli un file firmato' }).click();
    await page.getByRole('heading', { level: 2, name: file.split('/').pop() ?? file }).waitFor({ timeout: 30_000 });
  };

  before(async () => {
    pki = makeTestPki();
    tsa = await startTsa({});
    listSigner = makeListSigner('Sigla Test Organismo di vigilanza');
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-tl-docs-'));
    elsewhere = join(docs, 'altrove');
    mkdirSync(elsewhere);
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-tl-data-'));
    const now = Date.now();
    const tl = signedTrustedList(
      {
        territory: 'IT',
        sequence: 7,
        issued: new Date(now - 10 * DAY),
        nextUpdate: new Date(now + 170 * DAY),
        providers: [
          {
            name: TSP,
            services: [
              { type: 'CA/QC', name: SERVICE, certificate: pki.intermediatePem, periods: [{ status: 'granted', from: new Date(now - 400 * DAY), additional: ['ForeSignatures'] }] },
              { type: 'TSA/QTST', name: TSA_SERVICE, certificate: tsa.tsaCertPem, periods: [{ status: 'granted', from: new Date(now - 400 * DAY) }] },
            ],
          },
        ],
      },
      listSigner,
    );
    writeFileSync(join(docs, 'TSL-IT.xml'), tl);
    // One byte changed inside the signed content (a digit of the sequence number).
    const tampered = Buffer.from(tl);
    const at = tampered.indexOf('<tsl:TSLSequenceNumber>7<');
    assert.ok(at > 0);
    tampered[at + '<tsl:TSLSequenceNumber>'.length] = '8'.charCodeAt(0);
    writeFileSync(join(docs, 'TSL-IT-alterato.xml'), tampered);
    copyFileSync(listSigner.certPem, join(docs, 'firmatario-elenco.pem'));

    writeFileSync(join(docs, 'delibera.txt'), 'Delibera n. 42: si approva il bilancio.\n');
    opensslSign(join(docs, 'delibera.txt'), join(docs, 'delibera.txt.p7m'), false);
    // A CAdES B-T made by Sigla's CLI (PKCS#12 identity) with a time-stamp from an openssl TSA listed as TSA/QTST.
    writeFileSync(join(docs, 'mandato.txt'), 'Mandato di pagamento n. 17.\n');
    const signed = sigla(['sign', join(docs, 'mandato.txt'), '--p12', pki.signer.p12, '--pin-stdin', '--tsa', tsa.url], { input: `${pki.signer.p12Password}\n`, env: { ...process.env, SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-e2e-tl-sign-')) } });
    assert.equal(signed.status, 0, signed.stderr);
    writeFileSync(join(docs, 'lettera.txt'), 'Lettera di trasmissione.\n');
    opensslSign(join(docs, 'lettera.txt'), join(docs, 'lettera.txt.p7s'), true);
    // A .p7s whose document is not beside it: the user keeps it in another folder.
    writeFileSync(join(elsewhere, 'verbale.txt'), 'Verbale della seduta del 3 marzo.\n');
    opensslSign(join(elsewhere, 'verbale.txt'), join(docs, 'verbale.txt.p7s'), true);
    copyFileSync(join(REPO, 'resources', 'demo', 'determina.pdf'), join(docs, 'senza-firma.pdf'));

    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...process.env, SIGLA_DATA_DIR: data }, pick: async (purpose) => next[purpose]?.splice(0) ?? [] });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    await tsa?.close();
    cleanup(pki.dir, listSigner.dir, docs, data);
  });

  it('Verifica says no trusted list is in use, and leads to Impostazioni', async () => {
    await nav('Verifica');
    await page.getByText('Elenchi di fiducia non disponibili').waitFor();
    await page.screenshot({ path: join(SHOTS, 'trustlists-verifica-senza-elenchi.png'), fullPage: true });
    problems.push(...(await axe(page, 'Verifica (senza elenchi)')));
    await page.getByRole('link', { name: 'Vai a Impostazioni › Elenchi di fiducia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Elenchi di fiducia' }).waitFor();
    await page.getByText('Nessun elenco di fiducia in uso.', { exact: false }).waitFor();
  });

  it('refuses a list with one byte changed (xmlsec1 agrees), imports the signed one and lists it in Italian', async () => {
    const signerPem = readFileSync(listSigner.certPem, 'utf8');
    assert.equal(xmlsecVerify(readFileSync(join(docs, 'TSL-IT-alterato.xml')), signerPem).ok, false);
    assert.equal(xmlsecVerify(readFileSync(join(docs, 'TSL-IT.xml')), signerPem).ok, true);

    await page.getByRole('button', { name: 'Importa da file…' }).click();
    next.trustedList = [join(docs, 'TSL-IT-alterato.xml')];
    await page.getByRole('button', { name: 'Scegli gli elenchi (XML)' }).click();
    await page.getByText('TSL-IT-alterato.xml').waitFor();
    next.listSigners = [join(docs, 'firmatario-elenco.pem')];
    await page.getByRole('button', { name: 'Scegli i certificati di chi firma gli elenchi' }).click();
    await page.getByText('firmatario-elenco.pem').waitFor();
    problems.push(...(await axe(page, 'Impostazioni (importa elenchi)')));
    await page.getByRole('button', { name: 'Importa', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'rifiutato' });
    await refusal.waitFor({ timeout: 20_000 });
    const text = (await refusal.textContent()) ?? '';
    assert.doesNotMatch(text, /--\w|\/tmp\//, 'no option name, no path');
    const table = page.getByRole('table', { name: 'Elenchi di fiducia in uso' });
    await table.getByText('non usato').waitFor();

    next.trustedList = [join(docs, 'TSL-IT.xml')];
    await page.getByRole('button', { name: 'Scegli gli elenchi (XML)' }).click();
    await page.getByText('TSL-IT.xml', { exact: true }).waitFor();
    next.listSigners = [join(docs, 'firmatario-elenco.pem')];
    await page.getByRole('button', { name: 'Scegli i certificati di chi firma gli elenchi' }).click();
    await page.getByRole('button', { name: 'Importa', exact: true }).click();
    await page.getByText('Elenco importato: TSL-IT.xml.').waitFor({ timeout: 20_000 });
    const row = table.getByRole('row').filter({ hasText: 'Italia' }).filter({ hasText: 'valido' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    assert.equal(cells[0], '7');
    assert.match(cells[2] ?? '', /\d{4}/, 'next update shown as a date');
    assert.doesNotMatch(await page.locator('.trust-lists-last-update').textContent() ?? '', /mai/);
    await page.screenshot({ path: join(SHOTS, 'trustlists-impostazioni.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (elenchi di fiducia)')));

    // The CLI shares the cache: it sees the same list in use.
    const st = sigla(['trust', 'status', '--json'], { env: { ...process.env, SIGLA_DATA_DIR: data } });
    assert.equal(st.status, 0, st.stderr);
    const lists = (JSON.parse(st.stdout) as { lists: { territory: string; sequenceNumber?: number; valid: boolean }[] }).lists;
    assert.ok(lists.some((l) => l.territory === 'IT' && l.sequenceNumber === 7 && l.valid), st.stdout);
  });

  it('Verifica shows a qualified signature: the badge in words, the provider and service from the list', async () => {
    await verifyPicked(join(docs, 'delibera.txt.p7m'));
    assert.equal(await page.getByText('Elenchi di fiducia non disponibili').count(), 0);
    const badge = page.locator('.qualification-badge');
    await badge.waitFor();
    assert.equal(await badge.getAttribute('data-qualification'), 'QESig');
    assert.match((await badge.textContent()) ?? '', /Firma elettronica qualificata/);
    await page.getByText(`${TSP} — ${SERVICE} (Italia)`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'trustlists-verifica-qualificata.png'), fullPage: true });
    problems.push(...(await axe(page, 'Verifica (firma qualificata)')));
  });

  it("a time-stamp's TSA from the list and «marca temporale qualificata»", async () => {
    await verifyPicked(join(docs, 'mandato.txt.p7m'));
    const badge = page.locator('.timestamp-qualified');
    await badge.waitFor();
    assert.equal((await badge.textContent())?.trim(), '✓ marca temporale qualificata');
    await page.getByText(`servizio ${TSP} — ${TSA_SERVICE} (Italia)`).waitFor();
    assert.equal(await page.locator('.qualification-badge').getAttribute('data-qualification'), 'QESig');
    await page.screenshot({ path: join(SHOTS, 'trustlists-verifica-marca-qualificata.png'), fullPage: true });
    problems.push(...(await axe(page, 'Verifica (marca temporale qualificata)')));
  });

  it('a .p7s finds its document beside it', async () => {
    await verifyPicked(join(docs, 'lettera.txt.p7s'));
    await page.getByText('sì, non modificato dopo la firma').waitFor();
    assert.equal(await page.getByText('Manca il documento firmato').count(), 0);
  });

  it('a .p7s whose document is not beside it asks for it, then verifies with it', async () => {
    await verifyPicked(join(docs, 'verbale.txt.p7s'));
    await page.getByText('Manca il documento firmato').waitFor();
    assert.equal((await page.content()).includes('--detached-content'), false, 'no command-line option in the app');
    await page.screenshot({ path: join(SHOTS, 'trustlists-p7s-manca.png'), fullPage: true });
    problems.push(...(await axe(page, 'Verifica (.p7s senza documento)')));
    next.content = [join(elsewhere, 'verbale.txt')];
    await page.getByRole('button', { name: 'Scegli il documento firmato' }).click();
    await page.getByText('sì, non modificato dopo la firma').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByText('Manca il documento firmato').count(), 0);
    await page.locator('.qualification-badge').waitFor();
    problems.push(...(await axe(page, 'Verifica (.p7s con documento scelto)')));
  });

  it('an unsigned PDF says "Nessuna firma", never "Firma non valida"', async () => {
    await verifyPicked(join(docs, 'senza-firma.pdf'));
    await page.getByText('Nessuna firma', { exact: true }).first().waitFor();
    assert.equal(await page.getByText('Firma non valida').count(), 0);
    problems.push(...(await axe(page, 'Verifica (PDF senza firma)')));
  });

  it('has no serious or critical axe violation on any state checked', () => {
    assert.deepEqual(problems, []);
  });
});
