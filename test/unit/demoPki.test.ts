/**
 * The demo PKI (electron/cli/demo/demoPki.ts) is built with Sigla's own DER encoder; these checks use openssl as the
 * independent judge of the certificates and of the PKCS#12.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDemoIdentity } from '../../electron/cli/demo/demoPki.js';

const openssl = (args: string[]): string =>
  execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function hasOpenssl(): boolean {
  try {
    openssl(['version']);
    return true;
  } catch {
    return false;
  }
}

const pemBlocks = (text: string): string[] =>
  text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

test('demo PKI (checked with openssl)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-demo-pki-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const demoDir = path.join(dir, 'demo');
  const id = ensureDemoIdentity(demoDir);

  await t.test('first call creates the files, p12 and key with mode 0600', () => {
    assert.equal(id.created, true);
    assert.equal(id.p12Password, 'sigla-demo');
    for (const f of [id.p12Path, id.caCertPath, id.signerCertPath]) assert.ok(fs.existsSync(f), f);
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(id.p12Path).mode & 0o777, 0o600);
      const keys = fs.readdirSync(demoDir).filter((f) => /key/i.test(f));
      assert.ok(keys.length > 0);
      for (const k of keys) assert.equal(fs.statSync(path.join(demoDir, k)).mode & 0o777, 0o600, k);
    }
  });

  await t.test('node:crypto parses the certificates', () => {
    const root = new X509Certificate(fs.readFileSync(id.caCertPath));
    const signer = new X509Certificate(fs.readFileSync(id.signerCertPath));
    assert.equal(root.ca, true);
    assert.equal(signer.ca, false);
    assert.ok(root.verify(root.publicKey));
    assert.ok(signer.checkIssued(root));
    assert.ok(signer.verify(root.publicKey));
    assert.match(signer.subject, /CN=ROSSI MARIO \(DEMO\)/);
    assert.match(signer.subject, /serialNumber=TINIT-DEMO0000000000000/);
    const years = (new Date(signer.validTo).getTime() - new Date(signer.validFrom).getTime()) / (365.25 * 864e5);
    assert.ok(years > 1.9 && years < 2.1, `signer validity ${years}y`);
  });

  await t.test('openssl: extensions as specified', { skip: !hasOpenssl() && 'openssl not installed' }, () => {
    const signer = openssl(['x509', '-in', id.signerCertPath, '-noout', '-text']);
    assert.match(signer, /X509v3 Key Usage: critical\s+Non Repudiation\s*\n/);
    assert.match(signer, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(signer, /Public-Key: \(2048 bit\)/);
    assert.match(signer, /Issuer: .*CN\s?=\s?Sigla Demo Root CA/);
    assert.match(signer, /X509v3 Subject Key Identifier/);
    assert.match(signer, /X509v3 Authority Key Identifier/);
    assert.match(signer, /(GN|givenName)\s?=\s?MARIO/);
    assert.match(signer, /(SN|surname)\s?=\s?ROSSI/);
    // qcStatements with QcCompliance: OID 0.4.0.1862.1.1 = 06 06 04 00 8E 46 01 01 (ETSI EN 319 412-5).
    const lines = openssl(['asn1parse', '-in', id.signerCertPath]).split('\n');
    const qc = lines.find((_l, i) => lines[i - 1]?.includes(':qcStatements') === true) ?? '';
    assert.match(qc, /060604008E460101/);
    // Name string types: PrintableString for countryName, UTF8String for the DirectoryString attributes.
    assert.ok(lines.some((l) => l.includes('PRINTABLESTRING') && l.includes(':IT')));
    assert.ok(lines.some((l) => l.includes('UTF8STRING') && l.includes(':ROSSI MARIO (DEMO)')));

    const root = openssl(['x509', '-in', id.caCertPath, '-noout', '-text']);
    assert.match(root, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(root, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(root, /Public-Key: \(3072 bit\)/);
    assert.match(root, /X509v3 Subject Key Identifier/);
  });

  await t.test('openssl verify: signer chains to the demo root', { skip: !hasOpenssl() && 'openssl not installed' }, () => {
    const out = openssl(['verify', '-CAfile', id.caCertPath, id.signerCertPath]);
    assert.match(out, /: OK\s*$/);
  });

  await t.test('openssl pkcs12: opens with the demo password, holds signer + root and the key', {
    skip: !hasOpenssl() && 'openssl not installed',
  }, () => {
    const certs = openssl(['pkcs12', '-in', id.p12Path, '-passin', 'pass:sigla-demo', '-nokeys']);
    assert.match(certs, /friendlyName: Sigla demo signer/);
    const blocks = pemBlocks(certs).map((b) => new X509Certificate(b).raw);
    const signerDer = new X509Certificate(fs.readFileSync(id.signerCertPath)).raw;
    const rootDer = new X509Certificate(fs.readFileSync(id.caCertPath)).raw;
    // Byte-identical: the PKCS#12 writer must not have re-encoded (and so broken) the certificates.
    assert.ok(blocks.some((b) => b.equals(signerDer)), 'signer cert in p12');
    assert.ok(blocks.some((b) => b.equals(rootDer)), 'root cert in p12');
    const key = openssl(['pkcs12', '-in', id.p12Path, '-passin', 'pass:sigla-demo', '-nocerts', '-nodes']);
    assert.match(key, /-----BEGIN PRIVATE KEY-----/);
    assert.throws(() => openssl(['pkcs12', '-in', id.p12Path, '-passin', 'pass:wrong', '-nokeys']));
  });

  await t.test('second call reuses the same files', () => {
    const before = [id.p12Path, id.caCertPath, id.signerCertPath].map((f) => fs.readFileSync(f));
    const again = ensureDemoIdentity(demoDir);
    assert.equal(again.created, false);
    assert.deepEqual({ ...again, created: true }, id);
    const after = [again.p12Path, again.caCertPath, again.signerCertPath].map((f) => fs.readFileSync(f));
    assert.deepEqual(after, before);
  });
});
