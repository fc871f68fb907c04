/**
 * `sigla extend` on the corpus's PAdES files made by others (never copied into the project); runs only with
 * SIGLA_CORPUS. With the test TSA on loopback and no other network: `--level B-T` gives a signature without its own
 * time-stamp a document time-stamp (ETSI EN 319 142-1 §5.3) and leaves a file that has one as it was. Each output
 * keeps the input as a byte prefix and every earlier signature's pdfsig verdict, and `qpdf --check` is no worse.
 * (B-LT on these files needs their CAs' OCSP/CRL services on the internet: covered on our own PKI in
 * test/cli/padesLongTerm.test.ts.)
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup } from '../helpers/testPki.js';
import { startTsa, type Tsa } from '../helpers/tsaServer.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const root = CORPUS_ENV ? resolve(CORPUS_ENV) : '';
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(root, 'MANIFEST.tsv')) ? 'no MANIFEST.tsv' : false;

/** PAdES B-B (no time-stamp) and B-T/LTA files of the corpus, by their MANIFEST rows. */
const FILES = ['pades/pades.pdf', 'pades/PADES_BES.PDF', 'pades/pdf-signed-original.pdf', 'pades/Pades-baseline-lta.pdf'];

/** pdfsig's verdict of each signature, in order. */
const verdicts = (file: string): string[] => [...tool('pdfsig', ['-nocert', file]).stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]?.trim() ?? '');

describe('sigla extend on the shared corpus', { skip }, () => {
  let tsa: Tsa;
  let out: string;
  before(async () => {
    tsa = await startTsa();
    out = mkdtempSync(join(tmpdir(), 'sigla-extend-corpus-'));
  });
  after(async () => {
    await tsa?.close();
    if (out) cleanup(out);
  });

  for (const rel of FILES) {
    it(`extend --level B-T: ${rel}`, () => {
      const input = join(root, rel);
      const output = join(out, `${basename(rel)}-esteso.pdf`);
      const r = sigla(['extend', input, '--level', 'B-T', '--tsa', tsa.url, '--out', output, '--json', '--lang', 'en'], { env: { ...process.env, SIGLA_DATA_DIR: join(out, 'data') } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const x = readFileSync(input);
      const y = readFileSync(output);
      assert.ok(y.length >= x.length && y.subarray(0, x.length).equals(x), 'the input is a byte prefix of the output');
      const added = (JSON.parse(r.stdout) as { added: { documentTimestamp: boolean } }).added;
      const before = verdicts(input);
      const afterV = verdicts(output);
      assert.deepEqual(afterV.slice(0, before.length), before, 'every earlier signature keeps its pdfsig verdict');
      assert.equal(afterV.length, before.length + (added.documentTimestamp ? 1 : 0));
      if (added.documentTimestamp) {
        assert.ok(y.length > x.length);
        assert.match(tool('pdfsig', ['-nocert', output]).stdout, /Signer Certificate Common Name: Sigla Test TSA/);
      } else assert.equal(y.length, x.length, 'nothing to add: the same bytes');
      const qBefore = tool('qpdf', ['--check', input]).status;
      const qAfter = tool('qpdf', ['--check', output]).status;
      assert.ok(qAfter <= qBefore || (qBefore === 3 && qAfter === 3), `qpdf --check ${qBefore} → ${qAfter}`);
    });
  }
});
