/**
 * CAdES attached signatures read their content once (issue 13 item 2): the header is laid out before the SignerInfo
 * exists and rewritten in place. The one-pass output must be byte for byte what the two-pass writer produces (same
 * signing time, deterministic RSA PKCS#1 v1.5), verify with `openssl cms -verify`, and a source that changes size
 * while it is read must fail with INPUT_CHANGED.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OID } from '../../electron/core/asn1/oids.js';
import { IN_MEMORY_MAX, signContent } from '../../electron/core/cades/signContent.js';
import { digestAlgorithm } from '../../electron/core/cms/AlgorithmIdentifier.js';
import { signedDataPrefixLengthIsFixed } from '../../electron/core/cms/SignedData.js';
import { MemorySink, type ContentSource, type OutputSink } from '../../electron/core/content/ContentSource.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

/** A source over bytes that counts how many times it is read, delivering `deliver` bytes (default: all). */
function countingSource(bytes: Uint8Array, deliver = bytes.length): ContentSource & { opens: number } {
  const s = {
    size: bytes.length,
    opens: 0,
    open: async function* () {
      s.opens++;
      const data = deliver <= bytes.length ? bytes.subarray(0, deliver) : Buffer.concat([bytes, new Uint8Array(deliver - bytes.length)]);
      for (let off = 0; off < data.length; off += 1 << 20) yield data.subarray(off, Math.min(data.length, off + (1 << 20)));
    },
  };
  return s;
}

/** A sink that can only append: the engine must fall back to hashing first, then copying. */
class AppendOnlySink implements OutputSink {
  readonly inner = new MemorySink();
  write(chunk: Uint8Array): Promise<void> {
    return this.inner.write(chunk);
  }
}

describe('CAdES attached signature in one pass', () => {
  let pki: TestPki;
  let dir: string;
  let signer: Pkcs12Signer;
  const signingTime = new Date('2025-03-01T10:00:00Z');
  before(() => {
    pki = makeTestPki();
    dir = mkdtempSync(join(tmpdir(), 'sigla-onepass-'));
    signer = Pkcs12Signer.open(pki.signer.p12, Buffer.from(pki.signer.p12Password));
  });
  after(() => cleanup(pki.dir, dir));

  const opensslVerifies = (name: string, der: Uint8Array, content: Uint8Array): void => {
    const file = join(dir, name);
    writeFileSync(file, der);
    const out = join(dir, `${name}.out`);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', out]);
    assert.equal(v.status, 0, v.stderr);
    // The strict DER parser of asn1parse walks the whole structure (definite lengths that add up).
    const p = tool('openssl', ['asn1parse', '-inform', 'DER', '-in', file, '-noout']);
    assert.equal(p.status, 0, p.stderr);
    assert.equal(tool('sha256sum', [out]).stdout.split(' ')[0], createHash('sha256').update(content).digest('hex'));
  };

  for (const [label, size] of [
    ['large (header rewritten in place)', IN_MEMORY_MAX + 123_457],
    ['small (read into memory)', 300_001],
    ['empty', 0],
  ] as const) {
    it(`${label}: read once, same bytes as the two-pass writer, openssl verifies`, async () => {
      const content = randomBytes(size);
      const once = countingSource(content);
      const sink = new MemorySink();
      await signContent(once, sink, { signer, hash: 'sha256', signingTime, detached: false });
      assert.equal(once.opens, 1);

      const twice = countingSource(content);
      const appendOnly = new AppendOnlySink();
      await signContent(twice, appendOnly, { signer, hash: 'sha256', signingTime, detached: false });
      assert.equal(twice.opens, size > IN_MEMORY_MAX ? 2 : 1);

      assert.deepEqual(Buffer.from(sink.bytes()), Buffer.from(appendOnly.inner.bytes()));
      opensslVerifies(`s${size}.p7m`, sink.bytes(), content);
    });
  }

  it('detached: one hash pass, no content in the output', async () => {
    const content = randomBytes(IN_MEMORY_MAX + 10);
    const src = countingSource(content);
    const sink = new MemorySink();
    await signContent(src, sink, { signer, hash: 'sha256', signingTime, detached: true });
    assert.equal(src.opens, 1);
    assert.ok(sink.bytes().length < 16 << 10);
    const sig = join(dir, 'd.p7s');
    const data = join(dir, 'd.bin');
    writeFileSync(sig, sink.bytes());
    writeFileSync(data, content);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sig, '-content', data, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
  });

  for (const [label, delta] of [['grows', 4096], ['shrinks', -4096]] as const) {
    for (const size of [IN_MEMORY_MAX + 1_000_000, 200_000]) {
      it(`content that ${label} while read (${size} bytes) fails with INPUT_CHANGED`, async () => {
        const content = randomBytes(size);
        await assert.rejects(
          signContent(countingSource(content, size + delta), new MemorySink(), { signer, hash: 'sha256', signingTime, detached: false }),
          (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_CHANGED',
        );
      });
    }
  }

  it('the header is written ahead only where its length cannot depend on the SignerInfo (X.690 §8.1.3.5)', () => {
    const head = (n: number) => ({ version: 1, digestAlgorithms: [digestAlgorithm('sha256')], eContentType: OID.data, contentLength: n });
    // Between 64 KiB and 16 MiB every length takes 3 octets; just under 16 MiB a large SignerInfo would need 4.
    assert.equal(signedDataPrefixLengthIsFixed(head(100 << 20), 3000, 3000 + (1 << 20)), true);
    assert.equal(signedDataPrefixLengthIsFixed(head(10 << 20), 3000, 3000 + (1 << 20)), true);
    assert.equal(signedDataPrefixLengthIsFixed(head((16 << 20) - 10_000), 3000, 3000 + (1 << 20)), false);
    assert.equal(signedDataPrefixLengthIsFixed(head(2 ** 32 - 10_000), 3000, 3000 + (1 << 20)), false);
    assert.equal(signedDataPrefixLengthIsFixed(head(2 ** 32 + 10), 3000, 3000 + (1 << 20)), true);
  });
});
