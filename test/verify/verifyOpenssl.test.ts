/**
 * `sigla verify` on CAdES made by OpenSSL, not by Sigla: RSA PKCS#1 v1.5, RSA-PSS, ECDSA, SHA-512, BER streamed
 * (indefinite lengths), PEM, Base64, two signers, nested. Each passes with the test root as trust anchor (exit 0),
 * is indeterminate without it (exit 10) and fails once a content byte is changed (exit 6).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';
const TEXT = 'Contratto di servizio: le parti concordano quanto segue.\n';

describe('verify OpenSSL-made CAdES', { skip }, () => {
  let pki: TestPki;
  let content: string;
  const sign = (out: string, args: string[]): void => {
    const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', content, '-out', out, ...args]);
    assert.equal(r.status, 0, r.stderr);
  };
  const who = (id: TestPki['signer']): string[] => ['-signer', id.certPem, '-inkey', id.keyPem, '-certfile', pki.chainPem];

  before(() => {
    pki = makeTestPki();
    content = join(pki.dir, 'contratto.txt');
    writeFileSync(content, TEXT.repeat(40));
  });
  after(() => cleanup(pki.dir));

  const cases: [string, () => string][] = [
    ['RSA PKCS#1 v1.5 SHA-256 DER', () => { const f = join(pki.dir, 'rsa.p7m'); sign(f, [...who(pki.signer), '-outform', 'DER', '-md', 'sha256']); return f; }],
    ['RSA-PSS', () => { const f = join(pki.dir, 'pss.p7m'); sign(f, [...who(pki.signer), '-outform', 'DER', '-md', 'sha256', '-keyopt', 'rsa_padding_mode:pss']); return f; }],
    ['ECDSA P-256', () => { const f = join(pki.dir, 'ec.p7m'); sign(f, [...who(pki.ecSigner), '-outform', 'DER', '-md', 'sha256']); return f; }],
    ['SHA-512', () => { const f = join(pki.dir, 'sha512.p7m'); sign(f, [...who(pki.signer), '-outform', 'DER', '-md', 'sha512']); return f; }],
    ['BER streamed', () => { const f = join(pki.dir, 'ber.p7m'); sign(f, [...who(pki.signer), '-outform', 'DER', '-stream', '-md', 'sha256']); return f; }],
    ['PEM', () => { const f = join(pki.dir, 'pem.p7m'); sign(f, [...who(pki.signer), '-outform', 'PEM']); return f; }],
    ['Base64', () => { const der = join(pki.dir, 'b64.der'); sign(der, [...who(pki.signer), '-outform', 'DER']); const f = join(pki.dir, 'b64.p7m'); writeFileSync(f, readFileSync(der).toString('base64').replace(/(.{64})/g, '$1\n')); return f; }],
    ['two signers', () => { const f = join(pki.dir, 'two.p7m'); sign(f, [...who(pki.signer), '-signer', pki.ecSigner.certPem, '-inkey', pki.ecSigner.keyPem, '-outform', 'DER']); return f; }],
    ['nested', () => {
      const inner = join(pki.dir, 'inner.p7m');
      sign(inner, [...who(pki.signer), '-outform', 'DER']);
      const f = join(pki.dir, 'nested.p7m.p7m');
      const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', inner, '-out', f, ...who(pki.ecSigner), '-outform', 'DER']);
      assert.equal(r.status, 0, r.stderr);
      return f;
    }],
  ];

  for (const [name, make] of cases) {
    it(`${name}: passed with --trust, indeterminate without, failed when tampered`, () => {
      const f = make();
      let r = sigla(['verify', f, '--trust', pki.rootPem, '--json']);
      assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      const rep = JSON.parse(r.stdout) as { status: string; signatures: { integrity: string; status: string; depth: number }[] };
      assert.equal(rep.status, 'passed');
      assert.ok(rep.signatures.length >= 1 && rep.signatures.every((s) => s.integrity === 'valid' && s.status === 'passed'));
      if (name === 'two signers') assert.equal(rep.signatures.length, 2);
      if (name === 'nested') assert.deepEqual(rep.signatures.map((s) => s.depth), [0, 1]);
      r = sigla(['verify', f, '--json']);
      assert.equal(r.status, 10, r.stdout);
      assert.equal((JSON.parse(r.stdout) as { signatures: { subIndication: string }[] }).signatures[0]?.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
      // Tamper with one content byte (binary forms only: text forms would no longer be the same encoding).
      const bytes = readFileSync(f);
      const at = bytes.indexOf(Buffer.from('concordano'));
      if (at > 0) {
        const bad = Buffer.from(bytes);
        bad[at] = 0x43; // 'c' → 'C'
        const t = join(pki.dir, `tampered-${name.replace(/\W+/g, '_')}.p7m`);
        writeFileSync(t, bad);
        r = sigla(['verify', t, '--trust', pki.rootPem, '--json']);
        assert.equal(r.status, 6, `${name} tampered: ${r.stdout}`);
        assert.equal((JSON.parse(r.stdout) as { signatures: { subIndication: string }[] }).signatures.some((s) => s.subIndication === 'HASH_FAILURE'), true);
      }
      // extract gives the original bytes back through every envelope and encoding.
      const back = join(pki.dir, `back-${name.replace(/\W+/g, '_')}.txt`);
      r = sigla(['extract', f, '--out', back]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(sha256File(back), sha256File(content));
    });
  }
});
