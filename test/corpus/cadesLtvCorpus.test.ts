/**
 * CAdES long-term levels against real files made by other software (the shared corpus, never copied).
 * Runs only when SIGLA_CORPUS points at the corpus directory:
 *   SIGLA_CORPUS=../shared/corpus node --test dist/test/corpus/cadesLtvCorpus.test.js
 *
 * 1. archiveProofs on EU DSS's archive-time-stamped files agrees with the corpus MANIFEST (DSS's own results) and
 *    with Bouncy Castle recomputing each imprint and hash index (test/helpers/java/BcCadesLtvCheck): both archive
 *    time-stamps of CAdESDoubleLTA.p7m and the one of Signature-C-CZ_SIX-1.p7m usable; the tampered hash element and
 *    the removed OCSP files not usable.
 * 2. B-B and B-T files (DER, BER indefinite, nested, countersigned, Base64) extended to B-LTA with a test TSA:
 *    `openssl cms -verify -noverify` still passes with the same content, every SignerInfo's signed part is byte for
 *    byte what it was, and Bouncy Castle validates the new archive time-stamp (token, hash index, imprint).
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { raw, readTlv } from '../../electron/core/asn1/Ber.js';
import { archiveProofs } from '../../electron/core/cades/archiveProofs.js';
import { openCmsEnvelope } from '../../electron/core/cades/cmsEnvelope.js';
import { extendCades } from '../../electron/core/cades/extendCades.js';
import { decodeCmsInput } from '../../electron/core/cms/CmsEncoding.js';
import { signerInfoFields } from '../../electron/core/cms/SignerInfoFields.js';
import { MemorySink } from '../../electron/core/content/ContentSource.js';
import type { ValidationDataSource } from '../../electron/core/ltv/ValidationData.js';
import { tsaTimestamper } from '../../electron/net/TsaClient.js';
import { bcCadesLtv } from '../helpers/bcCadesLtv.js';
import { hasBouncyCastle } from '../helpers/bouncyCastle.js';
import { tool } from '../helpers/cli.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const corpus = (rel: string): string => resolve(CORPUS_ENV ?? '.', rel);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const readCms = (rel: string): Uint8Array => decodeCmsInput(new Uint8Array(readFileSync(corpus(rel)))).bytes;
const signedParts = (der: Uint8Array): string[] =>
  openCmsEnvelope(der).signerInfos.map((s) => sha(Buffer.concat(signerInfoFields(readTlv(s)).leadingFields.map(raw))));

describe('CAdES B-LTA on the corpus', { skip: CORPUS_ENV === undefined || !hasBouncyCastle() ? 'SIGLA_CORPUS not set or Bouncy Castle missing' : false }, () => {
  let tsa: Tsa;
  let dir: string;
  before(async () => {
    tsa = await startTsa();
    dir = mkdtempSync(join(tmpdir(), 'sigla-cades-ltv-corpus-'));
  });
  after(async () => {
    await tsa?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [rel, expected] of [
    ['cades/CAdESDoubleLTA.p7m', [true, true]],
    ['cades/Signature-C-CZ_SIX-1.p7m', [true]],
    ['cades/CAdES-BpLTA_modified_ats_hash_element.p7m', [false]],
    ['cades/CAdES-BpLTA_removed_ocsp.p7m', [false]],
  ] as const) {
    it(`archiveProofs: ${rel} → ${expected.join(', ')} (as DSS and Bouncy Castle)`, () => {
      const der = readCms(rel);
      const [si] = openCmsEnvelope(der).signerInfos;
      assert.ok(si);
      assert.deepEqual(archiveProofs(der, si).map((p) => p.usable), [...expected]);
      const out = join(dir, `bc-${rel.replace(/\W/g, '_')}`);
      mkdirSync(out);
      const bc = bcCadesLtv(corpus(rel), out);
      assert.deepEqual(bc.signers[0]?.archive.map((a) => a.tokenValid && a.indexMatches && a.imprintMatches), [...expected]);
    });
  }

  for (const rel of [
    'cades/cades_bes.pdf.p7m',
    'cades/cades+cades_crl_non_conforme.pdf.p7m',
    'cades/cades_bes_controfirma.doc.p7m',
    'cades/cades_bes_controfirma_cades_t.pdf.p7m',
    'cades/cades_T_1.pdf.p7m',
    'cades/p7m_b64.xml.p7m',
    'cades/OK.txt.p7m',
    'cades/CAdESDoubleLTA.p7m',
  ]) {
    it(`extend to B-LTA: ${rel}`, async () => {
      const input = readCms(rel);
      const before = Buffer.from(input);
      const tsaCert = new Uint8Array(new X509Certificate(readFileSync(tsa.tsaCertPem)).raw);
      const source: ValidationDataSource = () => Promise.resolve({ certificates: [tsaCert], ocspResponses: [], crls: [] });
      const sink = new MemorySink();
      const result = await extendCades(input, { level: 'B-LTA', timestamper: tsaTimestamper({ url: tsa.url }), validationData: source }, sink);
      const out = sink.bytes();
      assert.ok(Buffer.from(input).equals(before), 'the input bytes are untouched');
      assert.equal(result.archiveTimeStamps, openCmsEnvelope(input).signerInfos.length);
      assert.deepEqual(signedParts(out), signedParts(input));
      const inFile = join(dir, 'in.p7m');
      const outFile = join(dir, 'out.p7m');
      writeFileSync(inFile, input);
      writeFileSync(outFile, out);
      const a = tool('openssl', ['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', inFile, '-out', join(dir, 'a.bin')]);
      const b = tool('openssl', ['cms', '-verify', '-noverify', '-binary', '-inform', 'DER', '-in', outFile, '-out', join(dir, 'b.bin')]);
      assert.equal(a.status, 0, a.stderr);
      assert.equal(b.status, 0, b.stderr);
      assert.equal(sha(readFileSync(join(dir, 'b.bin'))), sha(readFileSync(join(dir, 'a.bin'))));
      const bcOut = join(dir, `bc-ext-${rel.replace(/\W/g, '_')}`);
      mkdirSync(bcOut);
      const bc = bcCadesLtv(outFile, bcOut);
      assert.equal(bc.error, null);
      for (const [i, s] of bc.signers.entries()) {
        const last = s.archive.at(-1);
        assert.deepEqual([last?.tokenValid, last?.indexMatches, last?.imprintMatches, last?.indexVersion], [true, true, true, 3], `signer ${i}`);
        const si = openCmsEnvelope(out).signerInfos[i];
        assert.ok(si);
        assert.equal(archiveProofs(out, si).at(-1)?.usable, true);
      }
    });
  }
});
