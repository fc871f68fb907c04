/**
 * Sigla's own PKCS#12 reader (electron/softkey/pkcs12/, issue 13: a PKCS#12 signature no longer loads node-forge):
 * files written by OpenSSL with every scheme OpenSSL 1.1/3 and Windows use give the same private key and the same
 * certificate octets as `openssl pkcs12` itself extracts; what the reader leaves aside (RC2 of `-legacy`) is
 * UnsupportedPkcs12 and still opens through the forge fallback; a wrong password is P12_PASSWORD (with or without
 * a MAC), a damaged file INPUT_FORMAT, an absurd iteration count INPUT_LIMIT before any derivation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { integer, octetString, oid, sequence, tlv } from '../../electron/core/asn1/Der.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { readPfx } from '../../electron/softkey/pkcs12/Pfx.js';
import { UnsupportedPkcs12 } from '../../electron/softkey/pkcs12/UnsupportedPkcs12.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';

const dir = mkdtempSync(join(tmpdir(), 'sigla-p12reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[], input?: string): string {
  const r = spawnSync('openssl', args, { encoding: 'latin1', ...(input !== undefined ? { input } : {}) });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const pemBlocks = (text: string, label: string): Buffer[] =>
  [...text.matchAll(new RegExp(`-----BEGIN ${label}-----([^-]+)-----END ${label}-----`, 'g'))].map((m) => Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'));

// A CA and a signer under it (RSA), and an EC signer: the files hold a chain, not only the leaf.
const caKey = join(dir, 'ca.key');
const ca = join(dir, 'ca.pem');
openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-subj', '/CN=Sigla Test CA', '-days', '2']);
function signer(name: string, keyArgs: string[]): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2']);
  return { key, cert };
}
const rsa = signer('Mario Rossi', ['-newkey', 'rsa:2048']);
const ec = signer('Anna Verdi', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);

/** What OpenSSL itself extracts from a file: the certificates' DER and the key's SubjectPublicKeyInfo. */
function opensslView(p12: string, password: string): { certs: string[]; spki: string } {
  const pass = `pass:${password}`;
  const certs = pemBlocks(openssl(['pkcs12', '-in', p12, '-nokeys', '-passin', pass]), 'CERTIFICATE').map((c) => c.toString('hex'));
  const keyPem = openssl(['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', pass]);
  const spki = createPublicKey(keyPem.slice(keyPem.indexOf('-----BEGIN'))).export({ type: 'spki', format: 'der' }).toString('hex');
  return { certs: certs.sort(), spki };
}

function ourView(p12: string, password: string): { certs: string[]; spki: string } {
  const c = readPfx(readFileSync(p12), Buffer.from(password));
  const key = c.shroudedKeys[0] ?? c.plainKeys[0];
  assert.ok(key, 'a key');
  const spki = createPublicKey(createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('hex');
  return { certs: c.certificates.map((x) => Buffer.from(x).toString('hex')).sort(), spki };
}

describe("Sigla's PKCS#12 reader against openssl pkcs12", () => {
  const variants: Array<[string, { key: string; cert: string }, string, string[]]> = [
    ['OpenSSL 3 default (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC)', rsa, 'Segreto è ☃', []],
    ['PKCS#12 3DES PBE for key and certificates, SHA-1 MAC (OpenSSL 1.1 key, Windows TripleDES-SHA1)', rsa, 'segreto', ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ['PBES2 AES-128 key, certificates not encrypted, SHA-512 MAC, 10000 iterations', rsa, 'segreto', ['-keypbe', 'AES-128-CBC', '-certpbe', 'NONE', '-macalg', 'sha512', '-iter', '10000']],
    ['PBES2 DES-EDE3-CBC key, plain certificates', rsa, 'segreto', ['-keypbe', 'DES-EDE3-CBC', '-certpbe', 'NONE']],
    ['an unencrypted key bag (keyBag)', rsa, 'segreto', ['-keypbe', 'NONE', '-certpbe', 'NONE']],
    ['PKCS#12 2-key 3DES PBE, SHA-384 MAC', rsa, 'segreto', ['-keypbe', 'PBE-SHA1-2DES', '-certpbe', 'PBE-SHA1-2DES', '-macalg', 'sha384']],
    ['an EC P-256 key', ec, 'segreto', []],
    ['an empty password', rsa, '', []],
  ];
  for (const [name, who, password, args] of variants) {
    it(`${name}: the key and certificates OpenSSL extracts`, () => {
      const p12 = join(dir, `v${variants.findIndex((v) => v[0] === name)}.p12`);
      openssl(['pkcs12', '-export', '-inkey', who.key, '-in', who.cert, '-certfile', ca, '-out', p12, '-passout', `pass:${password}`, ...args]);
      const ours = ourView(p12, password);
      assert.deepEqual(ours, opensslView(p12, password));
      assert.equal(ours.certs.length, 2, 'leaf and CA');
      assert.throws(() => readPfx(readFileSync(p12), Buffer.from('sbagliata')), (e: unknown) => e instanceof SiglaError && e.code === 'P12_PASSWORD');
    });
  }

  it('without a MAC (-nomac) a wrong password is still P12_PASSWORD, the right one opens', () => {
    const p12 = join(dir, 'nomac.p12');
    openssl(['pkcs12', '-export', '-inkey', rsa.key, '-in', rsa.cert, '-out', p12, '-passout', 'pass:segreto', '-nomac']);
    assert.deepEqual(ourView(p12, 'segreto'), opensslView(p12, 'segreto'));
    for (const wrong of ['sbagliata', 'segreto ', '']) assert.throws(() => readPfx(readFileSync(p12), Buffer.from(wrong)), (e: unknown) => e instanceof SiglaError && e.code === 'P12_PASSWORD', wrong);
  });

  it('RC2 (openssl -legacy) is left to forge: UnsupportedPkcs12 here, and Pkcs12Signer still opens it', () => {
    const p12 = join(dir, 'legacy.p12');
    openssl(['pkcs12', '-export', '-legacy', '-inkey', rsa.key, '-in', rsa.cert, '-certfile', ca, '-out', p12, '-passout', 'pass:segreto']);
    assert.throws(() => readPfx(readFileSync(p12), Buffer.from('segreto')), UnsupportedPkcs12);
    const s = Pkcs12Signer.open(p12, Buffer.from('segreto'));
    assert.equal(new X509Certificate(s.certificate).subject, 'CN=Mario Rossi');
    assert.deepEqual(s.chain.map((c) => new X509Certificate(c).subject), ['CN=Sigla Test CA'], 'the issuer from the file');
    assert.throws(() => Pkcs12Signer.open(p12, Buffer.from('sbagliata')), (e: unknown) => e instanceof SiglaError && e.code === 'P12_PASSWORD');
  });

  it('Pkcs12Signer zeroes the password it was given and picks the certificate of the key', () => {
    const p12 = join(dir, 'zero.p12');
    openssl(['pkcs12', '-export', '-inkey', ec.key, '-in', ec.cert, '-certfile', ca, '-out', p12, '-passout', 'pass:segreto']);
    const pw = Buffer.from('segreto');
    const s = Pkcs12Signer.open(p12, pw);
    assert.ok(pw.every((b) => b === 0));
    assert.equal(s.keyAlgorithm, 'EC');
    assert.equal(new X509Certificate(s.certificate).subject, 'CN=Anna Verdi');
  });

  it('damaged files are INPUT_FORMAT; an absurd iteration count INPUT_LIMIT', () => {
    const p12 = join(dir, 'v0.p12');
    const good = readFileSync(p12);
    for (const bad of [good.subarray(0, good.length >> 1), Buffer.from('not a pkcs12'), Buffer.alloc(0)]) {
      assert.throws(() => readPfx(bad, Buffer.from('x')), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
    }
    const bad = join(dir, 'bad.p12');
    writeFileSync(bad, good.subarray(0, 200));
    assert.throws(() => Pkcs12Signer.open(bad, Buffer.from('x')), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
    // A PFX whose SHA-256 MAC asks for 2^31 − 1 iterations: refused before deriving anything.
    const pfx = sequence(
      integer(3),
      sequence(oid('1.2.840.113549.1.7.1'), tlv(0xa0, octetString(sequence()))),
      sequence(sequence(sequence(oid('2.16.840.1.101.3.4.2.1')), octetString(new Uint8Array(32))), octetString(new Uint8Array(8)), integer(0x7fffffff)),
    );
    assert.throws(() => readPfx(pfx, Buffer.from('x')), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_LIMIT');
  });
});
