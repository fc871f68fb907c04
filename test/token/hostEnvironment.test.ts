/**
 * The token host's scrubbed environment (electron/token/host/hostEnvironment.ts): the allow-list itself, and a real
 * host started by `sigla sign` whose /proc/<pid>/environ is read while it waits for the PIN: no SIGLA_TSA_PASSWORD,
 * no other secret of the parent, SOFTHSM2_CONF there — and the signature it then makes verifies with openssl.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { passesToTokenHost, tokenHostEnvironment } from '../../electron/token/host/hostEnvironment.js';
import { SIGLA, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

describe('token host environment: the allow-list', () => {
  it('keeps what Node and the middleware read, drops secrets and everything unknown', () => {
    const env = {
      PATH: '/usr/bin',
      Path: 'C:\\Windows',
      HOME: '/home/ufficio',
      LANG: 'it_IT.UTF-8',
      LC_ALL: 'it_IT.UTF-8',
      XDG_RUNTIME_DIR: '/run/user/1000',
      SOFTHSM2_CONF: '/etc/softhsm2.conf',
      PCSCLITE_CSOCK_NAME: '/run/pcscd/pcscd.comm',
      OPENSC_CONF: '/etc/opensc.conf',
      SIGLA_MODULE: '/usr/lib/libbit4xpki.so',
      SIGLA_DATA_DIR: '/tmp/d',
      SIGLA_SHIM_CONTROL: '/tmp/c',
      SIGLA_TSA_PASSWORD: 'Segreta-1',
      sigla_tsa_password: 'Segreta-2',
      SIGLA_PIN: '12345678',
      SIGLA_API_TOKEN: 'x',
      XDG_SECRET_KEY: 'x',
      OPENSC_PUK: 'x',
      HTTPS_PROXY: 'http://user:pw@proxy.ente.it:3128',
      GITHUB_TOKEN: 'ghp_x',
      AWS_SECRET_ACCESS_KEY: 'x',
      DB_PASSWORD: 'x',
      NODE_OPTIONS: '--require /tmp/evil.js',
      ELECTRON_RUN_AS_NODE: '1',
      SOMETHING_ELSE: 'x',
    };
    assert.deepEqual(Object.keys(tokenHostEnvironment(env)).sort(), [
      'HOME', 'LANG', 'LC_ALL', 'OPENSC_CONF', 'PATH', 'PCSCLITE_CSOCK_NAME', 'Path', 'SIGLA_DATA_DIR', 'SIGLA_MODULE', 'SIGLA_SHIM_CONTROL', 'SOFTHSM2_CONF', 'XDG_RUNTIME_DIR',
    ]);
    assert.equal(passesToTokenHost('LC_SHIPPING_ZONE'), true, 'PIN only as a word');
    assert.equal(passesToTokenHost('SIGLA_PINPAD_PIN'), false);
  });
});

/** The pids whose parent is `ppid` (Linux /proc). */
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so parse after the last ')'.
      const ppidField = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (Number(ppidField) === ppid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function environOf(pid: number): Map<string, string> {
  const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  return new Map(raw.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

const skip = !hasSoftHsm() ? 'SoftHSM2 missing' : !existsSync('/proc/self/environ') ? 'no /proc' : false;

describe('token host environment: a real host started by sigla sign', { skip }, () => {
  let pki: TestPki;
  let token: TestToken;
  let dir: string;
  before(() => {
    pki = makeTestPki();
    token = makeTestToken({ label: 'SIGLA-ENV', identities: [pki.signer], caCertsDer: [pki.intermediateDer] });
    dir = mkdtempSync(join(tmpdir(), 'sigla-hostenv-'));
  });
  after(() => cleanup(pki.dir, token.dir, dir));

  it('has no SIGLA_TSA_PASSWORD nor other secrets, has SOFTHSM2_CONF, and signs', async () => {
    const doc = join(dir, 'determina.txt');
    writeFileSync(doc, 'Determina n. 5\n');
    const env = { ...token.env, SIGLA_TSA_PASSWORD: 'Segreta-TSA-1', GITHUB_TOKEN: 'ghp_segreto', HTTPS_PROXY: 'http://u:Segreta-Proxy@127.0.0.1:9', NO_PROXY: '*', LANG: 'C.UTF-8' };
    // stdin stays open: the CLI starts the host, reads the token's state, then waits for the PIN line.
    const cli = spawn(process.execPath, [SIGLA, 'sign', doc, '--module', token.module, '--token', token.label, '--pin-stdin'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? -1)));
    let host: number | undefined;
    // Between fork and exec a child still shows its parent's environment: wait for the host's own command line.
    const isHost = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('hostProcess');
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 600 && host === undefined; i++) {
      host = childrenOf(cli.pid ?? -1).find(isHost);
      if (host === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(host !== undefined, `no token host appeared (${stderr})`);
    const seen = environOf(host);
    const raw = readFileSync(`/proc/${host}/environ`, 'utf8');
    assert.equal(seen.has('SIGLA_TSA_PASSWORD'), false);
    assert.equal(raw.includes('Segreta-TSA-1'), false);
    assert.equal(raw.includes('ghp_segreto'), false);
    assert.equal(raw.includes('Segreta-Proxy'), false);
    assert.equal(seen.get('SOFTHSM2_CONF'), token.env['SOFTHSM2_CONF']);
    assert.equal(seen.get('PATH'), process.env['PATH']);
    // The parent itself did have them: the scrubbing is the host's.
    assert.ok(readFileSync(`/proc/${cli.pid}/environ`, 'utf8').includes('Segreta-TSA-1'));
    cli.stdin.end(`${token.pin}\n`);
    assert.equal(await done, 0, stderr);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', `${doc}.p7m`, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', join(dir, 'out.txt')]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(readFileSync(join(dir, 'out.txt'), 'utf8'), 'Determina n. 5\n');
  });
});
