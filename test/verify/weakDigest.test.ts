/**
 * EN 319 102-1 §5.2.8 cryptographic constraints: a signature over an MD5 digest proves nothing (MD5 collisions are
 * practical; ETSI TS 119 312 lists MD5 for no use), so it is INDETERMINATE / CRYPTO_CONSTRAINTS_FAILURE_NO_POE even
 * when OpenSSL finds it mathematically intact; the same signature made with SHA-256 passes. Signed by OpenSSL.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

interface Report {
  status: string;
  signatures: { integrity: string; status: string; subIndication?: string; warnings: { code: string; params: Record<string, string> }[] }[];
}

describe('signatures over weak digests', { skip }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-md5-'));
    const r = tool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=Sigla MD5 test', '-days', '10', '-addext', 'keyUsage=critical,nonRepudiation']);
    assert.equal(r.status, 0, r.stderr);
    writeFileSync(join(dir, 'delibera.txt'), 'Delibera n. 1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const signed = (md: string): string => {
    const out = join(dir, `delibera.${md}.p7m`);
    const r = tool('openssl', ['cms', '-sign', '-md', md, '-binary', '-nodetach', '-outform', 'DER', '-in', join(dir, 'delibera.txt'), '-signer', join(dir, 'c.pem'), '-inkey', join(dir, 'k.pem'), '-out', out]);
    assert.equal(r.status, 0, r.stderr);
    // OpenSSL itself finds both intact: the verdict below is about the algorithm, not the bytes.
    assert.equal(tool('openssl', ['cms', '-verify', '-inform', 'DER', '-in', out, '-CAfile', join(dir, 'c.pem'), '-out', '/dev/null']).status, 0);
    return out;
  };

  it('MD5: intact, yet indeterminate CRYPTO_CONSTRAINTS_FAILURE_NO_POE (exit 10), with the weak-digest warning', () => {
    const r = sigla(['verify', signed('md5'), '--trust', join(dir, 'c.pem'), '--offline', '--json']);
    const rep = JSON.parse(r.stdout) as Report;
    assert.equal(r.status, 10, r.stdout);
    assert.equal(rep.signatures[0]?.integrity, 'valid');
    assert.equal(rep.signatures[0]?.status, 'indeterminate');
    assert.equal(rep.signatures[0]?.subIndication, 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE');
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'WEAK_DIGEST' && w.params['algorithm'] === 'MD5'), JSON.stringify(rep));
  });

  it('SHA-256: the same signature passes (exit 0)', () => {
    const r = sigla(['verify', signed('sha256'), '--trust', join(dir, 'c.pem'), '--offline', '--json']);
    const rep = JSON.parse(r.stdout) as Report;
    assert.equal(r.status, 0, r.stdout);
    assert.equal(rep.signatures[0]?.status, 'passed');
  });
});
