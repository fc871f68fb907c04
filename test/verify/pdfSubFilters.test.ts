/**
 * `sigla verify` on PDF signatures of every /SubFilter, made by OpenSSL over a pdf-lib placeholder (never by Sigla),
 * judged against poppler's pdfsig where it checks the SubFilter: the signed bytes are always the ByteRange's, never
 * content carried inside the signature. Also: an attached .p7m given --detached-content of other bytes.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { derOctetString, signedPdf, tamperPageText } from '../helpers/legacyPdfSignature.js';
import { cleanup, makeTestPki, type TestIdentity, type TestPki } from '../helpers/testPki.js';
import { startTsa } from '../helpers/tsaServer.js';

const skip = tool('openssl', ['version']).status === 0 ? false : 'openssl missing';
const hasPdfsig = tool('pdfsig', ['-v']).status === 0;

interface Report {
  status: string;
  signatures: { integrity: string; status: string; subIndication?: string; level: string; problems: { code: string; params: Record<string, string | number> }[]; warnings: { code: string; params: Record<string, string | number> }[] }[];
}

describe('PDF signature integrity by /SubFilter', { skip }, () => {
  let pki: TestPki;
  let n = 0;
  const file = (name: string): string => join(pki.dir, `${n++}-${name}`);
  const run = (cmd: string, args: string[]): void => {
    const r = tool(cmd, args);
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  };
  /** openssl cms -sign over `data`; attached (-nodetach) or detached, DER. */
  const cms = (data: Buffer, o: { attached: boolean; md: string; who?: TestIdentity }): Buffer => {
    const who = o.who ?? pki.signer;
    const inp = file('in.bin');
    const out = file('out.p7');
    writeFileSync(inp, data);
    run('openssl', ['cms', '-sign', '-binary', ...(o.attached ? ['-nodetach'] : []), '-in', inp, '-out', out, '-outform', 'DER',
      '-signer', who.certPem, '-inkey', who.keyPem, '-certfile', pki.intermediatePem, '-md', o.md]);
    return readFileSync(out);
  };
  const verify = (pdf: Buffer, ...extra: string[]): { code: number; rep: Report; path: string } => {
    const path = file('doc.pdf');
    writeFileSync(path, pdf);
    const r = sigla(['verify', path, '--trust', pki.rootPem, '--offline', '--json', ...extra]);
    let rep: Report;
    try {
      rep = JSON.parse(r.stdout) as Report;
    } catch {
      assert.fail(`no JSON report (exit ${r.status}): ${r.stdout}${r.stderr}`);
    }
    return { code: r.status, rep, path };
  };
  const pdfsig = (path: string): string => tool('pdfsig', ['-nocert', path]).stdout;

  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('adbe.pkcs7.sha1: passed when intact (pdfsig: valid); one letter of the page changed → failed HASH_FAILURE, exit 6 (pdfsig: Digest Mismatch)', async () => {
    // ISO 32000-1 §12.8.3.3.1: the SHA-1 digest of the ByteRange is the encapsulated content. poppler compares it
    // with the ByteRange digest of the SignerInfo's algorithm, so the SignerInfo uses SHA-1 too here.
    const pdf = await signedPdf({ subFilter: 'adbe.pkcs7.sha1' }, (signed) => cms(createHash('sha1').update(signed).digest(), { attached: true, md: 'sha1' }));
    const ok = verify(pdf);
    assert.equal(ok.code, 0, JSON.stringify(ok.rep));
    assert.equal(ok.rep.signatures[0]?.status, 'passed');
    assert.equal(ok.rep.signatures[0]?.level, 'PKCS7-BES-legacy');
    assert.ok(ok.rep.signatures[0]?.warnings.some((w) => w.code === 'WEAK_DIGEST' && w.params['algorithm'] === 'SHA1'), 'SHA-1 reported as weak');
    if (hasPdfsig) assert.match(pdfsig(ok.path), /Signature Validation: Signature is Valid\./);

    const bad = verify(tamperPageText(pdf));
    assert.equal(bad.code, 6, JSON.stringify(bad.rep));
    assert.equal(bad.rep.status, 'failed');
    assert.equal(bad.rep.signatures[0]?.integrity, 'invalid');
    assert.equal(bad.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    if (hasPdfsig) assert.match(pdfsig(bad.path), /Signature Validation: Digest Mismatch\./);
  });

  it('adbe.pkcs7.sha1 whose CMS verifies over a digest of other bytes → failed HASH_FAILURE (pdfsig: Digest Mismatch)', async () => {
    const pdf = await signedPdf({ subFilter: 'adbe.pkcs7.sha1' }, () => cms(createHash('sha1').update('altro documento').digest(), { attached: true, md: 'sha1' }));
    const r = verify(pdf);
    assert.equal(r.code, 6, JSON.stringify(r.rep));
    assert.equal(r.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    if (hasPdfsig) assert.match(pdfsig(r.path), /Signature Validation: Digest Mismatch\./);
  });

  it('adbe.pkcs7.detached made by openssl over the two ranges: passed (pdfsig: valid); tampered → HASH_FAILURE (pdfsig: Digest Mismatch)', async () => {
    const pdf = await signedPdf({ subFilter: 'adbe.pkcs7.detached' }, (signed) => cms(signed, { attached: false, md: 'sha256' }));
    const ok = verify(pdf);
    assert.equal(ok.code, 0, JSON.stringify(ok.rep));
    if (hasPdfsig) assert.match(pdfsig(ok.path), /Signature Validation: Signature is Valid\./);
    const bad = verify(tamperPageText(pdf));
    assert.equal(bad.code, 6, JSON.stringify(bad.rep));
    assert.equal(bad.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    if (hasPdfsig) assert.match(pdfsig(bad.path), /Signature Validation: Digest Mismatch\./);
  });

  for (const subFilter of ['adbe.pkcs7.detached', 'ETSI.CAdES.detached']) {
    it(`${subFilter} whose CMS carries its own (other) content, valid over it → failed FORMAT_FAILURE, never passed`, async () => {
      const pdf = await signedPdf({ subFilter }, () => cms(Buffer.from('Un altro documento, firmato davvero.\n'), { attached: true, md: 'sha256' }));
      const r = verify(pdf);
      assert.equal(r.code, 6, JSON.stringify(r.rep));
      assert.equal(r.rep.signatures[0]?.status, 'failed');
      assert.equal(r.rep.signatures[0]?.integrity, 'invalid');
      assert.equal(r.rep.signatures[0]?.subIndication, 'FORMAT_FAILURE');
      if (hasPdfsig) assert.doesNotMatch(pdfsig(r.path), /Signature is Valid/);
    });
  }

  it('adbe.pkcs7.detached whose CMS encapsulates the SHA-1 of the ByteRange: read as adbe.pkcs7.sha1 (passed, warned); tampered → HASH_FAILURE', async () => {
    const pdf = await signedPdf({ subFilter: 'adbe.pkcs7.detached' }, (signed) => cms(createHash('sha1').update(signed).digest(), { attached: true, md: 'sha1' }));
    const ok = verify(pdf);
    assert.equal(ok.code, 0, JSON.stringify(ok.rep));
    assert.ok(ok.rep.signatures[0]?.warnings.some((w) => w.code === 'PDF_DIGEST_ENCAPSULATED'));
    if (hasPdfsig) assert.match(pdfsig(ok.path), /Signature Validation: Signature is Valid\./);
    const bad = verify(tamperPageText(pdf));
    assert.equal(bad.code, 6, JSON.stringify(bad.rep));
    assert.equal(bad.rep.signatures[0]?.status, 'failed');
  });

  it('adbe.x509.rsa_sha1 (openssl dgst -sha1 -sign, /Cert signer + CA): passed, SHA-1 warned; tampered → HASH_FAILURE; a wrong /Cert → SIG_CRYPTO_FAILURE', async () => {
    const der = (pem: string): Uint8Array => readFileSync(pem.replace(/\.pem$/, '.der'));
    const pkcs1 = (signed: Buffer, key: string): Buffer => {
      const inp = file('ranges.bin');
      const out = file('sig.bin');
      writeFileSync(inp, signed);
      run('openssl', ['dgst', '-sha1', '-sign', key, '-out', out, inp]);
      return derOctetString(readFileSync(out));
    };
    const pdf = await signedPdf({ subFilter: 'adbe.x509.rsa_sha1', certs: [der(pki.signer.certPem), der(pki.intermediatePem)], room: 1024 }, (s) => pkcs1(s, pki.signer.keyPem));
    const ok = verify(pdf);
    assert.equal(ok.code, 0, JSON.stringify(ok.rep));
    assert.equal(ok.rep.signatures[0]?.level, 'PKCS1');
    assert.ok(ok.rep.signatures[0]?.warnings.some((w) => w.code === 'WEAK_DIGEST' && w.params['algorithm'] === 'SHA1'));
    const bad = verify(tamperPageText(pdf));
    assert.equal(bad.code, 6, JSON.stringify(bad.rep));
    assert.equal(bad.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    const other = await signedPdf({ subFilter: 'adbe.x509.rsa_sha1', certs: [der(pki.auth.certPem), der(pki.intermediatePem)], room: 1024 }, (s) => pkcs1(s, pki.signer.keyPem));
    const forged = verify(other);
    assert.equal(forged.code, 6, JSON.stringify(forged.rep));
    assert.equal(forged.rep.signatures[0]?.subIndication, 'SIG_CRYPTO_FAILURE');
  });

  it('an unknown /SubFilter is not checked: indeterminate FORMAT_FAILURE, never passed', async () => {
    const pdf = await signedPdf({ subFilter: 'x.sigla.unknown' }, (signed) => cms(signed, { attached: false, md: 'sha256' }));
    const r = verify(pdf);
    assert.equal(r.code, 10, JSON.stringify(r.rep));
    assert.equal(r.rep.signatures[0]?.status, 'indeterminate');
    assert.equal(r.rep.signatures[0]?.subIndication, 'FORMAT_FAILURE');
    assert.notEqual(r.rep.signatures[0]?.integrity, 'valid');
  });

  it('a document time-stamp alone (ETSI.RFC3161, token by openssl ts -reply): passed with its TSA trusted; a page letter changed → failed, exit 6', async () => {
    const tsa = await startTsa();
    try {
      const stamp = (signed: Buffer): Buffer => {
        const data = file('ranges.bin');
        const query = file('q.tsq');
        const token = file('token.der');
        writeFileSync(data, signed);
        run('openssl', ['ts', '-query', '-data', data, '-sha256', '-cert', '-out', query]);
        run('openssl', ['ts', '-reply', '-config', join(tsa.dir, 'openssl.cnf'), '-section', 'tsa', '-queryfile', query, '-token_out', '-out', token]);
        return readFileSync(token);
      };
      const pdf = await signedPdf({ subFilter: 'ETSI.RFC3161' }, stamp);
      const run2 = (bytes: Buffer): { code: number; rep: Report & { timestamps?: { imprintMatches: boolean }[] } } => {
        const path = file('ts.pdf');
        writeFileSync(path, bytes);
        const r = sigla(['verify', path, '--trust', tsa.caPem, '--offline', '--json']);
        return { code: r.status, rep: JSON.parse(r.stdout) as Report & { timestamps?: { imprintMatches: boolean }[] } };
      };
      const ok = run2(pdf);
      assert.equal(ok.code, 0, JSON.stringify(ok.rep));
      assert.equal(ok.rep.timestamps?.[0]?.imprintMatches, true);
      const bad = run2(tamperPageText(pdf));
      assert.equal(bad.code, 6, JSON.stringify(bad.rep));
      assert.equal(bad.rep.status, 'failed');
      assert.equal(bad.rep.timestamps?.[0]?.imprintMatches, false);
    } finally {
      await tsa.close();
    }
  });

  it('a PDF given --detached-content of other bytes is not passed; of its own bytes it is', async () => {
    const pdf = await signedPdf({ subFilter: 'adbe.pkcs7.detached' }, (signed) => cms(signed, { attached: false, md: 'sha256' }));
    const other = file('other.txt');
    writeFileSync(other, 'altro');
    const r = verify(pdf, '--detached-content', other);
    assert.equal(r.code, 6, JSON.stringify(r.rep));
    assert.equal(r.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    const same = file('same.pdf');
    writeFileSync(same, pdf);
    assert.equal(verify(pdf, '--detached-content', same).code, 0);
  });
});

describe('attached .p7m with --detached-content', { skip }, () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  it('other bytes → failed HASH_FAILURE (exit 6); the same bytes → passed; nested: compared with the innermost document', () => {
    const doc = join(pki.dir, 'contratto.txt');
    writeFileSync(doc, 'Contratto di servizio: le parti concordano quanto segue.\n');
    const other = join(pki.dir, 'altro.txt');
    writeFileSync(other, 'Contratto di servizio: le parti NON concordano.\n');
    const p7m = join(pki.dir, 'contratto.txt.p7m');
    const sign = (inp: string, out: string): void => {
      const r = tool('openssl', ['cms', '-sign', '-binary', '-nodetach', '-in', inp, '-out', out, '-outform', 'DER', '-signer', pki.signer.certPem, '-inkey', pki.signer.keyPem, '-certfile', pki.chainPem]);
      assert.equal(r.status, 0, r.stderr);
    };
    sign(doc, p7m);
    const verify = (f: string, content: string): { code: number; rep: Report } => {
      const r = sigla(['verify', f, '--detached-content', content, '--trust', pki.rootPem, '--offline', '--json']);
      return { code: r.status, rep: JSON.parse(r.stdout) as Report };
    };
    const bad = verify(p7m, other);
    assert.equal(bad.code, 6, JSON.stringify(bad.rep));
    assert.equal(bad.rep.signatures[0]?.subIndication, 'HASH_FAILURE');
    assert.equal(bad.rep.signatures[0]?.integrity, 'invalid');
    assert.equal(verify(p7m, doc).code, 0);
    const nested = join(pki.dir, 'contratto.txt.p7m.p7m');
    sign(p7m, nested);
    const nestedBad = verify(nested, other);
    assert.equal(nestedBad.code, 6);
    assert.ok(nestedBad.rep.signatures.every((s) => s.status === 'failed'));
    assert.equal(verify(nested, doc).code, 0);
    // An inner .p7m followed by other bytes is content, not an envelope: verify checks one signature, and extract
    // gives those bytes back as they are, not the document of an inner envelope that was never verified.
    const padded = join(pki.dir, 'padded.p7m');
    writeFileSync(padded, Buffer.concat([readFileSync(p7m), Buffer.from('coda')]));
    const outer = join(pki.dir, 'padded.p7m.p7m');
    sign(padded, outer);
    const r = sigla(['verify', outer, '--trust', pki.rootPem, '--offline', '--json']);
    assert.equal((JSON.parse(r.stdout) as Report).signatures.length, 1, r.stdout);
    const back = join(pki.dir, 'back.bin');
    assert.equal(sigla(['extract', outer, '--out', back]).status, 0);
    assert.deepEqual(readFileSync(back), readFileSync(padded));
  });
});
