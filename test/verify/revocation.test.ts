/**
 * Revocation in `sigla verify`: OCSP from `openssl ocsp` and CRLs from `openssl ca -gencrl`, on loopback
 * (test/helpers/ocspServer.ts). A good certificate passes; a revoked one is never passed; a responder that is gone
 * makes the result indeterminate (TRY_LATER); `--offline` skips the check and says so.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

interface Rep {
  status: string;
  signatures: { status: string; subIndication?: string; warnings: Finding[]; problems: Finding[] }[];
}

interface Finding {
  code: string;
  params: Record<string, string | number>;
}

describe('verify with OCSP and CRL', { skip }, () => {
  let pki: RevocationPki;
  let good: string;
  let revoked: string;
  before(async () => {
    pki = await makeRevocationPki();
    const doc = join(pki.dir, 'atto.txt');
    writeFileSync(doc, 'Atto di revoca di prova.\n');
    for (const [id, name] of [[pki.good, 'good'], [pki.revoked, 'revoked']] as const) {
      const out = join(pki.dir, `${name}.p7m`);
      const r = sigla(['sign', doc, '--p12', id.p12, '--pin-stdin', '--out', out], { input: `${id.p12Password}\n` });
      assert.equal(r.status, 0, r.stderr);
    }
    good = join(pki.dir, 'good.p7m');
    revoked = join(pki.dir, 'revoked.p7m');
  });
  after(async () => pki.close());

  const verify = (f: string, ...extra: string[]): { code: number; rep: Rep } => {
    const r = sigla(['verify', f, '--trust', pki.rootPem, '--json', ...extra]);
    return { code: r.status, rep: JSON.parse(r.stdout) as Rep };
  };

  it('a good certificate passes, checked by OCSP', () => {
    const { code, rep } = verify(good);
    assert.equal(code, 0, JSON.stringify(rep));
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'NOT_REVOKED' && /^OCSP /.test(String(w.params['source']))));
    assert.ok(pki.ocspRequests > 0);
    // The intermediate CA is checked too, on the root's CRL (its CRL distribution point).
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'CA_NOT_REVOKED' && w.params['subject'] === 'Sigla Test Revocation CA' && /^CRL /.test(String(w.params['source']))), JSON.stringify(rep));
    assert.ok(pki.crlRequests > 0);
  });

  it('a revoked certificate is not passed (REVOKED_NO_POE, exit 10)', () => {
    const { code, rep } = verify(revoked);
    assert.equal(code, 10, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.subIndication, 'REVOKED_NO_POE');
    assert.ok(rep.signatures[0]?.problems.some((p) => p.code === 'CERT_REVOKED' && typeof p.params['revokedAt'] === 'string'));
  });

  it('a file that carries only the signer certificate: the intermediate is downloaded from the AIA (caIssuers)', () => {
    // A PKCS#12 with the leaf alone (openssl), so the .p7m embeds no intermediate.
    const p12 = join(pki.dir, 'leaf-only.p12');
    const x = tool('openssl', ['pkcs12', '-export', '-inkey', pki.good.keyPem, '-in', pki.good.certPem, '-name', 'solo foglia', '-passout', 'pass:segreta', '-out', p12]);
    assert.equal(x.status, 0, x.stderr);
    const doc = join(pki.dir, 'atto-solo-foglia.txt');
    writeFileSync(doc, 'Atto con il solo certificato del firmatario.\n');
    const out = join(pki.dir, 'leaf-only.p7m');
    const s = sigla(['sign', doc, '--p12', p12, '--pin-stdin', '--out', out], { input: 'segreta\n' });
    assert.equal(s.status, 0, s.stderr);
    const certs = tool('openssl', ['pkcs7', '-inform', 'DER', '-in', out, '-print_certs', '-noout']);
    assert.equal((certs.stdout.match(/subject=/g) ?? []).length, 1, certs.stdout);

    const offline = verify(out, '--offline');
    assert.equal(offline.code, 10, JSON.stringify(offline.rep));
    assert.equal(offline.rep.signatures[0]?.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
    const online = verify(out);
    assert.equal(online.code, 0, JSON.stringify(online.rep));
    assert.ok(online.rep.signatures[0]?.warnings.some((w) => w.code === 'ISSUER_DOWNLOADED' && w.params['issuer'] === 'Sigla Test Revocation CA'), JSON.stringify(online.rep));
  });

  it('--offline skips revocation and says so', () => {
    const { code, rep } = verify(revoked, '--offline');
    assert.equal(code, 0);
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'REVOCATION_NOT_CHECKED_OFFLINE'));
  });

  it('with the responders gone the result is indeterminate (TRY_LATER)', async () => {
    // Keep the files: close() removes the helper's folder.
    const keep = mkdtempSync(join(tmpdir(), 'sigla-rev-'));
    copyFileSync(good, join(keep, 'good.p7m'));
    copyFileSync(pki.rootPem, join(keep, 'root.pem'));
    await pki.close();
    const r = sigla(['verify', join(keep, 'good.p7m'), '--trust', join(keep, 'root.pem'), '--json']);
    rmSync(keep, { recursive: true, force: true });
    const code = r.status;
    const rep = JSON.parse(r.stdout) as Rep;
    assert.equal(code, 10, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.subIndication, 'TRY_LATER');
  });
});

describe('verify when a CA of the chain is revoked', { skip }, () => {
  it('a signature under a revoked intermediate CA is not passed (REVOKED_CA_NO_POE, exit 10)', async () => {
    const pki = await makeRevocationPki({ revokeIntermediate: true });
    try {
      // openssl itself sees the intermediate in the root's CRL.
      const crl = tool('openssl', ['crl', '-inform', 'DER', '-in', join(pki.dir, 'root.crl'), '-noout', '-text']);
      assert.match(crl.stdout, /CA Compromise/);
      const doc = join(pki.dir, 'atto.txt');
      writeFileSync(doc, 'Atto firmato sotto una CA revocata.\n');
      const out = join(pki.dir, 'good.p7m');
      const s = sigla(['sign', doc, '--p12', pki.good.p12, '--pin-stdin', '--out', out], { input: `${pki.good.p12Password}\n` });
      assert.equal(s.status, 0, s.stderr);
      const r = sigla(['verify', out, '--trust', pki.rootPem, '--json']);
      const rep = JSON.parse(r.stdout) as Rep;
      assert.equal(r.status, 10, JSON.stringify(rep));
      assert.equal(rep.signatures[0]?.subIndication, 'REVOKED_CA_NO_POE');
      assert.ok(rep.signatures[0]?.problems.some((p) => (p.code === 'CA_REVOKED' || p.code === 'CA_REVOKED_UNDATED') && p.params['subject'] === 'Sigla Test Revocation CA'), JSON.stringify(rep));
    } finally {
      await pki.close();
    }
  });
});
