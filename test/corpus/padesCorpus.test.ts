/**
 * PAdES against the corpus PDFs made by others (never copied into the project); runs only with SIGLA_CORPUS:
 *   SIGLA_CORPUS=../shared/corpus npm run test:corpus
 *
 * Every file of `pdfs/` is either signed twice — the original a byte prefix of the first result and the first of
 * the second, pdfsig accepting both new signatures, `qpdf --check` no worse than on the original — or refused with
 * exit 8 and no output, which is allowed only where the MANIFEST says the file is broken or protected. Every file
 * of `pades/` that Sigla signs keeps each earlier signature exactly as pdfsig judged it before.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { readManifest, type ManifestRow } from '../helpers/manifest.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const root = CORPUS_ENV ? resolve(CORPUS_ENV) : '';
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(root, 'MANIFEST.tsv')) ? 'no MANIFEST.tsv' : false;


const manifest = (): ManifestRow[] => readManifest(root);

/** What the MANIFEST says makes a refusal legitimate: encryption, or damage qpdf reports as errors, or its words. */
function brokenOrProtected(r: ManifestRow): boolean {
  if (/\/Encrypt/.test(r.observed) || /qpdf--check-exit=2/.test(r.observed)) return true;
  return /encrypt|password|protected|broken|damaged|corrupt|bogus|missing|hopeless|circular|loop|illegal|garbage|off by one|misaligned|malformed|fuzzed|invalid|unusual page tree|no change|error/i.test(r.kind);
}

const validCount = (file: string): number => (tool('pdfsig', ['-nocert', file]).stdout.match(/Signature is Valid\./g) ?? []).length;
const sigCount = (file: string): number => (tool('pdfsig', ['-nocert', file]).stdout.match(/^Signature #\d+:/gm) ?? []).length;
const qpdfExit = (file: string): number => tool('qpdf', ['--check', file]).status;
const ok = (verdict: string): boolean => verdict === 'Signature is Valid.';
const isPrefix = (a: string, b: string): boolean => {
  const x = readFileSync(a);
  const y = readFileSync(b);
  return y.length > x.length && y.subarray(0, x.length).equals(x);
};

describe('PAdES on the shared corpus', { skip }, () => {
  let pki: TestPki;
  let out: string;
  const sign = (input: string, output: string, ...extra: string[]) =>
    sigla(['sign', input, '--format', 'pades', '--p12', pki.signer.p12, '--pin-stdin', '--out', output, '--lang', 'en', ...extra], { input: `${pki.signer.p12Password}\n` });

  before(() => {
    pki = makeTestPki();
    out = mkdtempSync(join(tmpdir(), 'sigla-pades-corpus-'));
  });
  after(() => cleanup(pki.dir, out));

  it('every pdfs/ file: signed twice and verified, or refused (exit 8) where the MANIFEST says broken/protected', () => {
    const rows = manifest().filter((r) => r.rel.startsWith('pdfs/'));
    assert.ok(rows.length > 0);
    let signed = 0;
    let refused = 0;
    const failures: string[] = [];
    for (const [i, r] of rows.entries()) {
      const input = join(root, r.rel);
      const first = join(out, `p${i}-1.pdf`);
      const second = join(out, `p${i}-2.pdf`);
      const a = sign(input, first);
      if (a.status === 8) {
        if (existsSync(first)) failures.push(`${r.rel}: refused but left ${first}`);
        if (!brokenOrProtected(r)) failures.push(`${r.rel}: refused but the MANIFEST does not call it broken or protected: ${a.stderr.trim()}`);
        refused++;
        continue;
      }
      if (a.status !== 0) {
        failures.push(`${r.rel}: exit ${a.status}: ${a.stderr.trim()}`);
        continue;
      }
      const before = sigCount(input);
      const b = sign(first, second, '--visible');
      if (b.status !== 0) {
        failures.push(`${r.rel}: second signature exit ${b.status}: ${b.stderr.trim()}`);
        continue;
      }
      if (!isPrefix(input, first) || !isPrefix(first, second)) failures.push(`${r.rel}: not an incremental update`);
      if (sigCount(second) !== before + 2 || validCount(second) < 2) failures.push(`${r.rel}: pdfsig does not accept both new signatures`);
      const q0 = qpdfExit(input);
      const q2 = qpdfExit(second);
      // qpdf: 0 clean, 3 warnings, 2 errors.
      const severity = (q: number): number => (q === 0 ? 0 : q === 3 ? 1 : 2);
      if (severity(q2) > severity(q0)) failures.push(`${r.rel}: qpdf --check ${q0} → ${q2}`);
      signed++;
    }
    process.stdout.write(`# PAdES corpus pdfs/: ${signed} signed twice, ${refused} refused, ${failures.length} failures\n`);
    assert.deepEqual(failures, []);
  });

  it('already-signed pades/ files: every earlier signature keeps its pdfsig verdict', () => {
    const rows = manifest().filter((r) => r.rel.startsWith('pades/') && r.rel.endsWith('.pdf'));
    let signed = 0;
    let refused = 0;
    const failures: string[] = [];
    for (const [i, r] of rows.entries()) {
      const input = join(root, r.rel);
      const output = join(out, `s${i}.pdf`);
      const res = sign(input, output);
      if (res.status === 8) {
        refused++;
        if (existsSync(output)) failures.push(`${r.rel}: refused but left output`);
        continue;
      }
      if (res.status !== 0) {
        failures.push(`${r.rel}: exit ${res.status}: ${res.stderr.trim()}`);
        continue;
      }
      signed++;
      const verdicts = (f: string): string[] => tool('pdfsig', ['-nocert', f]).stdout.split(/^Signature #\d+:$/m).slice(1).map((b) => /Signature Validation: (.*)/.exec(b)?.[1] ?? '?');
      const was = verdicts(input);
      const now = verdicts(output);
      if (now.length !== was.length + 1) failures.push(`${r.rel}: ${was.length} signatures became ${now.length}`);
      // pdfsig words an invalid signature differently depending on the file around it; valid/invalid must hold.
      else if (now.slice(0, was.length).map(ok).join('|') !== was.map(ok).join('|')) failures.push(`${r.rel}: earlier verdicts changed ${was.join(',')} → ${now.join(',')}`);
      else if (now[was.length] !== 'Signature is Valid.') failures.push(`${r.rel}: our signature: ${now[was.length] ?? ''}`);
    }
    process.stdout.write(`# PAdES corpus pades/: ${signed} co-signed with earlier verdicts unchanged, ${refused} refused\n`);
    assert.deepEqual(failures, []);
  });
});
