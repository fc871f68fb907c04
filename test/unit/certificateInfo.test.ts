/**
 * certificateInfo on damaged certificates (found by `npm run fuzz`): OpenSSL's own error text or an Invalid Date
 * must not come out; a coded INPUT_FORMAT does. Certificates made by `openssl req -x509`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certificateInfo } from '../../electron/core/cert/CertificateInfo.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { tool } from '../helpers/cli.js';
import { cleanup } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

describe('certificateInfo on damaged certificates', { skip }, () => {
  let dir: string;
  let der: Buffer;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigla-cert-'));
    const r = tool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'),
      '-subj', '/CN=Prova', '-days', '30', '-outform', 'DER', '-out', join(dir, 'c.der')]);
    assert.equal(r.status, 0, r.stderr);
    der = readFileSync(join(dir, 'c.der'));
  });
  after(() => cleanup(dir));

  const coded = (e: unknown): boolean => e instanceof SiglaError && e.code === 'INPUT_FORMAT' && !/routines::/.test(e.message);

  it('reads the intact certificate', () => {
    const info = certificateInfo(der);
    assert.equal(info.commonName, 'Prova');
    assert.ok(info.notAfter.getTime() > info.notBefore.getTime());
  });

  it('a certificate OpenSSL cannot parse is INPUT_FORMAT', () => {
    const bad = Buffer.from(der);
    bad[1] = (bad[1] as number) ^ 0x01; // the outer length octet
    assert.throws(() => certificateInfo(bad), coded);
  });

  it('a public key OpenSSL cannot decode (Node reads it lazily) is INPUT_FORMAT', () => {
    const at = der.indexOf(Buffer.from([0x03, 0x42, 0x00, 0x04])); // P-256 SubjectPublicKey: uncompressed point
    assert.ok(at > 0);
    const bad = Buffer.from(der);
    bad[at + 3] = 0x05; // no such point form (SEC 1 §2.3.3)
    assert.throws(() => certificateInfo(bad), coded);
  });

  it('a validity time that is not a time is INPUT_FORMAT, not an Invalid Date', () => {
    const at = der.indexOf(Buffer.from([0x17, 0x0d])); // notBefore UTCTime YYMMDDHHMMSSZ
    assert.ok(at > 0);
    const bad = Buffer.from(der);
    bad[at + 2 + 4] = 0x5b; // a day digit → '['
    let thrown: unknown;
    try {
      const info = certificateInfo(bad);
      // OpenSSL may refuse the time itself; if it reads it, the dates must be real ones.
      assert.ok(!Number.isNaN(info.notBefore.getTime()) && !Number.isNaN(info.notAfter.getTime()));
    } catch (e) {
      thrown = e;
    }
    if (thrown !== undefined) assert.ok(coded(thrown), String(thrown));
  });
});
