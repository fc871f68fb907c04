/**
 * Sanity checks for the test PKI / SoftHSM2 fixture, verified with openssl and pkcs11-tool only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki } from '../helpers/testPki.js';

const sh = (cmd: string, args: string[], env?: NodeJS.ProcessEnv): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });

test('test PKI fixture (openssl + SoftHSM2)', async (t) => {
  if (!hasSoftHsm()) {
    t.skip('softhsm2 / pkcs11-tool not installed');
    return;
  }
  const pki: TestPki = makeTestPki();
  const dirs: string[] = [pki.dir];
  t.after(() => cleanup(...dirs));

  await t.test('every end-entity cert chains to the root', () => {
    for (const ident of [pki.signer, pki.auth, pki.ecSigner]) {
      const out = sh('openssl', ['verify', '-CAfile', pki.rootPem, '-untrusted', pki.intermediatePem, ident.certPem]);
      assert.match(out, /: OK\s*$/, ident.label);
    }
  });

  await t.test('keyUsage: signer nonRepudiation only, auth without it', () => {
    const ku = (pem: string): string => sh('openssl', ['x509', '-noout', '-in', pem, '-ext', 'keyUsage']);
    const signerKu = ku(pki.signer.certPem);
    assert.match(signerKu, /critical/);
    assert.match(signerKu, /Non Repudiation/);
    assert.doesNotMatch(signerKu, /Digital Signature/);
    const authKu = ku(pki.auth.certPem);
    assert.match(authKu, /Digital Signature/);
    assert.doesNotMatch(authKu, /Non Repudiation/);
    assert.match(ku(pki.ecSigner.certPem), /Non Repudiation/);
  });

  await t.test('signer carries qcStatements with QcCompliance and QcSSCD', () => {
    // OpenSSL 3.0 has no pretty-printer for qcStatements, so look at the extension's DER:
    // 06 06 04 00 8E 46 01 01 = OID 0.4.0.1862.1.1, ... 01 04 = 0.4.0.1862.1.4 (ETSI EN 319 412-5).
    const line = sh('openssl', ['asn1parse', '-in', pki.signer.certPem]).split('\n')
      .find((_l, i, all) => all[i - 1]?.includes(':qcStatements') === true) ?? '';
    assert.match(line, /060604008E460101/);
    assert.match(line, /060604008E460104/);
  });

  await t.test('token with signer + auth has 2 private keys and 2 certificates', () => {
    const tok = makeTestToken({ label: 'SiglaTest', identities: [pki.signer, pki.auth] });
    dirs.push(tok.dir);
    const out = sh('pkcs11-tool', ['--module', tok.module, '--token-label', tok.label, '--login', '--pin', tok.pin,
      '--list-objects'], tok.env);
    assert.equal(out.match(/^Private Key Object/gm)?.length, 2, out);
    assert.equal(out.match(/^Certificate Object/gm)?.length, 2, out);
    assert.match(out, /label:\s+Firma\b/);
    assert.match(out, /label:\s+CNS\b/);
  });
});
