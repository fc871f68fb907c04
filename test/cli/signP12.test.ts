/**
 * Signing with a PKCS#12 software identity made by OpenSSL (AES-256/PBKDF2, the OpenSSL 3 defaults), and signing
 * large content in bounded memory.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SIGLA, sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

describe('sign with a PKCS#12 file', () => {
  let pki: TestPki;
  let dir: string;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-p12-'));
    writeFileSync(join(dir, 'delibera.txt'), 'Delibera della Giunta comunale n. 7 — approvazione\n');
  });
  after(() => cleanup(pki.dir, dir));

  it('signs and openssl verifies the chain to the root', () => {
    const r = sigla(['sign', join(dir, 'delibera.txt'), '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n` });
    assert.equal(r.status, 0, r.stderr);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'delibera.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
  });

  it('a wrong password exits 3 and writes nothing', () => {
    const out = join(dir, 'wrong.p7m');
    const r = sigla(['sign', join(dir, 'delibera.txt'), '--p12', pki.signer.p12, '--pin-stdin', '--out', out], { input: 'not-the-password\n' });
    assert.equal(r.status, 3, r.stderr);
    assert.equal(existsSync(out), false);
  });

  it('an unreadable input exits 8 before any password is read', () => {
    const r = sigla(['sign', join(dir, 'missing.txt'), '--p12', pki.signer.p12, '--pin-stdin'], { input: '' });
    assert.equal(r.status, 8, r.stderr);
  });

  it('speaks English with --lang en and Italian by default', () => {
    const en = sigla(['sign', join(dir, 'missing.txt'), '--lang', 'en', '--p12', pki.signer.p12, '--pin-stdin']);
    assert.match(en.stderr, /Cannot read file/);
    const it2 = sigla(['sign', join(dir, 'missing.txt'), '--p12', pki.signer.p12, '--pin-stdin']);
    assert.match(it2.stderr, /Impossibile leggere il file/);
  });

  it('signs 1 GiB with peak RSS under 200 MB, and openssl verifies it', () => {
    const big = join(dir, 'big.bin');
    const fd = openSync(big, 'w');
    writeSync(fd, Buffer.from('inizio del file grande\n'));
    ftruncateSync(fd, 1 << 30);
    closeSync(fd);
    const out = join(dir, 'big.bin.p7m');
    // Peak RSS of the child as the kernel counts it (getrusage RUSAGE_CHILDREN, KiB on Linux).
    const py = 'import resource,subprocess,sys\nr=subprocess.run(sys.argv[1:],input=b"' + pki.signer.p12Password + '\\n")\nprint(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)';
    const m = spawnSync('python3', ['-c', py, process.execPath, SIGLA, 'sign', big, '--p12', pki.signer.p12, '--pin-stdin', '--out', out], { encoding: 'utf8' });
    const [code, rssKiB] = (m.stdout.trim().split('\n').pop() ?? '').split(' ').map(Number);
    assert.equal(code, 0, m.stderr);
    assert.ok((rssKiB ?? Infinity) < 200 * 1024, `peak RSS ${rssKiB} KiB`);
    assert.ok(statSync(out).size > 1 << 30);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', out, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.part')), []);
  });
});
