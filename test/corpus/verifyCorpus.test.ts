/**
 * `sigla verify --json` on every signed file of the shared corpus (SIGLA_CORPUS), compared with tools and
 * statements that are not Sigla's:
 *  - CAdES integrity vs `openssl cms -verify -noverify` as recorded in the MANIFEST (observed_here);
 *  - PAdES integrity of every signature vs poppler's pdfsig, run now;
 *  - the verdict where the MANIFEST states one and trust anchors exist: the ParER files "valid at 2013-09-08"
 *    with `--trust cades/parer-trust --at 2013-09-08T12:00:00Z`, and the PDFs the MANIFEST calls INVALID or
 *    attacks (never "passed").
 * The agreement is printed as a figure; the disagreements are listed in the output.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { readManifest, type ManifestRow } from '../helpers/manifest.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const root = CORPUS_ENV ? resolve(CORPUS_ENV) : '';
const skip = !CORPUS_ENV ? 'SIGLA_CORPUS not set' : !existsSync(join(root, 'MANIFEST.tsv')) ? 'no MANIFEST.tsv' : false;


const manifest = (): ManifestRow[] => readManifest(root);

interface Report {
  status: string;
  format: string;
  signatures: { integrity: string; status: string }[];
}

function verify(rel: string, ...extra: string[]): Report | undefined {
  // --offline: this machine has no network, and the corpus CAs' OCSP/CRL servers are not ours to query.
  const r = sigla(['verify', join(root, rel), '--json', '--offline', ...extra]);
  try {
    return JSON.parse(r.stdout) as Report;
  } catch {
    return undefined;
  }
}

describe('verify on the shared corpus', { skip }, () => {
  it('CAdES integrity agrees with openssl; ParER verdicts at 2013-09-08 agree with the MANIFEST', () => {
    const rows = manifest().filter((r) => r.rel.startsWith('cades/') && /openssl cms -verify -noverify: (OK|FAIL)/.test(r.observed) && !/\.(tsr|tst|tsd|m7m)$/.test(r.rel));
    let agree = 0;
    const disagree: string[] = [];
    for (const r of rows) {
      const rep = verify(r.rel);
      const opensslOk = /openssl cms -verify -noverify: OK/.test(r.observed.split('||')[0] ?? '');
      const ours = rep !== undefined && rep.signatures.length > 0 && rep.signatures.filter((s) => s).every((s) => s.integrity === 'valid');
      if (ours === opensslOk) agree++;
      else disagree.push(`${r.rel}: openssl ${opensslOk ? 'OK' : 'FAIL'}, sigla ${ours ? 'valid' : 'invalid'}`);
    }
    const parer = manifest().filter((r) => r.rel.startsWith('cades/') && /^valid at (ref date )?2013-09-08/.test(r.expected));
    const verdicts: string[] = [];
    for (const r of parer) {
      const rep = verify(r.rel, '--trust', join(root, 'cades', 'parer-trust'), '--at', '2013-09-08T12:00:00Z');
      if (rep?.status !== 'passed') verdicts.push(`${r.rel}: expected passed, got ${rep?.status ?? 'no report'}`);
    }
    process.stdout.write(`# verify CAdES integrity agreement with openssl: ${agree}/${rows.length} (${((100 * agree) / Math.max(1, rows.length)).toFixed(1)}%)\n`);
    for (const d of disagree) process.stdout.write(`#   ${d}\n`);
    process.stdout.write(`# ParER verdicts at 2013-09-08: ${parer.length - verdicts.length}/${parer.length}\n`);
    for (const v of verdicts) process.stdout.write(`#   ${v}\n`);
    // Known and explained (closing note / README): OpenSSL refuses DigestInfos without NULL that Bouncy Castle and
    // DSS accept (IT_NAM plugtest files); m7m_ok's envelope time-stamp matches no encoding of its .p7m (DSS also
    // rejects it), so the signature has no proof of existence before its certificate expired.
    assert.ok(agree / Math.max(1, rows.length) >= 0.9, `agreement ${agree}/${rows.length}`);
    assert.ok(parer.length - verdicts.length >= parer.length - 1, verdicts.join('; '));
  });

  it('PAdES integrity agrees with pdfsig; files the MANIFEST calls invalid or attacks are never passed', () => {
    const rows = manifest().filter((r) => r.rel.startsWith('pades/') && r.rel.toLowerCase().endsWith('.pdf'));
    let agree = 0;
    let compared = 0;
    const disagree: string[] = [];
    const passedBad: string[] = [];
    for (const r of rows) {
      const rep = verify(r.rel);
      const blocks = tool('pdfsig', ['-nocert', join(root, r.rel)]).stdout.split(/^Signature #\d+:$/m).slice(1);
      const popplerValid = blocks.filter((b) => !/ETSI\.RFC3161/.test(b)).map((b) => /Signature is Valid\./.test(b));
      if (rep && popplerValid.length > 0 && rep.signatures.length === popplerValid.length) {
        compared++;
        const ours = rep.signatures.map((s) => s.integrity === 'valid');
        if (ours.join() === popplerValid.join()) agree++;
        else disagree.push(`${r.rel}: pdfsig ${popplerValid.join('/')}, sigla ${ours.join('/')}`);
      }
      if (/INVALID|attack|TOTAL_FAILED|not intact|changes detected|modifications/i.test(r.expected + r.kind) && rep?.status === 'passed') passedBad.push(r.rel);
    }
    process.stdout.write(`# verify PAdES integrity agreement with pdfsig: ${agree}/${compared}\n`);
    for (const d of disagree) process.stdout.write(`#   ${d}\n`);
    for (const p of passedBad) process.stdout.write(`#   passed although the MANIFEST says invalid/attack: ${p}\n`);
    assert.ok(agree / Math.max(1, compared) >= 0.8, `agreement ${agree}/${compared}`);
    assert.deepEqual(passedBad, []);
  });
});
