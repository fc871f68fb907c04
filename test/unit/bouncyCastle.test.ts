/**
 * Self-test of the Bouncy Castle CAdES checker (test/helpers/bouncyCastle.ts) against signatures
 * made by `openssl cms`, so the checker itself is validated by a second independent implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bcCheck, hasBouncyCastle } from '../helpers/bouncyCastle.js';

const SHA256_OID = '2.16.840.1.101.3.4.2.1';

const openssl = (args: string[]): void => {
  execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
};

test('Bouncy Castle CAdES checker (vs openssl cms)', async (t) => {
  if (!hasBouncyCastle()) {
    t.skip('java/javac or Bouncy Castle jars (libbcpkix-java) not available');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-bc-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const f = (name: string): string => path.join(dir, name);

  const content = Buffer.from('Sigla Bouncy Castle self-test\nàèìòù €\n', 'utf8');
  fs.writeFileSync(f('content.txt'), content);
  const contentSha256 = crypto.createHash('sha256').update(content).digest('hex');

  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('key.pem'), '-out', f('cert.pem'),
    '-days', '2', '-subj', '/C=IT/O=Sigla Test/CN=Mario Rossi', '-addext', 'keyUsage=critical,nonRepudiation']);

  const sign = (out: string, opts: { cades: boolean; detached: boolean }): string => {
    openssl(['cms', '-sign', ...(opts.cades ? ['-cades'] : []), '-binary', ...(opts.detached ? [] : ['-nodetach']),
      '-md', 'sha256', '-outform', 'DER', '-in', f('content.txt'), '-signer', f('cert.pem'), '-inkey', f('key.pem'),
      '-out', f(out)]);
    return f(out);
  };

  await t.test('attached CAdES-BES from openssl -cades verifies', () => {
    const r = bcCheck(sign('attached.p7m', { cades: true, detached: false }));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.error, null);
    assert.equal(r.topLevelSigners, 1);
    assert.equal(r.signers.length, 1);
    const s = r.signers[0];
    assert.ok(s);
    assert.equal(s.depth, 0);
    assert.equal(s.kind, 'signer');
    assert.match(s.subject, /CN=Mario Rossi/);
    assert.equal(s.verified, true);
    assert.equal(s.essCertV2, true);
    assert.equal(s.issuerSerialMatch, true);
    assert.equal(s.hasContentType, true);
    assert.equal(s.hasSigningTime, true);
    assert.equal(s.hasMessageDigest, true);
    assert.equal(s.digestAlg, SHA256_OID);
    assert.equal(r.contentSha256, contentSha256);
  });

  await t.test('PEM armour is accepted too', () => {
    const der = fs.readFileSync(f('attached.p7m'));
    fs.writeFileSync(f('attached.pem'), `-----BEGIN CMS-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CMS-----\n`);
    const r = bcCheck(f('attached.pem'));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.contentSha256, contentSha256);
  });

  await t.test('detached CAdES-BES verifies with the content, not without it', () => {
    const sig = sign('detached.p7s', { cades: true, detached: true });
    const r = bcCheck(sig, f('content.txt'));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.topLevelSigners, 1);
    assert.equal(r.signers[0]?.essCertV2, true);
    assert.equal(r.contentSha256, contentSha256);

    fs.writeFileSync(f('other.txt'), Buffer.concat([content, Buffer.from('x')]));
    const wrong = bcCheck(sig, f('other.txt'));
    assert.equal(wrong.ok, false);
    assert.equal(wrong.signers[0]?.verified, false);
  });

  await t.test('a flipped byte in the signature value fails verification', () => {
    const der = fs.readFileSync(f('attached.p7m'));
    // openssl writes definite-length DER with no unsigned attributes, so the SignerInfo (and the
    // file) ends with the RSA-2048 signature: OCTET STRING 04 82 01 00 + 256 bytes.
    assert.equal(der.subarray(der.length - 260, der.length - 256).toString('hex'), '04820100');
    const bad = Buffer.from(der);
    const i = bad.length - 8;
    bad[i] = (bad[i] ?? 0) ^ 0x01;
    fs.writeFileSync(f('tampered.p7m'), bad);
    const r = bcCheck(f('tampered.p7m'));
    assert.equal(r.ok, false);
    assert.equal(r.signers.length, 1);
    assert.equal(r.signers[0]?.verified, false);
    assert.equal(r.signers[0]?.essCertV2, true); // attributes untouched, only the signature broke
    assert.notEqual(r.error, null);
  });

  await t.test('plain CMS without signing-certificate-v2 is not CAdES', () => {
    const r = bcCheck(sign('plain.p7m', { cades: false, detached: false }));
    assert.equal(r.ok, false);
    assert.equal(r.signers[0]?.verified, true);
    assert.equal(r.signers[0]?.essCertV2, null);
    assert.equal(r.signers[0]?.issuerSerialMatch, null);
    assert.match(r.error ?? '', /signing-certificate-v2/);
  });

  await t.test('nested envelope (p7m of a p7m) is walked to the innermost content', () => {
    openssl(['cms', '-sign', '-cades', '-binary', '-nodetach', '-md', 'sha256', '-outform', 'DER',
      '-in', f('attached.p7m'), '-signer', f('cert.pem'), '-inkey', f('key.pem'), '-out', f('nested.p7m')]);
    const r = bcCheck(f('nested.p7m'));
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.topLevelSigners, 1);
    assert.deepEqual(r.signers.map((s) => s.depth), [0, 1]);
    assert.equal(r.contentSha256, contentSha256);
  });

  await t.test('garbage input is a parse error, not an exception', () => {
    fs.writeFileSync(f('garbage.bin'), 'not a signature');
    const r = bcCheck(f('garbage.bin'));
    assert.equal(r.ok, false);
    assert.equal(r.signers.length, 0);
    assert.match(r.error ?? '', /parse error/);
  });
});
