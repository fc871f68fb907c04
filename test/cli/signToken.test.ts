/**
 * CAdES signing through a SoftHSM2 token that holds, like a CNS/BusinessKey, an authentication and a signature
 * certificate. Every output is judged by independent tools: `openssl cms` and Bouncy Castle.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { bcCheck, hasBouncyCastle } from '../helpers/bouncyCastle.js';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const skip = !hasSoftHsm();
const NO_BC = !hasBouncyCastle() && 'Bouncy Castle (libbcpkix-java) or a JDK not installed';
/** Bouncy Castle's independent check, a subtest of its own: counted as skipped where Bouncy Castle is missing. */
const bouncyCastle = (t: TestContext, check: () => void): Promise<void> => t.test('Bouncy Castle agrees', { skip: NO_BC }, check);

describe('sign with a PKCS#11 token (SoftHSM2)', { skip }, () => {
  let pki: TestPki;
  let token: TestToken;
  let dir: string;
  let doc: string;
  const base = (): string[] => ['--module', token.module, '--token', token.label, '--pin-stdin'];
  const run = (args: string[], input = `${token.pin}\n`) => sigla(args, { input, env: token.env });
  const opensslVerify = (file: string, content?: string) =>
    tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', join(dir, 'verified.out'), ...(content ? ['-content', content] : [])]);
  const printed = (file: string) => tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file]).stdout;

  before(() => {
    pki = makeTestPki();
    token = makeTestToken({ label: 'SIGLA-TEST', identities: [pki.auth, pki.signer], caCertsDer: [pki.intermediateDer] });
    dir = mkdtempSync(join(tmpdir(), 'sigla-sign-'));
    doc = join(dir, 'determina n. 1 è.pdf');
    writeFileSync(doc, readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo', 'determina.pdf')));
  });
  after(() => cleanup(pki.dir, token.dir, dir));

  it('lists the token and both certificates without a PIN', () => {
    const t = run(['tokens', '--module', token.module, '--json'], '');
    assert.equal(t.status, 0, t.stderr);
    const tokens = JSON.parse(t.stdout) as { label: string; userPin: string }[];
    assert.deepEqual(tokens.map((x) => [x.label, x.userPin]), [['SIGLA-TEST', 'ok']]);
    const c = run(['certs', '--module', token.module, '--token', token.label, '--json'], '');
    assert.equal(c.status, 0, c.stderr);
    const certs = JSON.parse(c.stdout) as { id: string; nonRepudiation: boolean; qualified: boolean; hasPrivateKey: boolean }[];
    const byId = new Map(certs.map((x) => [x.id, x]));
    assert.equal(byId.get('01')?.nonRepudiation, true);
    assert.equal(byId.get('01')?.qualified, true);
    assert.equal(byId.get('01')?.hasPrivateKey, true);
    assert.equal(byId.get('02')?.nonRepudiation, false);
    assert.equal(byId.get('02')?.hasPrivateKey, true);
  });

  it('signs attached .p7m with the signature certificate, not the CNS one', async (t) => {
    const before = sha256File(doc);
    const r = run(['sign', doc, '--format', 'cades', ...base()]);
    assert.equal(r.status, 0, r.stderr);
    const out = `${doc}.p7m`;
    assert.equal(sha256File(doc), before, 'input unchanged');
    const v = opensslVerify(out);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(sha256File(join(dir, 'verified.out')), before, 'extracted content equals the input');
    const p = printed(out);
    assert.match(p, /ROSSI MARIO/);
    assert.match(p, /contentType/);
    assert.match(p, /signingTime/);
    assert.match(p, /messageDigest/);
    assert.match(p, /id-smime-aa-signingCertificateV2/);
    assert.doesNotMatch(p, /sha1/i);
    const signerCert = tool('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', out, '-signer', join(dir, 'signer.pem'), '-out', '/dev/null']);
    assert.equal(signerCert.status, 0, signerCert.stderr);
    assert.equal(tool('openssl', ['x509', '-in', join(dir, 'signer.pem'), '-noout', '-fingerprint', '-sha256']).stdout, tool('openssl', ['x509', '-in', pki.signer.certPem, '-noout', '-fingerprint', '-sha256']).stdout);
    await bouncyCastle(t, () => {
      const bc = bcCheck(out);
      assert.equal(bc.ok, true, JSON.stringify(bc));
      assert.equal(bc.topLevelSigners, 1);
      assert.equal(bc.signers[0]?.essCertV2, true);
      assert.equal(bc.signers[0]?.issuerSerialMatch, true);
      assert.equal(bc.contentSha256, before);
    });
  });

  it('signs detached .p7s', async (t) => {
    const r = run(['sign', doc, '--detached', ...base()]);
    assert.equal(r.status, 0, r.stderr);
    const out = `${doc}.p7s`;
    assert.equal(opensslVerify(out, doc).status, 0);
    assert.match(printed(out), /eContent: <ABSENT>/);
    await bouncyCastle(t, () => assert.equal(bcCheck(out, doc).ok, true));
  });

  it('refuses an existing output with exit 9 and leaves it intact', () => {
    const out = `${doc}.p7m`;
    const sum = sha256File(out);
    const mtime = statSync(out).mtimeMs;
    const r = run(['sign', doc, ...base()]);
    assert.equal(r.status, 9, r.stderr);
    assert.equal(sha256File(out), sum);
    assert.equal(statSync(out).mtimeMs, mtime);
    const forced = run(['sign', doc, '--force', ...base()]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(opensslVerify(out).status, 0);
  });

  it('adds a parallel signature: two SignerInfos at top level', async (t) => {
    const r = sigla(['sign', `${doc}.p7m`, '--p12', pki.ecSigner.p12, '--pin-stdin', '--out', join(dir, 'parallel.p7m')], { input: `${pki.ecSigner.p12Password}\n` });
    assert.equal(r.status, 0, r.stderr);
    const out = join(dir, 'parallel.p7m');
    const v = opensslVerify(out);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(sha256File(join(dir, 'verified.out')), sha256File(doc));
    assert.equal((printed(out).match(/signatureAlgorithm:/g) ?? []).length, 2);
    await bouncyCastle(t, () => {
      const bc = bcCheck(out);
      assert.equal(bc.ok, true, JSON.stringify(bc));
      assert.equal(bc.topLevelSigners, 2);
    });
  });

  it('co-signs a base64 .p7m and names the output -cofirma by default', async (t) => {
    const b64 = join(dir, 'b64.pdf.p7m');
    writeFileSync(b64, readFileSync(`${doc}.p7m`).toString('base64').replace(/(.{64})/g, '$1\n'));
    const r = run(['sign', b64, ...base()]);
    assert.equal(r.status, 0, r.stderr);
    const out = join(dir, 'b64-cofirma.pdf.p7m');
    assert.ok(existsSync(out));
    assert.equal(opensslVerify(out).status, 0);
    await bouncyCastle(t, () => assert.equal(bcCheck(out).topLevelSigners, 2));
  });

  it('countersigns every signer (RFC 5652 §11.4)', async (t) => {
    const out = join(dir, 'counter.p7m');
    const r = run(['sign', join(dir, 'parallel.p7m'), '--mode', 'countersign', '--out', out, ...base()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(opensslVerify(out).status, 0);
    assert.match(printed(out), /pkcs9_countersignature|countersignature/i);
    await bouncyCastle(t, () => {
      const bc = bcCheck(out);
      assert.equal(bc.ok, true, JSON.stringify(bc));
      assert.equal(bc.topLevelSigners, 2);
      const counters = bc.signers.filter((s) => s.kind === 'countersignature');
      assert.equal(counters.length, 2);
      assert.ok(counters.every((s) => s.verified && s.essCertV2 === true && !s.hasContentType));
    });
  });

  it('nests: x.pdf.p7m.p7m whose content is the first envelope', async (t) => {
    const r = run(['sign', `${doc}.p7m`, '--mode', 'nested', ...base()]);
    assert.equal(r.status, 0, r.stderr);
    const out = `${doc}.p7m.p7m`;
    assert.equal(opensslVerify(out).status, 0);
    assert.equal(sha256File(join(dir, 'verified.out')), sha256File(`${doc}.p7m`));
    await bouncyCastle(t, () => {
      const bc = bcCheck(out);
      assert.equal(bc.ok, true, JSON.stringify(bc));
      assert.ok(bc.signers.some((s) => s.depth === 1));
    });
  });

  it('signs with SHA-384 when asked', () => {
    const out = join(dir, 'sha384.p7m');
    const r = run(['sign', doc, '--digest', 'sha384', '--out', out, ...base()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(opensslVerify(out).status, 0);
    assert.match(printed(out), /sha384/);
  });

  it('a wrong PIN exits 3 and leaves no file behind', () => {
    const out = join(dir, 'wrongpin.p7m');
    const r = run(['sign', doc, '--out', out, ...base()], '987654\n');
    assert.equal(r.status, 3, r.stderr);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.part')), []);
    assert.doesNotMatch(r.stderr + r.stdout, /987654/);
  });

  it('refuses a PIN given as an argument', () => {
    const r = run(['sign', doc, '--pin', token.pin, '--out', join(dir, 'x.p7m')], '');
    assert.equal(r.status, 2);
  });

  it('signs with the CNS certificate only when --cert-id says so', () => {
    const out = join(dir, 'cns.p7m');
    const r = run(['sign', doc, '--cert-id', '02', '--out', out, ...base()]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(opensslVerify(out).status, 0);
  });
});

describe('certificate choice on a token with two signature certificates', { skip }, () => {
  let pki: TestPki;
  let token: TestToken;
  let dir: string;
  before(() => {
    pki = makeTestPki();
    token = makeTestToken({ label: 'TWO-SIGNERS', identities: [pki.signer, pki.ecSigner, pki.auth] });
    dir = mkdtempSync(join(tmpdir(), 'sigla-two-'));
    writeFileSync(join(dir, 'a.txt'), 'Delibera di prova\n');
  });
  after(() => cleanup(pki.dir, token.dir, dir));

  it('exits 5 listing the candidates, before asking for a PIN', () => {
    const r = sigla(['sign', join(dir, 'a.txt'), '--module', token.module, '--pin-stdin'], { input: '', env: token.env });
    assert.equal(r.status, 5, r.stderr);
    assert.match(r.stderr, /id=01/);
    assert.match(r.stderr, /id=03/);
    assert.equal(existsSync(join(dir, 'a.txt.p7m')), false);
  });

  it('--cert-id picks the ECDSA key; openssl verifies the DER ECDSA signature', () => {
    const r = sigla(['sign', join(dir, 'a.txt'), '--module', token.module, '--cert-id', '03', '--pin-stdin', '--ca-dir', pki.dir], { input: `${token.pin}\n`, env: token.env });
    assert.equal(r.status, 0, r.stderr);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'a.txt.p7m'), '-CAfile', pki.rootPem, '-purpose', 'any', '-out', '/dev/null']);
    assert.equal(v.status, 0, v.stderr);
    assert.match(tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', join(dir, 'a.txt.p7m')]).stdout, /ecdsa-with-SHA256/);
  });
});
