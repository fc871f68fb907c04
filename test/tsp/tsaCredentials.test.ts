/**
 * TSA credentials never travel over plain http to another computer without the user's consent
 * (electron/net/tsaCredentials.ts): the decision itself; TsaClient, `sigla timestamp`/`sign` and the app's "Prova"
 * refuse with TSA_INSECURE (exit 7) before any connection — proved with a recording HTTP proxy on loopback that
 * every request to the TEST-NET address would have to go through — and the loopback test TSA works as before.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemorySecretStore } from '../../electron/app/secrets/SecretStore.js';
import { SettingsActions } from '../../electron/app/SettingsActions.js';
import { requestTimeStamp, tsaTimestamper } from '../../electron/net/TsaClient.js';
import { credentialsDecision, isLoopbackHost } from '../../electron/net/tsaCredentials.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { SIGLA } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';

/** The environment without any proxy setting of the machine running the tests. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'SIGLA_TSA_PASSWORD']) delete env[k];
  return { ...env, ...extra };
}

/** An HTTP proxy on loopback that records every request (and every CONNECT) and answers 502. */
interface Recorder {
  readonly url: string;
  readonly requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    req.resume();
    res.writeHead(502).end();
  });
  server.on('connect', (req, socket) => {
    requests.push({ method: 'CONNECT', url: req.url ?? '' });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** `sigla` without blocking this process's event loop (the recorder answers from here). */
function siglaAsync(args: readonly string[], env: NodeJS.ProcessEnv, input = ''): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [SIGLA, ...args], { env: { ...env, LANG: 'C.UTF-8' }, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ status: child.exitCode ?? (err ? -1 : 0), stdout, stderr, ms: Date.now() - t0 });
    });
    child.stdin?.end(input);
  });
}

const REMOTE = 'http://192.0.2.1:8080/tsa'; // TEST-NET-1 (RFC 5737): must never be contacted

describe('TSA credentials over plain http: the decision', () => {
  const d = (url: string, o: { creds?: boolean; allow?: boolean; env?: NodeJS.ProcessEnv } = {}): string =>
    credentialsDecision({ url, hasCredentials: o.creds ?? true, allowPlainHttp: o.allow ?? false, env: o.env ?? cleanEnv() });

  it('loopback hosts, in every spelling the URL parser gives', () => {
    for (const u of ['http://127.0.0.1/', 'http://127.5.6.7:9/', 'http://127.1/', 'http://0x7f000001/', 'http://[::1]:80/', 'http://[0:0:0:0:0:0:0:1]/', 'http://localhost/', 'http://LOCALHOST./', 'http://[::ffff:127.0.0.1]/']) {
      assert.equal(isLoopbackHost(new URL(u).hostname), true, u);
    }
    for (const u of ['http://128.0.0.1/', 'http://10.0.0.1/', 'http://192.0.2.1/', 'http://[::2]/', 'http://[::ffff:10.0.0.1]/', 'http://127.0.0.1.nip.io/', 'http://localhost.example.org/', 'http://tsa.example.it/', 'http://0.0.0.0/']) {
      assert.equal(isLoopbackHost(new URL(u).hostname), false, u);
    }
  });

  it('http to another computer with credentials: refused, or allowed with consent; https and no credentials: fine', () => {
    assert.equal(d(REMOTE), 'refused');
    assert.equal(d('http://tsa.example.it/tsa'), 'refused');
    assert.equal(d('http://[::ffff:10.0.0.1]/tsa'), 'refused');
    assert.equal(d(REMOTE, { allow: true }), 'allowed-plain-http');
    assert.equal(d('https://tsa.example.it/tsa'), 'ok');
    assert.equal(d('https://tsa.example.it/tsa', { allow: true }), 'ok');
    assert.equal(d(REMOTE, { creds: false }), 'ok', 'nothing secret to protect');
    assert.equal(d('http://127.0.0.1:3180/tsa'), 'ok');
    assert.equal(d('http://localhost:3180/tsa'), 'ok');
    assert.equal(d('http://[::1]:3180/tsa'), 'ok');
  });

  it('the first hop counts: a loopback TSA through a remote proxy is refused; a loopback proxy or NO_PROXY is fine', () => {
    assert.equal(d('http://127.0.0.1:3180/tsa', { env: cleanEnv({ HTTP_PROXY: 'http://proxy.ente.it:3128' }) }), 'refused');
    assert.equal(d('http://127.0.0.1:3180/tsa', { env: cleanEnv({ http_proxy: 'proxy.ente.it:3128' }), allow: true }), 'allowed-plain-http');
    assert.equal(d('http://127.0.0.1:3180/tsa', { env: cleanEnv({ HTTP_PROXY: 'http://127.0.0.1:3128' }) }), 'ok');
    assert.equal(d('http://127.0.0.1:3180/tsa', { env: cleanEnv({ HTTP_PROXY: 'http://proxy.ente.it:3128', NO_PROXY: '127.0.0.1' }) }), 'ok');
    assert.equal(d(REMOTE, { env: cleanEnv({ HTTP_PROXY: 'http://127.0.0.1:3128' }) }), 'refused', 'a loopback proxy forwards to the remote TSA in clear');
    assert.equal(d('https://tsa.example.it/tsa', { env: cleanEnv({ HTTPS_PROXY: 'http://proxy.ente.it:3128' }) }), 'ok', 'CONNECT tunnel: TLS end to end');
  });
});

describe('TSA credentials over plain http: nothing is sent', () => {
  let rec: Recorder;
  let dir: string;
  before(async () => {
    rec = await startRecorder();
    dir = mkdtempSync(join(tmpdir(), 'sigla-tsacred-'));
  });
  after(async () => {
    await rec.close();
    cleanup(dir);
  });
  const viaRecorder = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cleanEnv({ HTTP_PROXY: rec.url, HTTPS_PROXY: rec.url, SIGLA_DATA_DIR: join(dir, 'data'), ...extra });
  const doc = (): string => {
    const f = join(dir, `determina-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(f, 'Determina n. 12\n');
    return f;
  };

  it('TsaClient refuses before connecting; the recording proxy sees nothing; with consent it is asked', async () => {
    const before = rec.requests.length;
    const account = { url: REMOTE, user: 'ufficio', password: 'Segreta-1', env: viaRecorder() };
    assert.throws(() => tsaTimestamper(account), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_INSECURE' && e.exitCode === 7);
    await assert.rejects(requestTimeStamp(account, 'sha256', new Uint8Array(32)), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_INSECURE' && !e.message.includes('Segreta-1'));
    assert.equal(rec.requests.length, before, 'no request reached the network');
    // The same account with the user's consent does go out (to the proxy, which answers 502): the seam works.
    await assert.rejects(requestTimeStamp({ ...account, allowPlainHttp: true }, 'sha256', new Uint8Array(32)), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_UNAVAILABLE');
    assert.equal(rec.requests.length, before + 1);
    assert.equal(rec.requests.at(-1)?.url, REMOTE);
    assert.equal(rec.requests.at(-1)?.authorization, `Basic ${Buffer.from('ufficio:Segreta-1').toString('base64')}`);
  });

  it('sigla timestamp and sign: exit 7 at once, nothing written, no request; the PKCS#12 password is not even asked', async () => {
    const f = doc();
    const before = rec.requests.length;
    const env = viaRecorder({ SIGLA_TSA_PASSWORD: 'Segreta-1' });
    let r = await siglaAsync(['timestamp', f, '--tsa', REMOTE, '--tsa-user', 'ufficio', '--format', 'tsr'], env);
    assert.equal(r.status, 7, r.stderr);
    assert.match(r.stderr, /http:\/\/192\.0\.2\.1:8080\/tsa usa http:\/\/ senza cifratura.*--tsa-allow-http/);
    assert.doesNotMatch(r.stderr, /Segreta-1/);
    assert.equal(existsSync(`${f}.tsr`), false);
    assert.ok(r.ms < 20_000, `returned without waiting for a network timeout (${r.ms} ms)`);
    r = await siglaAsync(['sign', f, '--p12', join(dir, 'absent.p12'), '--tsa', REMOTE, '--tsa-user', 'ufficio', '--lang', 'en'], env);
    assert.equal(r.status, 7, r.stderr);
    assert.match(r.stderr, /uses unencrypted http:\/\//);
    assert.equal(existsSync(`${f}.p7m`), false);
    assert.equal(rec.requests.length, before, 'no request reached the network');
  });

  it('--tsa-allow-http, or a saved account that allows it: the request goes out, with a warning', async () => {
    const f = doc();
    const env = viaRecorder({ SIGLA_TSA_PASSWORD: 'Segreta-1' });
    let before = rec.requests.length;
    let r = await siglaAsync(['timestamp', f, '--tsa', REMOTE, '--tsa-user', 'ufficio', '--tsa-allow-http', '--format', 'tsr'], env);
    assert.equal(r.status, 7, r.stderr); // the recording proxy answers 502
    assert.match(r.stderr, /Attenzione: nome utente e password .* senza cifratura verso http:\/\/192\.0\.2\.1:8080\/tsa/);
    assert.match(r.stderr, /HTTP 502/);
    assert.equal(rec.requests.length, before + 1);
    // A saved account keeps the choice (settings.json written as the app writes it).
    mkdirSync(join(dir, 'data'), { recursive: true });
    const saved = (allow: boolean): void =>
      writeFileSync(join(dir, 'data', 'settings.json'), JSON.stringify({ tsaAccounts: [{ id: 'tsa-1', name: 'Ente', url: REMOTE, username: 'ufficio', ...(allow ? { allowPlainHttp: true } : {}) }] }));
    saved(false);
    before = rec.requests.length;
    r = await siglaAsync(['timestamp', f, '--tsa', 'Ente', '--format', 'tsr'], env);
    assert.equal(r.status, 7, r.stderr);
    assert.match(r.stderr, /senza cifratura/);
    assert.equal(rec.requests.length, before);
    saved(true);
    r = await siglaAsync(['timestamp', f, '--tsa', 'Ente', '--format', 'tsr'], env);
    assert.equal(r.status, 7, r.stderr);
    assert.match(r.stderr, /HTTP 502/);
    assert.equal(rec.requests.length, before + 1);
  });

  it('the app: the account keeps the consent; "Prova" refuses without it, before any request', async () => {
    const env = viaRecorder({ SIGLA_DATA_DIR: join(dir, 'app-data') });
    const actions = new SettingsActions(env, new MemorySecretStore());
    let view = await actions.saveTsa({ account: { name: 'Ente', url: REMOTE, username: 'ufficio' }, password: 'Segreta-1', clearPassword: false });
    const id = view.tsaAccounts[0]?.id ?? '';
    assert.equal(view.tsaAccounts[0]?.allowPlainHttp, undefined);
    const before = rec.requests.length;
    await assert.rejects(actions.testTsa(id), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_INSECURE');
    await assert.rejects(actions.timestamper(id), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_INSECURE');
    assert.equal(rec.requests.length, before);
    view = await actions.saveTsa({ account: { id, name: 'Ente', url: REMOTE, username: 'ufficio', allowPlainHttp: true }, clearPassword: false });
    assert.equal(view.tsaAccounts[0]?.allowPlainHttp, true);
    await assert.rejects(actions.testTsa(id), (e: unknown) => e instanceof SiglaError && e.code === 'TSA_UNAVAILABLE');
    assert.equal(rec.requests.length, before + 1);
  });
});

describe('TSA credentials over plain http: the loopback test TSA is unaffected', { skip: hasOpenssl() ? false : 'openssl missing' }, () => {
  let tsa: Tsa;
  let pki: TestPki;
  before(async () => {
    pki = makeTestPki();
    tsa = await startTsa({ user: 'ufficio', password: 'tsa-secret' });
  });
  after(async () => {
    await tsa.close();
    cleanup(pki.dir);
  });

  it('http://127.0.0.1 and http://localhost with credentials: time-stamps, no warning', async () => {
    const f = join(pki.dir, 'delibera.txt');
    writeFileSync(f, 'Delibera n. 3\n');
    const env = cleanEnv({ SIGLA_TSA_PASSWORD: 'tsa-secret' });
    for (const [url, out] of [
      [tsa.url, `${f}.1.tsr`],
      [tsa.url.replace('127.0.0.1', 'localhost'), `${f}.2.tsr`],
    ] as const) {
      const r = await siglaAsync(['timestamp', f, '--tsa', url, '--tsa-user', 'ufficio', '--format', 'tsr', '--out', out], env);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.ok(existsSync(out));
    }
    const requests = tsa.requests;
    const r = await siglaAsync(['sign', f, '--p12', pki.signer.p12, '--pin-stdin', '--tsa', tsa.url, '--tsa-user', 'ufficio'], env, `${pki.signer.p12Password}\n`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.ok(existsSync(`${f}.p7m`));
    assert.equal(tsa.requests, requests + 1);
  });
});
