/**
 * CAdES B-LT and B-LTA (issue 16; ETSI EN 319 122-1 §5.5): validation values in SignedData.certificates/crls (OCSP
 * per RFC 5940), archive-time-stamp-v3 with ats-hash-index-v3, extension of existing .p7m/.p7s (DER and BER
 * indefinite) and archiveProofs. Checked with independent tools: `openssl cms -verify` (every extended file),
 * `openssl cms -cmsout -print`, `openssl ocsp -respin` and `openssl crl` on the values Bouncy Castle extracts, and
 * Bouncy Castle recomputing each archive time-stamp's imprint from the clause (test/helpers/java/BcCadesLtvCheck).
 * The PKI, OCSP responder, CRLs and TSA are this test's own (openssl), on loopback.
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, rmSync, statSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { raw, readTlv } from '../../electron/core/asn1/Ber.js';
import { addValidationValues, carriedValidationValues, withValidationValues } from '../../electron/core/cades/addValidationValues.js';
import { addParallelSignature } from '../../electron/core/cades/addParallelSignature.js';
import { archiveProofs } from '../../electron/core/cades/archiveProofs.js';
import { countersign } from '../../electron/core/cades/countersign.js';
import { envelopeBytes, openCmsEnvelope } from '../../electron/core/cades/cmsEnvelope.js';
import { extendCades, type ExtendCadesOptions } from '../../electron/core/cades/extendCades.js';
import { signContent } from '../../electron/core/cades/signContent.js';
import { signerInfoFields } from '../../electron/core/cms/SignerInfoFields.js';
import { bytesSource, MemorySink } from '../../electron/core/content/ContentSource.js';
import type { ValidationData, ValidationDataSource } from '../../electron/core/ltv/ValidationData.js';
import type { Timestamper } from '../../electron/core/tsp/Timestamper.js';
import { openCmsFileEnvelope } from '../../electron/io/ltv/cmsFileEnvelope.js';
import { extendCadesFile, STREAM_ABOVE } from '../../electron/io/ltv/extendCadesFile.js';
import { tsaTimestamper } from '../../electron/net/TsaClient.js';
import { SiglaError } from '../../electron/shared/errors.js';
import { Pkcs12Signer } from '../../electron/softkey/Pkcs12Signer.js';
import { bcCadesLtv } from '../helpers/bcCadesLtv.js';
import { bcCheck, hasBouncyCastle } from '../helpers/bouncyCastle.js';
import { tool } from '../helpers/cli.js';
import { makeRevocationPki, type RevocationPki } from '../helpers/ocspServer.js';
import { hasOpenssl, opensslSync, startTsa, type Tsa } from '../helpers/tsaServer.js';

const pemToDer = (file: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(file)).raw);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('CAdES B-LT / B-LTA', { skip: !hasOpenssl() || !hasBouncyCastle() }, () => {
  let pki: RevocationPki;
  let tsa: Tsa;
  let dir: string;
  let signer: Pkcs12Signer;
  let timestamper: Timestamper;
  let data: ValidationData;
  let tsaCert: Uint8Array;
  const asked: Uint8Array[][] = [];
  const source: ValidationDataSource = (leaves) => {
    asked.push([...leaves]);
    return Promise.resolve(data);
  };
  const content = Buffer.from('Determina n. 42 del 2026: approvazione del bilancio.\n');

  before(async () => {
    pki = await makeRevocationPki();
    tsa = await startTsa();
    dir = mkdtempSync(join(tmpdir(), 'sigla-cades-ltv-'));
    signer = Pkcs12Signer.open(pki.good.p12, Buffer.from(pki.good.p12Password));
    timestamper = tsaTimestamper({ url: tsa.url });
    const ocspFile = join(dir, 'good.ocsp');
    opensslSync(['ocsp', '-issuer', pki.intermediatePem, '-cert', pki.good.certPem, '-url', pki.ocspUrl, '-respout', ocspFile, '-noverify']);
    tsaCert = pemToDer(tsa.tsaCertPem);
    data = {
      certificates: [pemToDer(pki.good.certPem), pemToDer(pki.intermediatePem), pemToDer(pki.rootPem), tsaCert, pemToDer(tsa.caPem)],
      ocspResponses: [new Uint8Array(readFileSync(ocspFile))],
      crls: [new Uint8Array(readFileSync(pki.crlDer)), new Uint8Array(readFileSync(pki.rootCrlDer))],
    };
  });
  after(async () => {
    await tsa?.close();
    await pki?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sign = async (detached: boolean): Promise<Uint8Array> => {
    const sink = new MemorySink();
    await signContent(bytesSource(content), sink, { signer, hash: 'sha256', detached });
    return sink.bytes();
  };
  const extend = async (input: Uint8Array, o: Partial<ExtendCadesOptions> & Pick<ExtendCadesOptions, 'level'>): Promise<Uint8Array> => {
    const sink = new MemorySink();
    await extendCades(input, { timestamper, validationData: source, ...o }, sink);
    return sink.bytes();
  };
  let n = 0;
  const save = (der: Uint8Array): string => {
    const f = join(dir, `out-${n++}.p7m`);
    writeFileSync(f, der);
    return f;
  };
  const opensslVerifies = (file: string, detached?: string): void => {
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-in', file, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', join(dir, 'verified.out')];
    if (detached) args.push('-content', detached);
    const v = tool('openssl', args);
    assert.equal(v.status, 0, v.stderr);
    if (!detached) assert.deepEqual(readFileSync(join(dir, 'verified.out')), content);
  };
  /** The signed part (version…signature) of each SignerInfo, as encoded. */
  const signedParts = (der: Uint8Array): string[] =>
    openCmsEnvelope(der).signerInfos.map((s) => sha(Buffer.concat(signerInfoFields(readTlv(s)).leadingFields.map(raw))));

  it('addValidationValues: certificates, CRLs and OCSP (RFC 5940) added, read back by openssl and Bouncy Castle', async () => {
    const bb = await sign(false);
    const lt = addValidationValues(bb, data);
    const file = save(lt);
    opensslVerifies(file);
    assert.deepEqual(signedParts(lt), signedParts(bb));
    assert.ok(Buffer.from(lt).includes(Buffer.from(openCmsEnvelope(bb).encapContentInfo)), 'encapContentInfo kept byte for byte');
    const printed = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file]);
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /otherRevInfoFormat: .*1\.3\.6\.1\.5\.5\.7\.16\.2/);
    const out = join(dir, 'bc-lt');
    mkdirSync(out);
    const bc = bcCadesLtv(file, out);
    assert.equal(bc.error, null);
    assert.equal(bc.version, 5, 'RFC 5652 §5.1: version 5 with an other RevocationInfoChoice');
    assert.equal(bc.crls, 2);
    assert.equal(bc.ocsp, 1);
    assert.equal(bc.certificates, 5, 'signer (already there) + intermediate, root, TSA and TSA CA, each once');
    assert.ok(bc.signers.every((s) => s.verified));
    const ocspText = tool('openssl', ['ocsp', '-respin', join(out, 'ocsp-0.der'), '-resp_text', '-noverify']);
    assert.equal(ocspText.status, 0, ocspText.stderr);
    assert.match(ocspText.stdout, new RegExp(`Serial Number: ${pki.good.serial}`, 'i'));
    assert.match(ocspText.stdout, /Cert Status: good/);
    const crlTexts = readdirSync(out).filter((f) => f.startsWith('crl-')).map((f) => tool('openssl', ['crl', '-inform', 'DER', '-in', join(out, f), '-noout', '-text']));
    assert.ok(crlTexts.every((t) => t.status === 0));
    assert.ok(crlTexts.some((t) => new RegExp(`Serial Number: ${pki.revoked.serial}`, 'i').test(t.stdout)), 'the intermediate CRL lists the revoked leaf');
    // Adding the same data again adds nothing.
    assert.deepEqual(addValidationValues(lt, data), lt);
  });

  it('extend B-B → B-LT: signature-time-stamp, then the signer\'s and the TSA\'s validation data', async () => {
    const bb = await sign(false);
    asked.length = 0;
    const lt = await extend(bb, { level: 'B-LT' });
    opensslVerifies(save(lt));
    assert.deepEqual(signedParts(lt), signedParts(bb));
    const leaves = asked.flat().map(sha);
    assert.ok(leaves.includes(sha(pemToDer(pki.good.certPem))), 'the signer certificate is a leaf');
    assert.ok(leaves.includes(sha(tsaCert)), 'the signature time-stamp TSA is a leaf');
    const carried = carriedValidationValues(openCmsEnvelope(lt));
    assert.equal(carried.ocspResponses.length, 1);
    assert.equal(carried.crls.length, 2);
    const si = signerInfoFields(readTlv(openCmsEnvelope(lt).signerInfos[0] ?? new Uint8Array(0)));
    assert.deepEqual(si.unsignedAttributes.map((a) => a.type), ['1.2.840.113549.1.9.16.2.14']);
  });

  it('extend to B-LTA and renew: Bouncy Castle recomputes both archive time-stamps; archiveProofs agrees', async () => {
    const lta = await extend(await sign(false), { level: 'B-LTA' });
    const file1 = save(lta);
    opensslVerifies(file1);
    const out1 = join(dir, 'bc-lta1');
    mkdirSync(out1);
    const bc1 = bcCadesLtv(file1, out1);
    assert.equal(bc1.error, null);
    assert.equal(bc1.signers[0]?.archive.length, 1);
    assert.deepEqual(bc1.signers[0]?.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true]]);
    const [p1] = archiveProofs(lta, openCmsEnvelope(lta).signerInfos[0] ?? new Uint8Array(0));
    assert.equal(p1?.usable, true);
    assert.equal(p1?.kind, 'archiveTimeStampV3');
    assert.ok(p1 && Math.abs(p1.time.getTime() - Date.now()) < 120_000);
    assert.equal(sha(p1?.tsaCertificate ?? new Uint8Array(0)), sha(tsaCert));

    const renewed = await extend(lta, { level: 'B-LTA' });
    const file2 = save(renewed);
    opensslVerifies(file2);
    const out2 = join(dir, 'bc-lta2');
    mkdirSync(out2);
    const bc2 = bcCadesLtv(file2, out2);
    assert.deepEqual(bc2.signers[0]?.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true], [true, true, true]]);
    const proofs = archiveProofs(renewed, openCmsEnvelope(renewed).signerInfos[0] ?? new Uint8Array(0));
    assert.deepEqual(proofs.map((p) => p.usable), [true, true]);
    assert.deepEqual(signedParts(renewed), signedParts(lta));
  });

  it('an archive time-stamp over changed data is not usable (Bouncy Castle agrees)', async () => {
    const lta = await extend(await sign(false), { level: 'B-LTA' });
    const e = openCmsEnvelope(lta);
    // A CRL the time-stamp covered removed: an index entry names nothing any more.
    const removed = envelopeBytes({ ...e, crls: e.crls.slice(1) });
    const [p] = archiveProofs(removed, openCmsEnvelope(removed).signerInfos[0] ?? new Uint8Array(0));
    assert.equal(p?.usable, false);
    const out = join(dir, 'bc-removed');
    mkdirSync(out);
    assert.equal(bcCadesLtv(save(removed), out).signers[0]?.archive[0]?.indexMatches, false);
    // Validation data added after the time-stamp is allowed (the next renewal covers it).
    const more = envelopeBytes(withValidationValues(e, { certificates: [pemToDer(pki.revoked.certPem)], ocspResponses: [], crls: [] }));
    assert.equal(archiveProofs(more, openCmsEnvelope(more).signerInfos[0] ?? new Uint8Array(0))[0]?.usable, true);
  });

  it('detached .p7s: B-LTA needs the content, refuses another one, and archive-stamps the right one', async () => {
    const p7s = await sign(true);
    const contentFile = join(dir, 'determina.txt');
    writeFileSync(contentFile, content);
    await assert.rejects(extend(p7s, { level: 'B-LTA' }), (e: unknown) => e instanceof SiglaError && e.code === 'USAGE');
    await assert.rejects(extend(p7s, { level: 'B-LTA', detachedContent: bytesSource(Buffer.from('altro')) }), (e: unknown) => e instanceof SiglaError && e.code === 'INPUT_FORMAT');
    const lta = await extend(p7s, { level: 'B-LTA', detachedContent: bytesSource(content) });
    const file = save(lta);
    opensslVerifies(file, contentFile);
    const out = join(dir, 'bc-detached');
    mkdirSync(out);
    const bc = bcCadesLtv(file, out, contentFile);
    assert.deepEqual(bc.signers[0]?.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true]]);
    const si = openCmsEnvelope(lta).signerInfos[0] ?? new Uint8Array(0);
    const digest = (alg: string): Uint8Array => new Uint8Array(createHash(alg).update(content).digest());
    assert.equal(archiveProofs(lta, si, digest)[0]?.usable, true);
    assert.equal(archiveProofs(lta, si, (alg) => new Uint8Array(createHash(alg).update('altro').digest()))[0]?.usable, false);
  });

  it('a BER (indefinite-length, streamed) .p7m made by openssl: content kept as encoded, B-LTA verified by openssl and Bouncy Castle', async () => {
    const contentFile = join(dir, 'ber-content.txt');
    writeFileSync(contentFile, content);
    const ber = join(dir, 'openssl-ber.p7m');
    opensslSync(['cms', '-sign', '-binary', '-stream', '-nodetach', '-outform', 'DER', '-in', contentFile, '-signer', pki.good.certPem, '-inkey', pki.good.keyPem, '-md', 'sha256', '-out', ber]);
    const input = new Uint8Array(readFileSync(ber));
    assert.equal(input[1], 0x80, 'openssl -stream writes indefinite lengths');
    const lta = await extend(input, { level: 'B-LTA' });
    const file = save(lta);
    opensslVerifies(file);
    assert.ok(Buffer.from(lta).includes(Buffer.from(openCmsEnvelope(input).encapContentInfo)));
    assert.deepEqual(signedParts(lta), signedParts(input));
    const out = join(dir, 'bc-ber');
    mkdirSync(out);
    const bc = bcCadesLtv(file, out);
    assert.ok(bc.signers.every((s) => s.verified));
    assert.deepEqual(bc.signers[0]?.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true]]);
  });

  it('two signers and a countersignature: each SignerInfo archive-stamped, the countersignature kept and still valid', async () => {
    const other = Pkcs12Signer.open(pki.revoked.p12, Buffer.from(pki.revoked.p12Password));
    const two = new MemorySink();
    await addParallelSignature(await sign(false), two, { signer: other, hash: 'sha256' });
    const countersigned = new MemorySink();
    await countersign(two.bytes(), countersigned, { signer, hash: 'sha256', indexes: [0] });
    const input = countersigned.bytes();
    const lta = await extend(input, { level: 'B-LTA' });
    const file = save(lta);
    opensslVerifies(file);
    assert.deepEqual(signedParts(lta), signedParts(input));
    const out = join(dir, 'bc-two');
    mkdirSync(out);
    const bc = bcCadesLtv(file, out);
    assert.equal(bc.signers.length, 2);
    for (const s of bc.signers) {
      assert.ok(s.verified);
      assert.deepEqual(s.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true]]);
    }
    const general = bcCheck(file);
    assert.equal(general.signers.filter((s) => s.kind === 'countersignature' && s.verified).length, 1);
    for (const si of openCmsEnvelope(lta).signerInfos) assert.deepEqual(archiveProofs(lta, si).map((p) => p.usable), [true]);
  });

  it('a large .p7m (DER) is extended with its content streamed from the file, not read into memory', async () => {
    const big = Buffer.alloc(STREAM_ABOVE + 123_457, 'Sigla ');
    const sink = new MemorySink();
    await signContent(bytesSource(big), sink, { signer, hash: 'sha256', detached: false });
    const input = join(dir, 'big.p7m');
    writeFileSync(input, sink.bytes());
    const size = statSync(input).size;
    const env = await openCmsFileEnvelope(input, size, 1 << 20);
    assert.ok(env, 'the DER layout is handled without reading the content');
    assert.equal(env.eContent, null);
    assert.equal(env.eContentSource?.size, big.length);
    assert.equal(env.encapContentInfo.length, 0);
    const output = join(dir, 'big-lta.p7m');
    const r = await extendCadesFile(input, output, { level: 'B-LTA', timestamper, validationData: source }, { force: false });
    assert.equal(r.archiveTimeStamps, 1);
    const v = tool('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', output, '-CAfile', pki.rootPem, '-purpose', 'any', '-out', join(dir, 'big.out')]);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(sha(readFileSync(join(dir, 'big.out'))), sha(big));
    const out = join(dir, 'bc-big');
    mkdirSync(out);
    assert.deepEqual(bcCadesLtv(output, out).signers[0]?.archive.map((a) => [a.tokenValid, a.indexMatches, a.imprintMatches]), [[true, true, true]]);
    // BER with indefinite lengths (openssl -stream) is not handled by the streamed reader: read whole instead.
    const berContent = join(dir, 'big.txt');
    writeFileSync(berContent, big);
    const ber = join(dir, 'big-ber.p7m');
    opensslSync(['cms', '-sign', '-binary', '-stream', '-nodetach', '-outform', 'DER', '-in', berContent, '-signer', pki.good.certPem, '-inkey', pki.good.keyPem, '-md', 'sha256', '-out', ber]);
    assert.equal(await openCmsFileEnvelope(ber, statSync(ber).size, 1 << 20), undefined);
  });

  it('extendCadesFile: atomic output, input untouched, an output that is the input refused', async () => {
    const input = join(dir, 'in.p7m');
    writeFileSync(input, await sign(false));
    const before = sha(readFileSync(input));
    const output = join(dir, 'in-lt.p7m');
    const r = await extendCadesFile(input, output, { level: 'B-T', timestamper }, { force: false });
    assert.equal(r.signatureTimeStamps, 1);
    assert.equal(sha(readFileSync(input)), before);
    opensslVerifies(output);
    await assert.rejects(extendCadesFile(input, input, { level: 'B-T', timestamper }, { force: true }), (e: unknown) => e instanceof SiglaError && e.code === 'OUTPUT_IS_INPUT');
    assert.equal(sha(readFileSync(input)), before);
  });
});
