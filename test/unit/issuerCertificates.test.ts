/**
 * What an AIA caIssuers URL may return (RFC 5280 §4.2.2.1): a DER certificate, a certs-only CMS (made here by
 * `openssl crl2pkcs7 -nocrl`), or PEM; anything else gives nothing. AIA URLs are read from openssl-made
 * certificates.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { authorityInfoAccess } from '../../electron/core/cert/AuthorityInfoAccess.js';
import { issuerCertificates } from '../../electron/core/cms/issuerCertificates.js';
import { tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

describe('issuer certificates from AIA caIssuers', { skip: tool('openssl', ['version']).status === 0 ? false : 'openssl missing' }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('reads DER, certs-only CMS and PEM; refuses junk', () => {
    const der = new Uint8Array(readFileSync(pki.intermediateDer));
    assert.deepEqual(issuerCertificates(der).map((c) => Buffer.from(c).equals(Buffer.from(der))), [true]);
    const p7c = join(pki.dir, 'chain.p7c');
    const r = tool('openssl', ['crl2pkcs7', '-nocrl', '-certfile', pki.chainPem, '-outform', 'DER', '-out', p7c]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(issuerCertificates(new Uint8Array(readFileSync(p7c))).length, 2);
    assert.equal(issuerCertificates(new Uint8Array(readFileSync(pki.chainPem))).length, 2);
    assert.deepEqual(issuerCertificates(new TextEncoder().encode('<html>not found</html>')), []);
    assert.deepEqual(issuerCertificates(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])), []);
  });

  it('reads OCSP and caIssuers URLs from the AIA extension', () => {
    const key = join(pki.dir, 'aia.key');
    const cert = join(pki.dir, 'aia.der');
    const cnf = join(pki.dir, 'aia.cnf');
    writeFileSync(cnf, '[req]\ndistinguished_name=dn\n[dn]\n[ext]\nauthorityInfoAccess = OCSP;URI:http://ocsp.example.it/, caIssuers;URI:http://ca.example.it/sub.cer, caIssuers;URI:ldap://ldap.example.it/cn=CA\n');
    const r = tool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', '/CN=AIA', '-config', cnf, '-extensions', 'ext', '-outform', 'DER', '-out', cert, '-days', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(authorityInfoAccess(new Uint8Array(readFileSync(cert))), { ocsp: ['http://ocsp.example.it/'], caIssuers: ['http://ca.example.it/sub.cer'] });
  });
});
