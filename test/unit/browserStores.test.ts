/**
 * io/browsers without NSS's tools: profiles.ini and pkcs11.txt reading, p11-kit detection (no second registration),
 * Firefox's lock, which certificate serves web authentication, and the Windows store with its OS calls faked
 * (the real certutil calls were not run on Windows here; their output parsing is checked on samples).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certificateUse } from '../../electron/io/browsers/certificateUse.js';
import { liveProfileLock } from '../../electron/io/browsers/firefoxLock.js';
import { NssBrowserStores } from '../../electron/io/browsers/NssBrowserStores.js';
import { parsePkcs11Txt } from '../../electron/io/browsers/pkcs11Txt.js';
import { parseProfilesIni } from '../../electron/io/browsers/profilesIni.js';
import { parseCspList, parseUserStore } from '../../electron/io/browsers/windows/CertutilWindowsOps.js';
import { WindowsBrowserStores } from '../../electron/io/browsers/windows/WindowsBrowserStores.js';
import type { UserStoreCertificate, WindowsOps } from '../../electron/io/browsers/windows/WindowsOps.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { BrowserActions } from '../../electron/app/BrowserActions.js';
import type { BrowserStores } from '../../electron/io/browsers/BrowserStores.js';

describe('profiles.ini', () => {
  it('relative and absolute profiles, the install default, once each', () => {
    const ini = '[Install4F96]\nDefault=Profiles/abc.default-release\n\n[Profile1]\nName=lavoro\nIsRelative=0\nPath=/srv/ff/lavoro\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/abc.default-release\n\n[General]\nVersion=2\n';
    assert.deepEqual(parseProfilesIni(ini, '/home/u/.mozilla/firefox'), [
      { name: 'lavoro', path: '/srv/ff/lavoro' },
      { name: 'default-release', path: '/home/u/.mozilla/firefox/Profiles/abc.default-release' },
    ]);
  });
  it('a damaged file gives what it can, never an exception', () => {
    assert.deepEqual(parseProfilesIni('\u0000garbage\n[Profile0\nPath=x\n=\n[Profile9]\nName=n\n', '/h'), []);
  });
});

describe('pkcs11.txt', () => {
  it('reads every entry with its library and name', () => {
    const text = "library=\nname=NSS Internal PKCS #11 Module\nparameters=configdir='sql:db'\nNSS=Flags=internal\n\nlibrary=/usr/lib/softhsm/libsofthsm2.so\nname=Sigla: libsofthsm2.so\n\n";
    assert.deepEqual(parsePkcs11Txt(text), [{ name: 'NSS Internal PKCS #11 Module', library: '' }, { name: 'Sigla: libsofthsm2.so', library: '/usr/lib/softhsm/libsofthsm2.so' }]);
  });
});

describe('NSS databases: p11-kit and Firefox\'s lock', () => {
  let dir: string;
  let module: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-nss-unit-'));
    module = join(dir, 'libvendor-pkcs11.so');
    writeFileSync(module, '');
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', 'cert9.db'), '');
    mkdirSync(join(dir, 'p11kit'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const stores = (processAlive: (pid: number) => boolean = () => false): NssBrowserStores =>
    new NssBrowserStores({
      home: dir,
      env: {},
      p11KitDirs: [join(dir, 'p11kit')],
      processAlive,
      // Any call to modutil would fail: a test that expects none proves there was none.
      modutil: join(dir, 'no-such-modutil'),
      databases: () => [{ browser: 'firefox', profile: 'p', path: join(dir, 'db'), format: 'sql', firefoxProfile: true }],
    });
  const request = (): { module: string; certificates: [] } => ({ module, certificates: [] });

  it('a database that loads p11-kit-proxy reaches a module registered with p11-kit: reported, not registered twice', async () => {
    writeFileSync(join(dir, 'db', 'pkcs11.txt'), 'library=\nname=NSS Internal\n\nlibrary=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-proxy.so\nname=p11-kit-proxy\n');
    writeFileSync(join(dir, 'p11kit', 'vendor.module'), `# vendor\nmodule: ${module}\n`);
    assert.equal((await stores().status(request()))[0]?.state, 'via-p11-kit');
    assert.deepEqual((await stores().register(request())).map((c) => [c.state, c.action]), [['via-p11-kit', 'unchanged']]);
    // p11-kit-trust alone brings trust anchors, not tokens.
    writeFileSync(join(dir, 'db', 'pkcs11.txt'), 'library=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so\nname=p11-kit-trust\n');
    assert.equal((await stores().status(request()))[0]?.state, 'not-registered');
    // A module p11-kit does not know: not reachable through the proxy.
    writeFileSync(join(dir, 'db', 'pkcs11.txt'), 'library=p11-kit-proxy.so\nname=p11-kit-proxy\n');
    rmSync(join(dir, 'p11kit', 'vendor.module'));
    assert.equal((await stores().status(request()))[0]?.state, 'not-registered');
  });

  it('a live lock refuses register and unregister as a whole (BROWSER_RUNNING); a stale one does not count', async () => {
    writeFileSync(join(dir, 'db', 'pkcs11.txt'), `library=${module}\nname=Sigla: libvendor-pkcs11.so\n`);
    symlinkSync('10.0.0.1:+4242', join(dir, 'db', 'lock'));
    assert.deepEqual(liveProfileLock(join(dir, 'db'), (pid) => pid === 4242), { pid: 4242, host: '10.0.0.1' });
    assert.equal(liveProfileLock(join(dir, 'db'), () => false), null);
    const live = stores((pid) => pid === 4242);
    assert.equal((await live.status(request()))[0]?.state, 'locked');
    await assert.rejects(live.register(request()), (e: { code?: string; params?: Record<string, unknown> }) => e.code === 'BROWSER_RUNNING' && e.params?.['profile'] === 'p');
    await assert.rejects(live.unregister(request()), { code: 'BROWSER_RUNNING' });
    assert.match(readFileSync(join(dir, 'db', 'pkcs11.txt'), 'utf8'), /Sigla: libvendor/, 'nothing changed');
    assert.equal((await stores().status(request()))[0]?.state, 'registered-by-sigla');
    rmSync(join(dir, 'db', 'lock'));
  });

  it('modutil not installed: NSS_TOOL_MISSING', async () => {
    writeFileSync(join(dir, 'db', 'pkcs11.txt'), 'library=\nname=NSS Internal\n');
    await assert.rejects(stores().register(request()), { code: 'NSS_TOOL_MISSING' });
  });
});

class FakeWindows implements WindowsOps {
  readonly calls: string[] = [];
  readonly store = new Map<string, UserStoreCertificate>();
  constructor(public providers: string[]) {}
  cryptoProviders(): Promise<string[]> {
    return Promise.resolve(this.providers);
  }
  userCertificates(): Promise<UserStoreCertificate[]> {
    return Promise.resolve([...this.store.values()]);
  }
  addUserCertificate(der: Uint8Array): Promise<void> {
    const t = createHash('sha1').update(der).digest('hex').toUpperCase();
    this.calls.push(`add ${t}`);
    this.store.set(t, { thumbprint: t });
    return Promise.resolve();
  }
  linkKeyProvider(thumbprint: string, provider: string): Promise<void> {
    this.calls.push(`link ${thumbprint} ${provider}`);
    this.store.set(thumbprint, { thumbprint, provider });
    return Promise.resolve();
  }
  deleteUserCertificate(thumbprint: string): Promise<void> {
    this.calls.push(`delete ${thumbprint}`);
    this.store.delete(thumbprint);
    return Promise.resolve();
  }
}

describe('certificates and the Windows store (OS calls faked)', () => {
  let pki: TestPki;
  let auth: Uint8Array;
  let signer: Uint8Array;
  const thumb = (der: Uint8Array): string => createHash('sha1').update(der).digest('hex').toUpperCase();
  const request = () => ({ module: 'C:\\Windows\\System32\\bit4xpki.dll', certificates: [{ label: 'CNS', token: 'T', der: auth }, { label: 'Firma', token: 'T', der: signer }] });
  before(() => {
    pki = makeTestPki();
    auth = new Uint8Array(readFileSync(pki.auth.certDer));
    signer = new Uint8Array(readFileSync(pki.signer.certDer));
  });
  after(() => cleanup(pki.dir));

  it('the CNS certificate (clientAuth) serves web authentication, the qualified one (nonRepudiation) only signing', () => {
    assert.equal(certificateUse(auth), 'authentication');
    assert.equal(certificateUse(signer), 'signature');
    assert.equal(certificateUse(new Uint8Array(readFileSync(pki.rootDer))), 'ca');
  });

  it('without the vendor\'s provider: unsupported, nothing touched', async () => {
    const os = new FakeWindows(['Microsoft Enhanced RSA and AES Cryptographic Provider', 'Microsoft Smart Card Key Storage Provider']);
    const w = new WindowsBrowserStores(os);
    assert.deepEqual((await w.status(request()))[0], { browser: 'windows-store', profile: 'CurrentUser\\My', path: 'Cert:\\CurrentUser\\My', state: 'unsupported', reason: 'no-provider' });
    assert.equal((await w.register(request()))[0]?.action, 'unchanged');
    assert.deepEqual(os.calls, []);
  });

  it('with bit4id\'s provider: the CNS certificate alone goes to CurrentUser\\My, linked to it; once', async () => {
    const os = new FakeWindows(['Microsoft Base Smart Card Crypto Provider', 'Bit4id Universal Middleware Provider']);
    const w = new WindowsBrowserStores(os);
    assert.equal((await w.status(request()))[0]?.state, 'not-registered');
    const r = await w.register(request());
    assert.deepEqual(r.map((c) => [c.state, c.action, c.entry]), [['registered-by-sigla', 'added', 'Bit4id Universal Middleware Provider']]);
    assert.deepEqual(os.calls, [`add ${thumb(auth)}`, `link ${thumb(auth)} Bit4id Universal Middleware Provider`]);
    assert.equal(os.store.has(thumb(signer)), false, 'never the signature certificate');
    assert.equal((await w.register(request()))[0]?.action, 'unchanged');
    assert.equal(os.calls.length, 2);
    const u = await w.unregister(request());
    assert.deepEqual(u.map((c) => [c.state, c.action]), [['not-registered', 'removed']]);
    assert.deepEqual(os.calls.slice(2), [`delete ${thumb(auth)}`]);
  });

  it('with the CIE\'s provider, a certificate already in the store without its key link is linked, not added again', async () => {
    const os = new FakeWindows(['CIE Minidriver Crypto Provider']);
    os.store.set(thumb(auth), { thumbprint: thumb(auth) });
    await new WindowsBrowserStores(os).register(request());
    assert.deepEqual(os.calls, [`link ${thumb(auth)} CIE Minidriver Crypto Provider`]);
  });

  it('the app\'s access test: only a registered database the status lists, never a locked PIN, and no PIN asked before', async () => {
    const asked: string[] = [];
    let userPin = 'ok';
    const host = {
      call: (method: string): Promise<unknown> => {
        if (method === 'tokens') return Promise.resolve({ tokens: [{ module: '/m.so', label: 'T', userPin }], failures: [] });
        if (method === 'certs') return Promise.resolve([{ token: 'T', label: 'CNS', subject: 's', name: 'n', der: Buffer.from(auth).toString('base64') }, { token: 'T', label: 'Firma', subject: 's', name: 'n', der: Buffer.from(signer).toString('base64') }]);
        return Promise.resolve([]);
      },
    };
    const stores: BrowserStores = {
      status: () => Promise.resolve([{ browser: 'firefox', profile: 'p', path: '/db/ok', state: 'not-registered' }]),
      register: () => Promise.reject(new Error('not here')),
      unregister: () => Promise.reject(new Error('not here')),
    };
    const pins = { pin: () => (asked.push('pin'), Promise.resolve(Buffer.from('x'))), confirmFinalTry: () => (asked.push('final'), Promise.resolve(false)) };
    const actions = new BrowserActions(host as never, { SIGLA_MODULE: '/m.so', PATH: '' }, pins, () => stores);
    const view = await actions.run('status');
    assert.deepEqual(view.certificates.map((c) => [c.nickname, c.use]), [['T:CNS', 'authentication'], ['T:Firma', 'signature']]);
    assert.equal(view.canTest, false);
    await assert.rejects(actions.test('/etc/elsewhere'), { code: 'USAGE' });
    await assert.rejects(actions.test('/db/ok'), { code: 'USAGE' }, 'not registered there');
    stores.status = () => Promise.resolve([{ browser: 'firefox', profile: 'p', path: '/db/ok', state: 'registered-by-sigla' }]);
    userPin = 'locked';
    await assert.rejects(actions.test('/db/ok'), { code: 'PIN_LOCKED' });
    userPin = 'finalTry';
    await assert.rejects(actions.test('/db/ok'), { code: 'PIN_FINAL_TRY_REFUSED' });
    assert.deepEqual(asked, ['final'], 'no PIN was asked');
  });

  it('certutil output: -csplist and -user -store My', () => {
    assert.deepEqual(parseCspList('Provider Name: Microsoft Base Cryptographic Provider v1.0\nProvider Type: 1 - PROV_RSA_FULL\n\nProvider Name: Bit4id Universal Middleware Provider\nProvider Type: 1 - PROV_RSA_FULL\nCertUtil: -csplist command completed successfully.\n'),
      ['Microsoft Base Cryptographic Provider v1.0', 'Bit4id Universal Middleware Provider']);
    const store = 'My "Personal"\n================ Certificate 0 ================\nSerial Number: 01\nCert Hash(sha1): ab cd ef 01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef 01\n  Key Container = abc\n  Provider = Bit4id Universal Middleware Provider\n================ Certificate 1 ================\nSerial Number: 02\nCert Hash(sha1): 0123456789abcdef0123456789abcdef01234567\nNo key provider information\nCertUtil: -store command completed successfully.\n';
    assert.deepEqual(parseUserStore(store), [
      { thumbprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', provider: 'Bit4id Universal Middleware Provider' },
      { thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567' },
    ]);
  });
});
