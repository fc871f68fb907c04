/**
 * `isDerEncoded` (core/asn1/derReencode.ts): the check that lets DER values be hashed as stored instead of being
 * re-encoded (archive-time-stamp-v3 hash indexes, EN 319 122-1 §5.5.2). It must say true exactly when
 * `derReencode` gives the stored bytes back. OpenSSL is the independent encoder: a CMS it streams (BER: indefinite
 * lengths, constructed OCTET STRING) and the same CMS it re-encodes (`cms -cmsout -outform DER`).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BER_MAX_DEPTH, raw, readTlv } from '../../electron/core/asn1/Ber.js';
import { sequence } from '../../electron/core/asn1/Der.js';
import { derReencode, isDerEncoded } from '../../electron/core/asn1/derReencode.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('isDerEncoded', () => {
  const cases: [string, string, string | undefined][] = [
    ['primitive, short length', '04 01 aa', undefined],
    ['length in long form for a short value', '04 81 01 aa', '04 01 aa'],
    ['length with a leading zero octet', '04 82 00 81' + 'aa'.repeat(0x81), '04 81 81' + 'aa'.repeat(0x81)],
    ['indefinite length', '30 80 02 01 01 00 00', '30 03 02 01 01'],
    ['constructed OCTET STRING', '24 06 04 01 aa 04 01 bb', '04 02 aa bb'],
    ['SET OF out of order', '31 06 02 01 02 02 01 01', '31 06 02 01 01 02 01 02'],
    ['SET OF in order', '31 06 02 01 01 02 01 02', undefined],
    ['SEQUENCE keeps its order', '30 06 02 01 02 02 01 01', undefined],
    ['tag number ≥ 31', '9f 1f 01 00', undefined],
    ['non-DER deep inside a DER-looking parent', '30 05 30 81 02 05 00', '30 04 30 02 05 00'],
  ];
  for (const [name, input, der] of cases) {
    it(name, () => {
      const node = readTlv(hex(input));
      assert.equal(isDerEncoded(node), der === undefined);
      const out = derReencode(node);
      assert.ok(same(out, der === undefined ? raw(node) : hex(der)));
      // A copy, never a view of the input.
      assert.notEqual(out.buffer, node.bytes.buffer);
    });
  }

  it('too deep: not DER-as-stored, and derReencode refuses it with INPUT_LIMIT', () => {
    // Definite lengths (a reader reads one level at a time); DER in every other respect.
    let bytes = hex('05 00');
    for (let i = 0; i < BER_MAX_DEPTH + 2; i++) bytes = sequence(bytes);
    const node = readTlv(bytes);
    assert.equal(isDerEncoded(node), false);
    assert.throws(
      () => derReencode(node),
      (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_LIMIT',
    );
  });
});

describe('isDerEncoded against OpenSSL', { skip }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('a streamed (BER) CMS is not DER; re-encoded it is byte for byte what OpenSSL writes as DER', () => {
    const ber = join(pki.dir, 'ber.p7m');
    const der = join(pki.dir, 'der.p7m');
    const data = join(pki.dir, 'data.bin');
    writeFileSync(data, randomBytes(5000));
    const sign = tool('openssl', ['cms', '-sign', '-binary', '-stream', '-nodetach', '-in', data, '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-outform', 'DER', '-out', ber]);
    assert.equal(sign.status, 0, sign.stderr);
    const out = tool('openssl', ['cms', '-cmsout', '-inform', 'DER', '-in', ber, '-outform', 'DER', '-out', der]);
    assert.equal(out.status, 0, out.stderr);
    const berBytes = new Uint8Array(readFileSync(ber));
    const derBytes = new Uint8Array(readFileSync(der));
    assert.ok(!same(berBytes, derBytes), 'OpenSSL streamed BER');
    assert.equal(isDerEncoded(readTlv(berBytes)), false);
    assert.equal(isDerEncoded(readTlv(derBytes)), true);
    assert.ok(same(derReencode(readTlv(berBytes)), derBytes));
    assert.ok(same(derReencode(readTlv(derBytes)), derBytes));
  });
});
