/**
 * A batch signs every document with one certificate: its fields and its signing-certificate-v2 attribute (RFC 5035
 * §3, ETSI EN 319 122-1 §5.2.2.3) are read once and reused (cms/SignerInfo.ts). Every signature must still carry
 * the hash of the certificate as it is when it signs: openssl verifies each, the ESSCertIDv2 holds the SHA-256 /
 * SHA-384 of the certificate computed here independently, and bytes changed in place are never served from before.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signContent } from '../../electron/core/cades/signContent.js';
import { bytesSource, MemorySink } from '../../electron/core/content/ContentSource.js';
import type { RawSigner } from '../../electron/core/signer/RawSigner.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const contains = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;

describe('signer certificate read once per batch', () => {
  let pki: TestPki;
  let dir: string;
  let signer: Pkcs12Signer;
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-certreuse-'));
    signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password));
  });
  after(() => cleanup(pki.dir, dir));

  const sign = async (key: RawSigner, hash: 'sha256' | 'sha384', text: string): Promise<Uint8Array> => {
    const sink = new MemorySink();
    await signContent(bytesSource(new TextEncoder().encode(text)), sink, { signer: key, hash, detached: false });
    return sink.bytes();
  };

  it('consecutive signatures with one key, SHA-256 then SHA-384: each verifies and names the certificate by its own hash', async () => {
    const cert = signer.certificate;
    for (const [i, hash] of (['sha256', 'sha256', 'sha384', 'sha256'] as const).entries()) {
      const der = await sign(signer, hash, `documento ${i}\n`);
      const file = join(dir, `doc${i}.p7m`);
      writeFileSync(file, der);
      const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', join(dir, `doc${i}.out`)]);
      assert.equal(v.status, 0, v.stderr);
      assert.ok(contains(der, createHash(hash).update(cert).digest()), `signature ${i} carries the ${hash} of the certificate`);
      const other = hash === 'sha256' ? 'sha384' : 'sha256';
      assert.ok(!contains(der, createHash(other).update(cert).digest()), `signature ${i} carries no ${other} certificate hash`);
    }
  });

  it('certificate bytes changed in place between two signatures: the second names the changed certificate', async () => {
    const bytes = new Uint8Array(signer.certificate);
    const key: RawSigner = {
      certificate: bytes,
      chain: [],
      keyAlgorithm: signer.keyAlgorithm,
      sign: (r) => signer.sign(r),
    };
    const before = createHash('sha256').update(bytes).digest();
    assert.ok(contains(await sign(key, 'sha256', 'primo\n'), before));
    // The last byte of the certificate's signature value: the DER still parses, the certificate is another one.
    bytes[bytes.length - 1] = ((bytes[bytes.length - 1] ?? 0) + 1) & 0xff;
    const changed = createHash('sha256').update(bytes).digest();
    const second = await sign(key, 'sha256', 'secondo\n');
    assert.ok(contains(second, changed), 'the changed certificate is named');
    assert.ok(!contains(second, before), 'the certificate as it was is not');
  });
});
