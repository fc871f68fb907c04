/** The ASN.1 pieces, checked against encodings produced by OpenSSL (`openssl asn1parse -genstr`) and X.690 examples. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { children, octetStringValue, oidString, readTlv, timeValue } from '../../electron/core/asn1/Ber.js';
import { encodeLength, integer, integerFromBytes, oid, setOf, time, tlv, TAG } from '../../electron/core/asn1/Der.js';
import { decodeCmsInput } from '../../electron/core/cms/CmsEncoding.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function opensslDer(genstr: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-asn1-'));
  try {
    execFileSync('openssl', ['asn1parse', '-genstr', genstr, '-noout', '-out', join(dir, 'out.der')]);
    return readFileSync(join(dir, 'out.der')).toString('hex');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DER encoder', () => {
  it('encodes lengths in short and long form (X.690 §8.1.3)', () => {
    assert.equal(hex(encodeLength(0)), '00');
    assert.equal(hex(encodeLength(127)), '7f');
    assert.equal(hex(encodeLength(128)), '8180');
    assert.equal(hex(encodeLength(256)), '820100');
    assert.equal(hex(encodeLength(2 ** 32)), '850100000000');
  });

  it('encodes OIDs as OpenSSL does', () => {
    for (const o of ['1.2.840.113549.1.7.2', '2.16.840.1.101.3.4.2.1', '1.2.840.113549.1.9.16.2.47', '0.4.0.1862.1.1', '2.999.1']) {
      assert.equal(hex(oid(o)), opensslDer(`OID:${o}`), o);
      assert.equal(oidString(readTlv(oid(o))), o);
    }
  });

  it('encodes INTEGERs minimally with a sign octet when needed', () => {
    assert.equal(hex(integer(1)), opensslDer('INTEGER:1'));
    assert.equal(hex(integer(128)), opensslDer('INTEGER:128'));
    assert.equal(hex(integer(65535)), opensslDer('INTEGER:65535'));
    assert.equal(hex(integerFromBytes(Uint8Array.of(0, 0, 0xff))), '020200ff');
  });

  it('writes UTCTime until 2049 and GeneralizedTime after (RFC 5280 §4.1.2.5)', () => {
    assert.equal(Buffer.from(time(new Date(Date.UTC(2026, 10, 22, 8, 5, 9)))).subarray(2).toString(), '261122080509Z');
    assert.equal(time(new Date(Date.UTC(2050, 0, 1)))[0], TAG.GENERALIZED_TIME);
    assert.equal(timeValue(readTlv(time(new Date(Date.UTC(2049, 11, 31, 23, 59, 59))))).toISOString(), '2049-12-31T23:59:59.000Z');
  });

  it('sorts SET OF by encoding (X.690 §11.6)', () => {
    const a = tlv(TAG.OCTET_STRING, Uint8Array.of(2));
    const b = tlv(TAG.OCTET_STRING, Uint8Array.of(1, 9));
    const c = tlv(TAG.INTEGER, Uint8Array.of(5));
    assert.equal(hex(setOf([a, b, c])), '31' + '0a' + hex(c) + hex(a) + hex(b));
  });
});

describe('BER reader', () => {
  it('reads indefinite lengths and constructed OCTET STRINGs (X.690 §8.1.3.6, §8.7.3)', () => {
    // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" } }
    const ber = Buffer.from('3080' + '2480' + '04026162' + '040163' + '0000' + '0000', 'hex');
    const seq = readTlv(ber);
    assert.equal(seq.indefinite, true);
    assert.equal(seq.end, ber.length);
    const [os] = children(seq);
    assert.ok(os);
    assert.equal(Buffer.from(octetStringValue(os)).toString(), 'abc');
  });

  it('refuses truncated input with INPUT_FORMAT', () => {
    assert.throws(() => readTlv(Buffer.from('3005020101', 'hex')), { code: 'INPUT_FORMAT' });
    assert.throws(() => readTlv(Buffer.from('3080020101', 'hex')), { code: 'INPUT_FORMAT' });
  });
});

describe('CMS input encodings', () => {
  const der = Buffer.from('3003020101', 'hex');
  it('passes binary through untouched', () => {
    const d = decodeCmsInput(der);
    assert.equal(d.encoding, 'binary');
    assert.equal(d.bytes, der);
  });
  it('decodes base64 with line breaks and PEM armour', () => {
    assert.deepEqual(Buffer.from(decodeCmsInput(Buffer.from('MAMC\nAQE=\n')).bytes), der);
    const pem = `-----BEGIN PKCS7-----\n${der.toString('base64')}\n-----END PKCS7-----\n`;
    const d = decodeCmsInput(Buffer.from(pem));
    assert.equal(d.encoding, 'pem');
    assert.deepEqual(Buffer.from(d.bytes), der);
  });
  it('refuses text that is not base64', () => {
    assert.throws(() => decodeCmsInput(Buffer.from('hello, world')), { code: 'INPUT_FORMAT' });
  });
});
