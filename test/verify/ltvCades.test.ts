/**
 * Validation in the past with the validation data a CAdES carries (ETSI EN 319 102-1 §5.6.2): signatures made by
 * Bouncy Castle (test/helpers/java/BcLtvCades.java), time-stamped by the openssl test TSA, with an OCSP response
 * from the `openssl ocsp` responder and CRLs from `openssl ca -gencrl` put into SignedData by Bouncy Castle
 * (RFC 5940 id-ri-ocsp-response, SignedData.crls). The signer is then revoked at the CA, after the time-stamp, and
 * the files are verified offline at a time after the signer's certificate expired: B-LT passed on the carried data,
 * B-T passed on its time-stamp alone (EN 319 102-1 §5.6.2.4) with the missing data said, B-B not passed, a B-T whose
 * carried response does not verify not passed.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';
import { bcCarry, bcSignCades, hasBcLtv } from '../helpers/bcLtv.js';

const skip = tool('openssl', ['version']).status !== 0 ? 'openssl missing' : !hasBcLtv() ? 'Bouncy Castle / Java missing' : false;

interface Finding {
  code: string;
  params: Record<string, string | number>;
}

interface Rep {
  status: string;
  signatures: { status: string; subIndication?: string; level: string; poe?: string; timestamps: { time: string }[]; warnings: Finding[]; problems: Finding[] }[];
}

const ok = (r: { status: number; stderr: string }): void => assert.equal(r.status, 0, r.stderr);

describe('long-term validation of CAdES with carried OCSP/CRL', { skip }, () => {
  let pki: RevocationPki;
  let tsa: Tsa;
  const f = (name: string): string => join(pki.dir, name);
  /** Two years from now: the signer's certificate (one year) has expired, its CAs (five and ten years) have not. */
  const later = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();

  before(async () => {
    pki = await makeRevocationPki();
    tsa = await startTsa();
    writeFileSync(f('determina.txt'), 'Determina dirigenziale n. 42: conservare per vent\'anni.\n');
    const sign = (id: RevocationPki['good'], out: string, tsaUrl?: string): void =>
      bcSignCades({ keyPem: id.keyPem, certPem: id.certPem, chainPem: pki.chainPem, content: f('determina.txt'), out: f(out), ...(tsaUrl ? { tsaUrl } : {}) });
    sign(pki.good, 'bt.p7m', tsa.url);
    sign(pki.good, 'bb.p7m');
    sign(pki.revoked, 'revoked-bt.p7m', tsa.url);
    // Validation data gathered after the time-stamp (freshness: issued at or after the proof of existence).
    await new Promise((r) => setTimeout(r, 1100));
    const cnf = f('ca.cnf');
    for (const [ca, name] of [['inter_ca', 'inter-now'], ['root_ca', 'root-now']] as const) {
      ok(tool('openssl', ['ca', '-config', cnf, '-name', ca, '-gencrl', '-out', f(`${name}.crl.pem`)]));
      ok(tool('openssl', ['crl', '-in', f(`${name}.crl.pem`), '-outform', 'DER', '-out', f(`${name}.crl`)]));
    }
    for (const [id, name] of [[pki.good, 'good'], [pki.revoked, 'revoked']] as const) {
      ok(tool('openssl', ['ocsp', '-issuer', pki.intermediatePem, '-cert', id.certPem, '-url', pki.url, '-respout', f(`${name}.ocsp`), '-noverify']));
    }
    bcCarry(f('bt.p7m'), f('lt.p7m'), { ocsps: [f('good.ocsp')], crls: [f('root-now.crl')] });
    bcCarry(f('bt.p7m'), f('lt-crl.p7m'), { crls: [f('inter-now.crl'), f('root-now.crl')] });
    bcCarry(f('bb.p7m'), f('bb-carried.p7m'), { ocsps: [f('good.ocsp')], crls: [f('root-now.crl')] });
    bcCarry(f('revoked-bt.p7m'), f('revoked-lt.p7m'), { ocsps: [f('revoked.ocsp')], crls: [f('root-now.crl')] });
    // An OCSP response changed after the responder signed it: its producedAt (the first GeneralizedTime) is moved.
    const ocsp = Buffer.from(readFileSync(f('good.ocsp')));
    const at = ocsp.indexOf(Buffer.from([0x18, 0x0f]));
    assert.ok(at > 0);
    ocsp[at + 5] = ocsp[at + 5] === 0x31 ? 0x32 : 0x31;
    writeFileSync(f('tampered.ocsp'), ocsp);
    bcCarry(f('bt.p7m'), f('lt-tampered.p7m'), { ocsps: [f('tampered.ocsp')], crls: [f('root-now.crl')] });
    // Now the signer is revoked at the CA, after the time-stamp and after the data above were issued.
    ok(tool('openssl', ['ca', '-config', cnf, '-name', 'inter_ca', '-revoke', pki.good.certPem, '-crl_reason', 'keyCompromise']));
  });
  after(async () => {
    await pki?.close();
    await tsa?.close();
  });

  const verify = (file: string, ...extra: string[]): { code: number; rep: Rep } => {
    const r = sigla(['verify', f(file), '--trust', pki.rootPem, '--trust', tsa.caPem, '--offline', '--json', ...extra]);
    return { code: r.status, rep: JSON.parse(r.stdout) as Rep };
  };
  const codes = (l: readonly Finding[]): string[] => l.map((x) => x.code);

  it('the carried OCSP response, good after the time-stamp, makes it passed at B-LT after the certificate expired', () => {
    // Bouncy Castle put the response where RFC 5940 says: openssl reads it back from SignedData.crls.
    const printed = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', f('lt.p7m')]);
    assert.match(printed.stdout, /id-ri-ocsp-response|1\.3\.6\.1\.5\.5\.7\.16\.2/);
    const { code, rep } = verify('lt.p7m', '--at', later);
    const s = rep.signatures[0];
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(s?.status, 'passed');
    assert.equal(s?.level, 'B-LT');
    assert.equal(s?.poe, s?.timestamps[0]?.time);
    const fromFile = s?.warnings.filter((w) => w.code === 'REVOCATION_FROM_FILE') ?? [];
    assert.deepEqual(fromFile.map((w) => w.params['source']), ['OCSP', 'CRL'], JSON.stringify(s?.warnings));
    assert.ok(!codes(s?.warnings ?? []).includes('REVOCATION_NOT_CHECKED_OFFLINE'));
  });

  it('a CRL of the issuing CA carried instead of OCSP serves as well', () => {
    const { code, rep } = verify('lt-crl.p7m', '--at', later);
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.level, 'B-LT');
  });

  it('the same signature without carried data stays B-T: passed on its time-stamp (EN 319 102-1 §5.6.2.4), the missing data said', () => {
    const { code, rep } = verify('bt.p7m', '--at', later);
    const s = rep.signatures[0];
    assert.equal(code, 0, JSON.stringify(rep));
    assert.equal(s?.level, 'B-T');
    assert.ok(codes(s?.warnings ?? []).includes('LTV_REVOCATION_DATA_MISSING'), JSON.stringify(s?.warnings));
    assert.ok(codes(s?.warnings ?? []).includes('REVOCATION_NOT_CHECKED_OFFLINE'));
    // Before the expiry nothing is missing: revocation is only reported as not checked offline.
    const now = verify('bt.p7m');
    assert.equal(now.code, 0, JSON.stringify(now.rep));
    assert.ok(!codes(now.rep.signatures[0]?.warnings ?? []).includes('LTV_REVOCATION_DATA_MISSING'));
  });

  it('a B-B signature with the same carried data is not passed after the expiry (no proof of existence)', () => {
    const { code, rep } = verify('bb-carried.p7m', '--at', later);
    assert.equal(code, 10, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.subIndication, 'OUT_OF_BOUNDS_NO_POE');
    assert.equal(rep.signatures[0]?.level, 'B-B');
    assert.equal(rep.signatures[0]?.poe, undefined);
  });

  it('a tampered carried OCSP response is not used: reported, and the signature is not passed', () => {
    const { code, rep } = verify('lt-tampered.p7m', '--at', later);
    const s = rep.signatures[0];
    assert.equal(code, 10, JSON.stringify(rep));
    assert.notEqual(s?.status, 'passed');
    assert.ok(s?.warnings.some((w) => w.code === 'CARRIED_REVOCATION_INVALID' && w.params['count'] === 1), JSON.stringify(s?.warnings));
    assert.equal(s?.subIndication, 'OUT_OF_BOUNDS_NO_POE');
    assert.ok(codes(s?.problems ?? []).includes('LTV_REVOCATION_DATA_MISSING'));
    assert.equal(s?.level, 'B-T');
  });

  it('a carried response saying the certificate was revoked before the time-stamp: REVOKED_NO_POE', () => {
    const { code, rep } = verify('revoked-lt.p7m');
    assert.equal(code, 10, JSON.stringify(rep));
    assert.equal(rep.signatures[0]?.subIndication, 'REVOKED_NO_POE');
    assert.ok(rep.signatures[0]?.problems.some((p) => p.code === 'CERT_REVOKED' && p.params['source'] === 'OCSP'));
  });
});
