/**
 * Time-stamps against a TSA on loopback whose answers `openssl ts -reply` makes (test/helpers/tsaServer.ts):
 * CAdES-T and PAdES-T judged by Bouncy Castle / PDFBox, .tsr by `openssl ts -verify`, .tsd by Bouncy Castle's
 * CMSTimeStampedData, .m7m read back by `sigla extract`; wrong credentials and a refusing TSA → exit 7, no file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import type { RevocationStatus } from '../../electron/core/revocation/Ocsp.js';
import { verifyFile } from '../../electron/core/verify/verifyFile.js';
import { certificatesAt } from '../../electron/io/certificateFiles.js';
import { bcCadesTimestamps, bcTsd, hasBcTimestamp } from '../helpers/bcTimestamp.js';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { padesCheck, pdfBoxMissing } from '../helpers/pdfbox.js';
import { hasOpenssl, startTsa, type Tsa } from '../helpers/tsaServer.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const skip = !hasOpenssl() ? 'openssl missing' : !hasBcTimestamp() ? 'Bouncy Castle missing' : false;

describe('RFC 3161 time-stamps', { skip }, () => {
  let pki: TestPki;
  let tsa: Tsa;
  const env = { ...process.env, SIGLA_TSA_PASSWORD: 'tsa-secret' };
  const tsaArgs = (): string[] => ['--tsa', tsa.url, '--tsa-user', 'ufficio'];
  const doc = (): string => {
    const f = join(pki.dir, `delibera-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(f, 'Delibera della Giunta n. 7: è approvata.\n'.repeat(50));
    return f;
  };

  before(async () => {
    pki = makeTestPki();
    tsa = await startTsa({ user: 'ufficio', password: 'tsa-secret' });
  });
  after(async () => {
    await tsa.close();
    cleanup(pki.dir);
  });

  it('CAdES-T: the signature-time-stamp verifies and its imprint is the signature value (Bouncy Castle)', () => {
    const f = doc();
    const r = sigla(['sign', f, '--p12', pki.signer.p12, '--pin-stdin', ...tsaArgs()], { input: `${pki.signer.p12Password}\n`, env });
    assert.equal(r.status, 0, r.stderr);
    const bc = bcCadesTimestamps(`${f}.p7m`);
    assert.deepEqual(bc.signers.map((s) => [s.hasTimestamp, s.imprintMatchesSignature, s.tokenValid]), [[true, true, true]]);
    // And on a parallel signature added to that .p7m: the new signer gets its own time-stamp.
    const r2 = sigla(['sign', `${f}.p7m`, '--p12', pki.signer.p12, '--pin-stdin', ...tsaArgs()], { input: `${pki.signer.p12Password}\n`, env });
    assert.equal(r2.status, 0, r2.stderr);
    const cofirma = join(pki.dir, readdirSync(pki.dir).find((n) => n.includes('-cofirma') && n.startsWith(f.split('/').pop()?.split('.')[0] ?? '')) ?? '');
    const bc2 = bcCadesTimestamps(cofirma);
    assert.equal(bc2.signers.length, 2);
    assert.ok(bc2.signers.every((s) => s.hasTimestamp && s.imprintMatchesSignature && s.tokenValid));
    // sigla verify reports B-T with the time-stamp.
    const v = sigla(['verify', cofirma, '--trust', pki.rootPem, '--trust', tsa.caPem, '--json'], { env });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const rep = JSON.parse(v.stdout) as { signatures: { level: string; timestamps: { imprintMatches: boolean }[] }[] };
    assert.ok(rep.signatures.every((s) => s.level === 'B-T' && s.timestamps[0]?.imprintMatches));
  });

  it('a signature-time-stamp proves the time only when its TSA is trusted and not revoked (checked after the certificate expires)', async () => {
    const f = doc();
    const r = sigla(['sign', f, '--p12', pki.signer.p12, '--pin-stdin', ...tsaArgs()], { input: `${pki.signer.p12Password}\n`, env });
    assert.equal(r.status, 0, r.stderr);
    type Rep = { signatures: { status: string; subIndication?: string; warnings: { code: string; params: Record<string, string | number> }[] }[] };
    // At a time when the signer's certificate has expired: only a trusted time-stamp shows it signed before.
    const later = ['--at', '2099-01-01T00:00:00Z', '--offline', '--json'];
    const trusted = sigla(['verify', `${f}.p7m`, '--trust', pki.rootPem, '--trust', tsa.caPem, ...later]);
    assert.equal(trusted.status, 0, trusted.stdout);
    const untrusted = sigla(['verify', `${f}.p7m`, '--trust', pki.rootPem, ...later]);
    const rep = JSON.parse(untrusted.stdout) as Rep;
    assert.equal(untrusted.status, 10, untrusted.stdout);
    assert.equal(rep.signatures[0]?.subIndication, 'OUT_OF_BOUNDS_NO_POE');
    assert.ok(rep.signatures[0]?.warnings.some((w) => w.code === 'TIMESTAMP_TSA_UNTRUSTED' && w.params['tsa'] !== ''), untrusted.stdout);

    // With revocation on, a TSA certificate revoked before the token's time disqualifies it too. The revocation
    // source is the core's injected interface: here it says "revoked in 2000" for the TSA certificate only.
    const tsaDer = new Uint8Array(new X509Certificate(readFileSync(tsa.tsaCertPem)).raw);
    const anchors = [pki.rootPem, tsa.caPem].flatMap((f) => certificatesAt(f));
    const revocation = async (cert: Uint8Array): Promise<RevocationStatus> =>
      Buffer.from(cert).equals(Buffer.from(tsaDer)) ? { status: 'revoked', revokedAt: new Date('2000-01-01T00:00:00Z'), source: 'test' } : { status: 'good', source: 'test' };
    const report = await verifyFile('x.p7m', new Uint8Array(readFileSync(`${f}.p7m`)), { anchors, at: new Date('2099-01-01T00:00:00Z'), revocation });
    assert.equal(report.signatures[0]?.subIndication, 'OUT_OF_BOUNDS_NO_POE', JSON.stringify(report));
    assert.ok(report.signatures[0]?.problems.some((x) => x.code === 'TSA_REVOKED_BEFORE_TIMESTAMP' && x.params['revokedAt'] === '2000-01-01T00:00:00.000Z'), JSON.stringify(report));
    const good = await verifyFile('x.p7m', new Uint8Array(readFileSync(`${f}.p7m`)), { anchors, at: new Date('2099-01-01T00:00:00Z'), revocation: async () => ({ status: 'good', source: 'test' }) });
    assert.equal(good.signatures[0]?.status, 'passed', JSON.stringify(good));
  });

  it('PAdES-T: PDFBox + Bouncy Castle find a signature-time-stamp over the signature value', { skip: pdfBoxMissing() || false }, async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const input = join(pki.dir, 'determina-t.pdf');
    writeFileSync(input, await pdf.save({ useObjectStreams: false }));
    const out = join(pki.dir, 'determina-t-firmato.pdf');
    const r = sigla(['sign', input, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', out, ...tsaArgs()], { input: `${pki.signer.p12Password}\n`, env });
    assert.equal(r.status, 0, r.stderr);
    const [s] = padesCheck(out).signatures;
    assert.ok(s);
    assert.deepEqual([s.cmsValid, s.hasTimestamp, s.timestampImprintMatches, s.timestampValid, s.hasSigningTime], [true, true, true, true, false]);
    assert.match(tool('pdfsig', ['-nocert', out]).stdout, /Signature is Valid/);
  });

  it('document time-stamp on a signed PDF: a new ETSI.RFC3161 revision; PDFBox, pdfsig and sigla verify accept it', { skip: pdfBoxMissing() || false }, async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const input = join(pki.dir, 'lta.pdf');
    writeFileSync(input, await pdf.save({ useObjectStreams: false }));
    const signed = join(pki.dir, 'lta-firmato.pdf');
    assert.equal(sigla(['sign', input, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', signed], { input: `${pki.signer.p12Password}\n` }).status, 0);
    const r = sigla(['timestamp', signed, ...tsaArgs()], { env });
    assert.equal(r.status, 0, r.stderr);
    const stamped = join(pki.dir, 'lta-firmato-marca.pdf');
    assert.ok(readFileSync(stamped).subarray(0, readFileSync(signed).length).equals(readFileSync(signed)), 'incremental');
    const rep = padesCheck(stamped);
    assert.equal(rep.signatureCount, 2);
    const ts = rep.signatures.find((x) => x.subFilter === 'ETSI.RFC3161');
    assert.ok(ts, JSON.stringify(rep));
    assert.deepEqual([ts.byteRangeStartsAtZero, ts.holeIsExactlyContents, ts.coversWholeFile], [true, true, true]);
    assert.equal(rep.signatures.find((x) => x.subFilter === 'ETSI.CAdES.detached')?.cmsValid, true);
    const v = sigla(['verify', stamped, '--trust', pki.rootPem, '--trust', tsa.caPem, '--json']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const out = JSON.parse(v.stdout) as { timestamps: { kind: string; imprintMatches: boolean; integrity: string }[] };
    assert.deepEqual(out.timestamps.map((t) => [t.kind, t.imprintMatches, t.integrity]), [['document', true, 'valid']]);
  });

  it('.tsr verifies with openssl ts -verify; .tsd with CMSTimeStampedData; .m7m extracts back', () => {
    const f = doc();
    let r = sigla(['timestamp', f, ...tsaArgs(), '--format', 'tsr'], { env });
    assert.equal(r.status, 0, r.stderr);
    const v = tool('openssl', ['ts', '-verify', '-data', f, '-in', `${f}.tsr`, '-CAfile', tsa.caPem, '-untrusted', tsa.tsaCertPem]);
    assert.match(v.stdout + v.stderr, /Verification: OK/);
    r = sigla(['timestamp', f, ...tsaArgs(), '--format', 'tsd'], { env });
    assert.equal(r.status, 0, r.stderr);
    const bc = bcTsd(`${f}.tsd`);
    assert.deepEqual([bc.tokens, bc.imprintOk, bc.tokensValid, bc.contentSha256], [1, true, true, sha256File(f)]);
    // m7m: a signed .p7m and its time-stamp; extract gives the original document back.
    assert.equal(sigla(['sign', f, '--p12', pki.signer.p12, '--pin-stdin'], { input: `${pki.signer.p12Password}\n` }).status, 0);
    r = sigla(['timestamp', `${f}.p7m`, ...tsaArgs(), '--format', 'm7m'], { env });
    assert.equal(r.status, 0, r.stderr);
    const m7m = f + '.m7m';
    assert.ok(existsSync(m7m));
    const back = join(pki.dir, 'back.txt');
    assert.equal(sigla(['extract', m7m, '--out', back]).status, 0);
    assert.equal(sha256File(back), sha256File(f));
    const vm = sigla(['verify', m7m, '--trust', pki.rootPem, '--trust', tsa.caPem, '--json']);
    assert.equal(vm.status, 0, vm.stdout + vm.stderr);
    assert.equal((JSON.parse(vm.stdout) as { format: string }).format, 'm7m');
  });

  it('wrong TSA credentials → exit 7 and no file; the PIN is never sent to the TSA', () => {
    const f = doc();
    const bad = { ...process.env, SIGLA_TSA_PASSWORD: 'wrong' };
    let r = sigla(['sign', f, '--p12', pki.signer.p12, '--pin-stdin', ...tsaArgs()], { input: `${pki.signer.p12Password}\n`, env: bad });
    assert.equal(r.status, 7, r.stderr);
    assert.match(r.stderr, /credenziali rifiutate|credentials refused/);
    assert.equal(existsSync(`${f}.p7m`), false);
    r = sigla(['timestamp', f, ...tsaArgs(), '--format', 'tsr'], { env: bad });
    assert.equal(r.status, 7, r.stderr);
    assert.equal(existsSync(`${f}.tsr`), false);
    assert.ok(!(tsa.lastRequest ?? Buffer.alloc(0)).includes(Buffer.from(pki.signer.p12Password)));
  });

  it('unreachable or refusing TSA → exit 7, nothing written', async () => {
    const f = doc();
    let r = sigla(['timestamp', f, '--tsa', 'http://127.0.0.1:1/tsa', '--format', 'tsr']);
    assert.equal(r.status, 7, r.stderr);
    const refusing = await startTsa({ failStatus: true });
    try {
      r = sigla(['timestamp', f, '--tsa', refusing.url, '--format', 'tsr']);
      assert.equal(r.status, 7, r.stderr);
      assert.match(r.stderr, /status 2/);
    } finally {
      await refusing.close();
    }
    assert.equal(existsSync(`${f}.tsr`), false);
    assert.ok(readFileSync(f).length > 0);
  });
});
