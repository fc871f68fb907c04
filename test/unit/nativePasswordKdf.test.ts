/**
 * PKCS#12 files open with node:crypto's hashing instead of forge's JavaScript (issue 13, start-up cost of a
 * PKCS#12 signature): the PKCS#12 key derivation (RFC 7292 Appendix B.2) gives the published test vectors and
 * forge's own results; files written by OpenSSL, with the modern (PBES2 AES-256 + PBKDF2-SHA256, SHA-256 MAC) and
 * the legacy (pbeWithSHAAnd3-KeyTripleDES-CBC, SHA-1 MAC) algorithms, open and sign, with a non-ASCII password too
 * (its PBKDF2 octets are UTF-8, as OpenSSL writes them); a wrong password is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import * as forge from 'node-forge';
import { SiglaError } from '../../electron/shared/errors.js';
import { useNativePasswordKdf } from '../../electron/softkey/nativePasswordKdf.js';
import { pkcs12Kdf } from '../../electron/softkey/pkcs12/pkcs12Kdf.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';

type Pkcs12Key = (password: string, salt: forge.util.ByteStringBuffer, id: number, iter: number, n: number, md?: unknown) => forge.util.ByteStringBuffer;
/** forge's own JavaScript derivation, taken before the native one replaces it. */
const forgePkcs12Key = (forge as unknown as { pbe: { generatePkcs12Key: Pkcs12Key } }).pbe.generatePkcs12Key;
const forgePbkdf2 = forge.pkcs5.pbkdf2;

const bmp = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'utf16le').swap16(), Buffer.alloc(2)]);

describe('PKCS#12 key derivation with node:crypto', () => {
  it('gives the published vectors (PKCS#12 KDF, SHA-1, as in OpenSSL and Bouncy Castle tests)', () => {
    const sha1 = (pw: string, salt: string, id: number, iter: number, n: number): string => pkcs12Kdf(bmp(pw), Buffer.from(salt, 'hex'), id, iter, n, 'sha1', 20, 64).toString('hex').toUpperCase();
    assert.equal(sha1('smeg', '0A58CF64530D823F', 1, 1, 24), '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
    assert.equal(sha1('smeg', '0A58CF64530D823F', 2, 1, 8), '79993DFE048D3B76');
    assert.equal(sha1('queeg', '05DEC959ACFF72F7', 1, 1000, 24), 'ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4');
  });

  it("matches forge's JavaScript for SHA-1, SHA-256 and SHA-512, every id, short and long outputs, empty password", () => {
    const mds = [forge.md.sha1.create(), forge.md.sha256.create(), forge.md.sha512.create()];
    for (const md of mds) {
      for (const [pw, salt, id, iter, n] of [['segreto', 'a1b2c3d4e5f60708', 3, 2048, 32], ['Pàssword lunga oltre un blocco di sessantaquattro byte!!', '00', 1, 7, 100], ['', '0102030405060708090a0b0c0d0e0f10', 2, 3, 16]] as const) {
        const ours = pkcs12Kdf(bmp(pw), Buffer.from(salt, 'hex'), id, iter, n, md.algorithm.replace('/', '-'), md.digestLength, md.blockLength);
        const theirs = forgePkcs12Key(pw, forge.util.createBuffer(Buffer.from(salt, 'hex').toString('binary')), id, iter, n, md);
        assert.equal(ours.toString('hex'), forge.util.bytesToHex(theirs.bytes()), `${md.algorithm} ${pw} ${id}`);
      }
    }
  });

  it("forge's PBKDF2 with a digest object gives what its JavaScript gave for an ASCII password", () => {
    useNativePasswordKdf();
    assert.notEqual(forge.pkcs5.pbkdf2, forgePbkdf2, 'replaced');
    for (const md of [forge.md.sha1.create(), forge.md.sha256.create(), forge.md.sha512.create()]) {
      const ours = forge.pkcs5.pbkdf2('segreto', 'saltsalt', 2048, 32, md);
      assert.equal(forge.util.bytesToHex(ours), forge.util.bytesToHex(forgePbkdf2('segreto', 'saltsalt', 2048, 32, md)), md.algorithm);
    }
  });
});

describe('PKCS#12 files written by OpenSSL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigla-p12kdf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const key = join(dir, 'k.pem');
  const cert = join(dir, 'c.pem');
  const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Sigla KDF', '-days', '2'], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);

  const variants: Record<string, string[]> = {
    'modern (PBES2 AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC)': [],
    'legacy (3DES PKCS#12 PBE, SHA-1 MAC)': ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
    'SHA-512 MAC and PBKDF2 iterations 10000': ['-macalg', 'sha512', '-iter', '10000'],
  };
  for (const [name, args] of Object.entries(variants)) {
    it(`${name}: opens, signs for the certificate's key; a wrong password is P12_PASSWORD`, async () => {
      const p12 = join(dir, `${name.split(' ')[0] ?? 'x'}.p12`);
      const exp = spawnSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', 'pass:Segreto è', ...args], { encoding: 'utf8' });
      assert.equal(exp.status, 0, exp.stderr);
      const signer = Pkcs12Signer.open(p12, Buffer.from('Segreto è'));
      const data = Buffer.from('Delibera n. 1');
      const sig = await signer.sign({ hash: 'sha256', toBeSigned: data, digest: createHash('sha256').update(data).digest() });
      assert.ok(verify('sha256', data, new X509Certificate(signer.certificate).publicKey, sig));
      assert.throws(() => Pkcs12Signer.open(p12, Buffer.from('sbagliata')), (e: unknown) => e instanceof SiglaError && e.code === 'P12_PASSWORD');
    });
  }
});
