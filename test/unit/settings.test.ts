/**
 * Settings (io/Settings.ts), the trust store (io/TrustStore.ts), the secret stores (app/secrets/*) and the settings
 * channels of AppService: unknown keys survive a write, a bad field falls back alone, writes replace the file by
 * rename; PEM and DER certificates are imported and junk is refused with INPUT_FORMAT; a TSA password never comes
 * back through settings:get.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AppService } from '../../electron/app/AppService.js';
import { EncryptedSecretStore, type SecretCipher } from '../../electron/app/secrets/EncryptedSecretStore.js';
import { MemorySecretStore } from '../../electron/app/secrets/SecretStore.js';
import { SettingsActions } from '../../electron/app/SettingsActions.js';
import { certificatesAt } from '../../electron/io/certificateFiles.js';
import { applySettingsPatch, envWithProxy, readSettings, settingsPath } from '../../electron/io/Settings.js';
import { importTrustAnchors, listTrustAnchors, removeTrustAnchor, trustDir } from '../../electron/io/TrustStore.js';
import { tsaAccount } from '../../electron/cli/tsaAccount.js';
import { configuredModules } from '../../electron/token/moduleDiscovery.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const fresh = (): NodeJS.ProcessEnv => ({ SIGLA_DATA_DIR: mkdtempSync(join(tmpdir(), 'sigla-settings-')) });
const dirOf = (env: NodeJS.ProcessEnv): string => String(env['SIGLA_DATA_DIR']);

describe('settings.json', () => {
  it('keeps unknown keys and untouched fields when a patch is written', () => {
    const env = fresh();
    writeFileSync(settingsPath(env), JSON.stringify({ pkcs11Modules: ['/opt/x/libx.so'], renewalInstructions: 'Chiama il 123', futureKey: { a: [1, 2] } }));
    const s = applySettingsPatch({ language: 'en', reminderDays: [7, 30] }, env);
    assert.equal(s.language, 'en');
    assert.deepEqual(s.reminderDays, [30, 7]);
    const raw = JSON.parse(readFileSync(settingsPath(env), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(raw['futureKey'], { a: [1, 2] });
    assert.deepEqual(raw['pkcs11Modules'], ['/opt/x/libx.so']);
    assert.equal(raw['renewalInstructions'], 'Chiama il 123');
    // The CLI's readers see the same file.
    assert.deepEqual(configuredModules(env), ['/opt/x/libx.so']);
    cleanup(dirOf(env));
  });

  it('falls back to the default for a malformed field only', () => {
    const env = fresh();
    writeFileSync(settingsPath(env), JSON.stringify({ language: 'fr', reminderDays: 'often', pkcs11Modules: ['/a.so', 42], tsaAccounts: [{ id: 'ok', name: 'Buona', url: 'https://tsa.example.it' }, { id: 'bad', name: 'Con credenziali', url: 'https://u:p@tsa.example.it' }] }));
    const s = readSettings(env);
    assert.equal(s.language, undefined);
    assert.deepEqual(s.reminderDays, [90, 60, 30, 7]);
    assert.deepEqual(s.pkcs11Modules, ['/a.so']);
    assert.deepEqual(s.tsaAccounts.map((a) => a.id), ['ok']);
    cleanup(dirOf(env));
  });

  it('replaces the file by rename (a new inode, no temp file left) and keeps a broken file aside', () => {
    const env = fresh();
    writeFileSync(settingsPath(env), '{ "pkcs11Modules": [');
    const before = statSync(settingsPath(env)).ino;
    applySettingsPatch({ proxy: { url: 'http://proxy.ente.it:8080', noProxy: 'intranet' } }, env);
    assert.notEqual(statSync(settingsPath(env)).ino, before);
    assert.equal(readFileSync(`${settingsPath(env)}.bad`, 'utf8'), '{ "pkcs11Modules": [');
    assert.deepEqual(readdirSync(dirOf(env)).sort(), ['settings.json', 'settings.json.bad']);
    assert.deepEqual(readSettings(env).proxy, { url: 'http://proxy.ente.it:8080', noProxy: 'intranet' });
    cleanup(dirOf(env));
  });

  it('gives network requests the proxy of the settings, else the environment', () => {
    const env = { HTTPS_PROXY: 'http://env-proxy:3128' };
    assert.equal(envWithProxy(env, {})['HTTPS_PROXY'], 'http://env-proxy:3128');
    const out = envWithProxy(env, { url: 'http://proxy.ente.it:8080', noProxy: 'intranet.ente.it' });
    assert.equal(out['HTTPS_PROXY'], 'http://proxy.ente.it:8080');
    assert.equal(out['NO_PROXY'], 'intranet.ente.it');
  });

  it('lets the CLI name a TSA account of the settings with --tsa NAME', async () => {
    const env = fresh();
    const actions = new SettingsActions(env, new MemorySecretStore());
    await actions.saveTsa({ account: { name: 'TSA Regione', url: 'https://tsa.regione.example.it/ts', username: 'uff', policy: '1.2.3.4' }, clearPassword: false });
    const a = tsaAccount({ tsa: 'tsa regione' }, { ...env, SIGLA_TSA_PASSWORD: 'pw' });
    assert.equal(a?.url, 'https://tsa.regione.example.it/ts');
    assert.equal(a?.user, 'uff');
    assert.equal(a?.password, 'pw');
    assert.equal(a?.policy, '1.2.3.4');
    assert.throws(() => tsaAccount({ tsa: 'sconosciuta' }, env), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_ACCOUNT_NOT_FOUND');
    assert.equal(tsaAccount({ tsa: 'https://other.example/tsa' }, env)?.url, 'https://other.example/tsa');
    cleanup(dirOf(env));
  });
});

describe('trust store', () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('imports a PEM and a DER certificate, lists them, and verification reads them', () => {
    const env = fresh();
    const a = importTrustAnchors(pki.rootPem, 'root.pem', env);
    const b = importTrustAnchors(pki.intermediateDer, 'intermediate.cer', env);
    assert.equal(a.length, 1);
    assert.equal(b.length, 1);
    const list = listTrustAnchors(env);
    assert.deepEqual(list.map((x) => x.id).sort(), [a[0]?.id, b[0]?.id].sort());
    assert.ok(list.every((x) => x.isCA && x.daysLeft > 0));
    assert.equal(certificatesAt(trustDir(env)).length, 2);
    // Importing again adds nothing.
    importTrustAnchors(pki.rootPem, 'root.pem', env);
    assert.equal(readdirSync(trustDir(env)).length, 2);
    assert.equal(removeTrustAnchor(String(a[0]?.id), env), true);
    assert.deepEqual(listTrustAnchors(env).map((x) => x.id), [b[0]?.id]);
    assert.equal(removeTrustAnchor(String(a[0]?.id), env), false);
    cleanup(dirOf(env));
  });

  it('refuses junk with INPUT_FORMAT and stores nothing', () => {
    const env = fresh();
    const dir = dirOf(env);
    const junk = join(dir, 'junk.cer');
    for (const bytes of [Buffer.from('not a certificate at all'), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]), Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')]) {
      writeFileSync(junk, bytes);
      assert.throws(() => importTrustAnchors(junk, 'junk.cer', env), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
    }
    assert.equal(existsSync(trustDir(env)), false);
    cleanup(dir);
  });
});

describe('secret stores', () => {
  it('memory store: put, get, has, delete', async () => {
    const s = new MemorySecretStore();
    assert.deepEqual(await s.availability(), { available: true });
    await s.put('a', 'segreto');
    assert.equal(s.has('a'), true);
    assert.equal(await s.get('a'), 'segreto');
    await s.delete('a');
    assert.equal(s.has('a'), false);
    assert.equal(await s.get('a'), undefined);
  });

  /** A stand-in for safeStorage: reversible, and visibly not the plain text. */
  const cipher = (problem?: 'no-encryption' | 'weak-backend'): SecretCipher => ({
    problem: () => Promise.resolve(problem),
    encrypt: (p) => Promise.resolve(new Uint8Array(Buffer.from(p, 'utf8').map((x) => x ^ 0x5a))),
    decrypt: (c) => Promise.resolve(Buffer.from(Buffer.from(c).map((x) => x ^ 0x5a)).toString('utf8')),
  });

  it('encrypted store keeps only ciphertext on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigla-secrets-'));
    const file = join(dir, 'secrets.json');
    const s = new EncryptedSecretStore(file, cipher());
    await s.put('tsa-1', 'Password-Molto-Segreta');
    assert.equal(readFileSync(file, 'utf8').includes('Password-Molto-Segreta'), false);
    assert.equal(await new EncryptedSecretStore(file, cipher()).get('tsa-1'), 'Password-Molto-Segreta');
    await s.delete('tsa-1');
    assert.equal(s.has('tsa-1'), false);
    cleanup(dir);
  });

  it('encrypted store refuses when the keyring is missing or is Linux basic_text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigla-secrets-'));
    for (const problem of ['no-encryption', 'weak-backend'] as const) {
      const s = new EncryptedSecretStore(join(dir, 'secrets.json'), cipher(problem));
      assert.deepEqual(await s.availability(), { available: false, reason: problem });
      await assert.rejects(s.put('x', 'pw'), (e: unknown) => e instanceof SiglaError && e.code === 'SECURE_STORAGE_UNAVAILABLE' && !e.message.includes('pw'));
    }
    assert.equal(existsSync(join(dir, 'secrets.json')), false);
    cleanup(dir);
  });
});

describe('settings channels of AppService', () => {
  it('never return a TSA password, and validate what they store', async () => {
    const env = fresh();
    const events: unknown[] = [];
    const app = new AppService({ version: 't', lang: 'it', pick: () => Promise.resolve([]), emit: (_e, p) => events.push(p), env: { ...process.env, ...env, SIGLA_MODULE: '/nonexistent/libnone.so' } });
    try {
      const secret = 'Pw-Che-Non-Deve-Uscire-42';
      const saved = await app.dispatch('tsa:save', { account: { name: 'TSA', url: 'https://tsa.example.it/tsa', username: 'mario' }, password: secret });
      assert.equal(saved.ok, true, JSON.stringify(saved));
      const got = await app.dispatch('settings:get', {});
      assert.equal(got.ok, true);
      const text = JSON.stringify(got);
      assert.equal(text.includes(secret), false);
      assert.match(text, /"hasPassword":true/);
      assert.equal(readFileSync(settingsPath(env), 'utf8').includes(secret), false);
      // Credentials in the URL, an unknown field, a bad reminder value: refused by the contract.
      for (const [ch, args] of [
        ['tsa:save', { account: { name: 'X', url: 'https://u:p@tsa.example.it' } }],
        ['settings:update', { password: 'x' }],
        ['settings:update', { reminderDays: [0] }],
      ] as const) {
        const r = await app.dispatch(ch, args);
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.error.code, 'USAGE');
      }
      const unknown = await app.dispatch('tsa:test', { id: 'nessuno' });
      assert.equal(unknown.ok, false);
      if (!unknown.ok) assert.equal(unknown.error.code, 'TSA_ACCOUNT_NOT_FOUND');
      // Signing with an account that does not exist fails before any PIN is asked.
      const doc = join(dirOf(env), 'nota.txt');
      writeFileSync(doc, 'nota\n');
      const signed = await app.dispatch('sign:run', { items: [{ document: app.documents.register(doc).id, format: 'cades' }], tsaAccount: 'nessuno' });
      assert.equal(signed.ok, false);
      if (!signed.ok) assert.equal(signed.error.code, 'TSA_ACCOUNT_NOT_FOUND');
      assert.deepEqual(events, []);
      // The language of messages from main follows the settings.
      await app.dispatch('settings:update', { language: 'en' });
      const info = await app.dispatch('app:info', {});
      assert.deepEqual(info, { ok: true, value: { version: 't', lang: 'en' } });
      // So does the reminders' advice (and the PUK warnings of PIN requests, through the same function).
      const reminders = await app.dispatch('reminders:list', {});
      assert.ok(reminders.ok);
      assert.match((reminders.value as { advice: string }).advice, /renew/i);
      await app.dispatch('settings:update', { language: 'it' });
      const again = await app.dispatch('reminders:list', {});
      assert.ok(again.ok);
      assert.match((again.value as { advice: string }).advice, /rinnov/i);
    } finally {
      await app.close();
      cleanup(dirOf(env));
    }
  });
});
