/**
 * RFC 5652 §5.4: a SignerInfo's signature is over the DER encoding of its signed attributes. A file may store them in
 * another BER form (DSS-667: out of SET OF order); the signature is then intact over the DER re-encoding, and Sigla
 * says so with the finding SIGNED_ATTRIBUTES_DER_ONLY. The CMS is made by OpenSSL (signed over DER); the test then
 * stores the same attributes in reverse order (same bytes, same lengths: only their order changes). Bouncy Castle
 * checks the reordered file independently. A changed content byte or signature byte still fails.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { children, raw, readTlv, type Tlv } from '../../electron/core/asn1/Ber.js';
import { concat } from '../../electron/core/asn1/Der.js';
import { derReencode } from '../../electron/core/asn1/derReencode.js';
import { bcCheck, hasBouncyCastle } from '../helpers/bouncyCastle.js';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';

interface Report {
  status: string;
  signatures: { integrity: string; status: string; subIndication?: string; problems: { code: string }[]; warnings: { code: string }[] }[];
}

/** The [0] signed attributes of the first SignerInfo of a DER SignedData. */
function signedAttrs(cms: Uint8Array): Tlv {
  const [, wrapped] = children(readTlv(cms));
  const [sd] = children(wrapped as Tlv);
  const signerInfos = children(sd as Tlv).filter((n) => n.tag === 0x31).pop() as Tlv;
  const [si] = children(signerInfos);
  const attrs = children(si as Tlv).find((n) => n.tag === 0xa0);
  assert.ok(attrs, 'signed attributes');
  return attrs;
}

/** The same file with the signed attributes stored in reverse order (no longer DER order). */
function reordered(cms: Uint8Array): Uint8Array {
  const attrs = signedAttrs(cms);
  const items = children(attrs).map(raw);
  assert.ok(items.length >= 3, 'OpenSSL writes several signed attributes');
  const body = concat([...items].reverse());
  assert.equal(body.length, attrs.contentEnd - attrs.contentStart);
  const out = cms.slice();
  out.set(body, attrs.contentStart);
  return out;
}

describe('signed attributes stored out of DER order (RFC 5652 §5.4, DSS-667)', { skip }, () => {
  let pki: TestPki;
  let good: string;
  let bad: string;
  const verify = (f: string): { status: number; report: Report } => {
    const r = sigla(['verify', f, '--trust', pki.rootPem, '--offline', '--json']);
    return { status: r.status, report: JSON.parse(r.stdout) as Report };
  };

  before(() => {
    pki = makeTestPki();
    const content = join(pki.dir, 'prova.txt');
    writeFileSync(content, 'prova\n');
    good = join(pki.dir, 'der.p7m');
    const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', content, '-out', good, '-outform', 'DER', '-md', 'sha256', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem]);
    assert.equal(r.status, 0, r.stderr);
    bad = join(pki.dir, 'reordered.txt.p7m');
    writeFileSync(bad, reordered(readFileSync(good)));
  });
  after(() => cleanup(pki.dir));

  it('the DER re-encoding of the reordered attributes is the original DER (sorted SET OF)', () => {
    const original = signedAttrs(readFileSync(good));
    const stored = signedAttrs(readFileSync(bad));
    assert.notDeepEqual(raw(stored), raw(original));
    const der = derReencode(stored, true);
    const expected = raw(original).slice();
    expected[0] = 0x31;
    assert.deepEqual(Buffer.from(der), Buffer.from(expected));
  });

  it('is intact, passed with the anchor, and says it verified over the DER re-encoding only', () => {
    const { status, report } = verify(bad);
    const s = report.signatures[0];
    assert.equal(s?.integrity, 'valid', JSON.stringify(report));
    assert.equal(s?.status, 'passed');
    assert.equal(status, 0);
    assert.deepEqual(s?.problems, []);
    assert.deepEqual(s?.warnings.filter((f) => f.code === 'SIGNED_ATTRIBUTES_DER_ONLY').length, 1, JSON.stringify(s));
    // The file as OpenSSL wrote it (DER order) verifies as stored: no such finding.
    assert.deepEqual(verify(good).report.signatures[0]?.warnings.filter((f) => f.code === 'SIGNED_ATTRIBUTES_DER_ONLY'), []);
  });

  it('Bouncy Castle finds the reordered signature intact too', { skip: hasBouncyCastle() ? false : 'Bouncy Castle missing' }, () => {
    const bc = bcCheck(bad);
    assert.equal(bc.signers[0]?.verified, true, JSON.stringify(bc));
  });

  it('a changed content byte or signature byte still fails', () => {
    const bytes = readFileSync(bad);
    const at = bytes.indexOf('prova');
    const content = Buffer.from(bytes);
    content[at] = 0x50; // 'p' → 'P'
    writeFileSync(join(pki.dir, 'content.p7m'), content);
    let r = verify(join(pki.dir, 'content.p7m'));
    assert.equal(r.status, 6);
    assert.equal(r.report.signatures[0]?.subIndication, 'HASH_FAILURE');
    const sig = Buffer.from(bytes);
    // The signature value: the OCTET STRING after the signature algorithm, which follows the signed attributes.
    const attrs = signedAttrs(sig);
    const value = readTlv(sig, readTlv(sig, attrs.end).end);
    assert.equal(value.tag, 0x04);
    sig[value.contentEnd - 1] = (sig[value.contentEnd - 1] ?? 0) ^ 0x01;
    writeFileSync(join(pki.dir, 'sig.p7m'), sig);
    r = verify(join(pki.dir, 'sig.p7m'));
    assert.equal(r.status, 6, JSON.stringify(r.report));
    assert.equal(r.report.signatures[0]?.subIndication, 'SIG_CRYPTO_FAILURE');
  });
});
