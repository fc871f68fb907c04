/**
 * Impostazioni end to end in Debian's Chromium through the browser harness: a TSA account (Basic auth, password
 * typed once) added in Impostazioni and tried; a text file signed from Firma with that account, the .p7m's
 * signature-time-stamp then checked without Sigla (the token extracted with node-forge and verified by
 * `openssl ts -verify` over the signature value; Bouncy Castle too when present); a trust anchor imported from a
 * file and listed; a token certificate exported from Certificati and compared by openssl; the language switched to
 * English and back; axe on the settings screen. Screenshots: test-artifacts/e2e/settings-*.png.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import forge from 'node-forge';
import type { Browser, Page } from 'playwright-core';
import { axe, browserUnavailable, launchBrowser, SHOTS } from '../helpers/e2eBrowser.js';
import { startHarness } from '../harness/uiBrowser.js';
import { bcCadesTimestamps, hasBcTimestamp } from '../helpers/bcTimestamp.js';
import { tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';

const skip = browserUnavailable() || (!hasSoftHsm() ? 'SoftHSM2 missing' : !hasOpenssl() ? 'openssl missing' : false);
const TSA_USER = 'ufficio.protocollo';
const TSA_PASSWORD = 'Tsa-Password-9!';
const ID_AA_SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';

/** The first SignerInfo's signature value and its signature-time-stamp token, read with node-forge (not Sigla). */
function signatureTimeStamp(p7m: Buffer): { signature: Buffer; token: Buffer } {
  const a = forge.asn1;
  const kids = (n: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] => (Array.isArray(n?.value) ? (n.value as forge.asn1.Asn1[]) : []);
  const ci = a.fromDer(forge.util.createBuffer(p7m.toString('binary')));
  const sd = kids(kids(ci)[1])[0];
  const signerInfos = kids(sd).at(-1);
  const parts = kids(kids(signerInfos)[0]);
  const unsigned = parts.at(-1);
  assert.equal(unsigned?.tagClass, a.Class.CONTEXT_SPECIFIC, 'unsignedAttrs [1] present');
  assert.equal(unsigned?.type, 1);
  const signature = parts.at(-2)?.value;
  assert.equal(typeof signature, 'string');
  for (const attr of kids(unsigned)) {
    const [oid, values] = kids(attr);
    if (oid && a.derToOid(oid.value as string) === ID_AA_SIGNATURE_TIME_STAMP) {
      const token = kids(values)[0];
      assert.ok(token);
      return { signature: Buffer.from(signature as string, 'binary'), token: Buffer.from(a.toDer(token).getBytes(), 'binary') };
    }
  }
  throw new Error('no signature-time-stamp attribute');
}

describe('Impostazioni through the browser harness', { skip }, () => {
  let pki: TestPki;
  let tok: TestToken;
  let tsa: Tsa;
  let docs: string;
  let data: string;
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const nav = async (name: string): Promise<void> => {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  };
  /** One of Impostazioni's tabs. */
  const tab = async (name: string): Promise<void> => {
    await page.getByRole('tab', { name, exact: true }).click();
    await page.getByRole('tabpanel', { name }).waitFor();
  };

  before(async () => {
    pki = makeTestPki();
    tok = makeTestToken({ label: 'Ufficio Ragioneria', identities: [pki.signer, pki.auth], caCertsDer: [pki.intermediateDer] });
    tsa = await startTsa({ user: TSA_USER, password: TSA_PASSWORD });
    docs = mkdtempSync(join(tmpdir(), 'sigla-e2e-settings-docs-'));
    data = mkdtempSync(join(tmpdir(), 'sigla-e2e-settings-data-'));
    writeFileSync(join(docs, 'mandato.txt'), 'Mandato di pagamento n. 17: si autorizza.\n');
    harness = await startHarness({ port: 0, docs, lang: 'it', env: { ...tok.env, SIGLA_MODULE: tok.module, SIGLA_DATA_DIR: data } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
  });
  after(async () => {
    await browser?.close();
    await harness?.close();
    await tsa?.close();
    cleanup(pki.dir, tok.dir, docs, data);
  });

  it('Firma has the time-stamp option disabled, pointing to Impostazioni, while no TSA is configured', async () => {
    const option = page.getByRole('checkbox', { name: 'Aggiungi la marca temporale' });
    await option.waitFor();
    assert.equal(await option.isDisabled(), true);
    await page.getByRole('link', { name: 'Configuralo in Impostazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    await page.getByText('Nessun servizio di marca temporale configurato.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'settings-empty.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (vuota)')));
  });

  it('adds a TSA account with a password that never comes back, and tries it', async () => {
    await page.getByRole('button', { name: 'Aggiungi un servizio di marca temporale' }).click();
    const form = page.locator('form.subform');
    await form.getByLabel('Nome del servizio').fill('TSA di prova');
    await form.getByLabel('Indirizzo del servizio').fill(tsa.url);
    await form.getByLabel('Nome utente').fill(TSA_USER);
    await form.getByLabel('Password').fill(TSA_PASSWORD);
    await page.screenshot({ path: join(SHOTS, 'settings-tsa-form.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (nuovo servizio)')));
    await form.getByRole('button', { name: 'Salva il servizio' }).click();
    await page.getByText('Servizio «TSA di prova» salvato.').waitFor();
    await page.getByText('password salvata').waitFor();
    // On disk: the account, not the password (the harness keeps it in memory, the app encrypted by the OS).
    const onDisk = readFileSync(join(data, 'settings.json'), 'utf8');
    assert.match(onDisk, /TSA di prova/);
    assert.equal(onDisk.includes(TSA_PASSWORD), false);
    assert.equal(readdirSync(data).some((n) => readFileSync(join(data, n)).includes(TSA_PASSWORD)), false);
    // Nor in the page.
    assert.equal((await page.content()).includes(TSA_PASSWORD), false);
    await page.getByRole('button', { name: 'Prova il servizio TSA di prova' }).click();
    await page.getByText(/«TSA di prova» funziona/).waitFor({ timeout: 20_000 });
    assert.equal(tsa.replies, 1);
    await page.screenshot({ path: join(SHOTS, 'settings-tsa.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (servizio salvato)')));
  });

  it('signs from Firma with that account: the signature-time-stamp verifies with openssl', async (t) => {
    await nav('Firma');
    await page.getByRole('button', { name: /Scegli i file/ }).click();
    await page.getByText('mandato.txt').first().waitFor();
    await page.getByRole('checkbox', { name: 'Aggiungi la marca temporale' }).check();
    await page.getByText('Servizio: TSA di prova.').waitFor();
    await page.getByRole('button', { name: /^Firma \d+ document[oi]$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 15_000 });
    await dialog.locator('input[type=password]').fill(tok.pin);
    await dialog.locator('input[type=password]').press('Enter');
    await page.getByText('mandato.txt.p7m').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'settings-firma-marca.png'), fullPage: true });
    const out = join(docs, 'mandato.txt.p7m');
    assert.ok(existsSync(out), readdirSync(docs).join(', '));
    assert.equal(tsa.replies, 2);

    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any']);
    assert.equal(v.status, 0, v.stderr);
    const { signature, token } = signatureTimeStamp(readFileSync(out));
    const sigFile = join(data, 'signature.bin');
    const tokenFile = join(data, 'token.der');
    writeFileSync(sigFile, signature);
    writeFileSync(tokenFile, token);
    const ts = tool('openssl', ['ts', '-verify', '-data', sigFile, '-in', tokenFile, '-token_in', '-CAfile', tsa.caPem, '-untrusted', tsa.tsaCertPem]);
    assert.equal(ts.status, 0, ts.stdout + ts.stderr);
    assert.match(ts.stdout, /Verification: OK/);
    // Its own subtest: counted as skipped where Bouncy Castle is missing.
    await t.test('Bouncy Castle agrees', { skip: !hasBcTimestamp() && 'Bouncy Castle (libbcpkix-java) or a JDK not installed' }, () => {
      const bc = bcCadesTimestamps(out);
      assert.deepEqual(bc.signers.map((s) => [s.hasTimestamp, s.imprintMatchesSignature, s.tokenValid]), [[true, true, true]]);
    });
  });

  it('imports a trust anchor from a file and lists it', async () => {
    copyFileSync(pki.rootPem, join(docs, 'ente-radice.pem'));
    await nav('Impostazioni');
    await tab('Elenchi e certificati di fiducia');
    await page.getByText('Nessun certificato di fiducia aggiunto.').waitFor();
    await page.getByRole('button', { name: 'Importa un certificato di fiducia' }).click();
    await page.getByText('Certificato di fiducia importato: Sigla Test Root CA.').waitFor();
    const table = page.getByRole('table', { name: 'Certificati di fiducia aggiunti' });
    await table.getByText('Sigla Test Root CA', { exact: true }).waitFor();
    assert.equal(readdirSync(join(data, 'trust')).length, 1);
    await page.screenshot({ path: join(SHOTS, 'settings-trust.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (certificati di fiducia)')));
  });

  it('exports the signing certificate from Certificati', async () => {
    await nav('Certificati');
    await page.getByRole('button', { name: /^Esporta il certificato di .* \(firma\)$/ }).click();
    const saved = page.getByText(/^Certificato salvato come «(.+)»\.$/);
    await saved.waitFor({ timeout: 15_000 });
    const name = /«(.+)»/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
    assert.match(name, /\.cer$/);
    const fp = (file: string, form: string): string => tool('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-inform', form, '-in', file]).stdout;
    assert.equal(fp(join(docs, name), 'DER'), fp(pki.signer.certPem, 'PEM'));
    problems.push(...(await axe(page, 'Certificati')));
  });

  it('saves extra modules, reminder lead times, renewal instructions and the proxy in settings.json', async () => {
    await nav('Impostazioni');
    const saved = (): Record<string, unknown> => JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as Record<string, unknown>;
    await tab('Dispositivi');
    await page.getByLabel('Percorso del modulo').fill('/opt/ente/lib/libpkcs11-ente.so');
    await page.getByRole('button', { name: 'Aggiungi il modulo' }).click();
    await page.getByText('Modulo aggiunto: /opt/ente/lib/libpkcs11-ente.so.').waitFor();
    assert.deepEqual(saved()['pkcs11Modules'], ['/opt/ente/lib/libpkcs11-ente.so']);
    await tab('Promemoria');
    await page.getByRole('checkbox', { name: '7 giorni prima' }).uncheck();
    await page.getByText('Promemoria: 90, 60, 30 giorni prima della scadenza.').waitFor();
    assert.deepEqual(saved()['reminderDays'], [90, 60, 30]);
    await page.getByLabel('Istruzioni del tuo ufficio per il rinnovo').fill('Prenota allo sportello 3.');
    // Saved when the field is left: every change in Impostazioni is saved as made.
    await page.getByLabel('Istruzioni del tuo ufficio per il rinnovo').blur();
    await page.getByText('Istruzioni per il rinnovo salvate.').waitFor();
    assert.equal(saved()['renewalInstructions'], 'Prenota allo sportello 3.');
    // A proxy that cannot be reached: the TSA (through it) is not either, and the test says so.
    await tab('Rete e proxy');
    await page.getByLabel('Indirizzo del proxy').fill('http://127.0.0.1:9');
    await page.getByLabel('Indirizzo del proxy').press('Enter');
    await page.getByText('Proxy salvato.').waitFor();
    assert.deepEqual(saved()['proxy'], { url: 'http://127.0.0.1:9' });
    const replies = tsa.replies;
    await tab('Marca temporale');
    await page.getByRole('button', { name: 'Prova il servizio TSA di prova' }).click();
    await page.getByRole('alert').filter({ hasText: 'Marca temporale non ottenuta' }).waitFor({ timeout: 20_000 });
    assert.equal(tsa.replies, replies);
    // With the TSA's host excluded from the proxy, it is reached directly again.
    await tab('Rete e proxy');
    await page.getByLabel('Indirizzi da raggiungere senza proxy').fill('127.0.0.1, localhost');
    await page.getByLabel('Indirizzi da raggiungere senza proxy').blur();
    // The status text is the same as after the first save: wait for the file instead.
    for (let i = 0; i < 50 && (saved()['proxy'] as { noProxy?: string }).noProxy === undefined; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(saved()['proxy'], { url: 'http://127.0.0.1:9', noProxy: '127.0.0.1, localhost' });
    await tab('Marca temporale');
    await page.getByRole('button', { name: 'Prova il servizio TSA di prova' }).click();
    await page.getByText(/«TSA di prova» funziona/).waitFor({ timeout: 20_000 });
    assert.equal(tsa.replies, replies + 1);
    await page.screenshot({ path: join(SHOTS, 'settings-saved.png'), fullPage: true });
    problems.push(...(await axe(page, 'Impostazioni (salvate)')));
  });

  it('an http:// service on another computer: the password is not sent until the service allows it', async () => {
    await nav('Impostazioni');
    await tab('Marca temporale');
    await page.getByRole('button', { name: 'Aggiungi un servizio di marca temporale' }).click();
    const form = page.locator('form.subform');
    await form.getByLabel('Nome del servizio').fill('TSA remota');
    // TEST-NET-1 (RFC 5737): refused before any connection, so never contacted.
    await form.getByLabel('Indirizzo del servizio').fill('http://192.0.2.1:8080/tsa');
    await form.getByLabel('Nome utente').fill(TSA_USER);
    await form.getByLabel('Password').fill(TSA_PASSWORD);
    const allow = form.getByRole('checkbox', { name: "Consenti l'invio delle credenziali senza cifratura (http://)" });
    assert.equal(await allow.isChecked(), false);
    await form.getByText(/Sconsigliato\. Con un indirizzo http:\/\/ nome utente e password viaggiano in chiaro/).waitFor();
    problems.push(...(await axe(page, 'Impostazioni (servizio http)')));
    await form.getByRole('button', { name: 'Salva il servizio' }).click();
    await page.getByText('Servizio «TSA remota» salvato.').waitFor();
    const saved = (): Record<string, unknown> => JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as Record<string, unknown>;
    const remote = (): Record<string, unknown> | undefined => (saved()['tsaAccounts'] as Record<string, unknown>[]).find((a) => a['name'] === 'TSA remota');
    assert.equal(remote()?.['allowPlainHttp'], undefined);
    await page.getByRole('button', { name: 'Prova il servizio TSA remota' }).click();
    await page.getByRole('alert').filter({ hasText: 'non sono stati inviati' }).waitFor({ timeout: 5_000 });
    await page.getByRole('alert').filter({ hasText: '«Consenti l\'invio delle credenziali senza cifratura (http://)»' }).waitFor();
    // The consent, given in the service's form, is kept with the service.
    await page.getByRole('button', { name: 'Modifica il servizio TSA remota' }).click();
    await page.locator('form.subform').getByRole('checkbox', { name: "Consenti l'invio delle credenziali senza cifratura (http://)" }).check();
    await page.locator('form.subform').getByRole('button', { name: 'Salva il servizio' }).click();
    await page.getByText('Attenzione: password inviata senza cifratura (http://), come consentito.').waitFor();
    assert.equal(remote()?.['allowPlainHttp'], true);
  });

  it('switches the language to English and back, saved in the settings', async () => {
    await nav('Impostazioni');
    await page.getByLabel("Lingua dell'interfaccia").selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.getByRole('tab', { name: 'Time-stamps' }).click();
    await page.getByRole('heading', { level: 2, name: 'Time-stamps' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'settings-english.png'), fullPage: true });
    problems.push(...(await axe(page, 'Settings (English)')));
    assert.equal((JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as { language?: string }).language, 'en');
    await page.getByRole('tab', { name: 'General' }).click();
    await page.getByLabel('Interface language').selectOption('it');
    await page.getByRole('heading', { level: 1, name: 'Impostazioni' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'it');
    assert.equal((JSON.parse(readFileSync(join(data, 'settings.json'), 'utf8')) as { language?: string }).language, 'it');
  });

  it('has no serious or critical axe violation on any state checked', () => {
    assert.deepEqual(problems, []);
  });
});
