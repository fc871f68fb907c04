/**
 * Sigla against real CAdES files made by other software (the shared corpus, never copied into the project).
 *
 * Runs only when SIGLA_CORPUS points at the corpus directory (the one holding MANIFEST.tsv):
 *   SIGLA_CORPUS=../shared/corpus npm run test:corpus
 * Without it every test here is skipped.
 *
 * For every `cades/` row of MANIFEST.tsv that holds an attached CMS SignedData (DER, BER, base64 or PEM):
 *  1. our integrity engine (verifyCmsIntegrity) is compared with `openssl cms -verify -noverify` on the files whose
 *     outer envelope openssl accepted when the corpus was built; the agreement figure is printed and must be ≥ 90%;
 *  2. `sigla sign FILE --p12 …` adds a parallel signature: exit 0, same content as openssl extracts from the
 *     original, one more SignerInfo, and every earlier signature exactly as valid (or as broken) as before, according
 *     to openssl, Bouncy Castle (when installed) and our own engine;
 *  3. three files are countersigned (`--mode countersign`) and Bouncy Castle must find and verify the new
 *     countersignature.
 * The only checks of the files themselves are openssl, Bouncy Castle and the MANIFEST's sha256.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyCmsIntegrity } from '../../electron/core/verify/verifyCmsIntegrity.js';
import { bcCheck, hasBouncyCastle, type BcResult, type BcSigner } from '../helpers/bouncyCastle.js';
import { sha256File, sigla, tool } from '../helpers/cli.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';
import { readManifest } from '../helpers/manifest.js';

const CORPUS_ENV = process.env['SIGLA_CORPUS'];
const MIN_AGREEMENT = 0.9;
/** CN of the test PKI's signer (testPki.ts): how our own signature is told apart in Bouncy Castle's report. */
const OUR_CN = 'CN=ROSSI MARIO';

type Enc = 'DER/BER' | 'BER-indef' | 'base64' | 'PEM';

interface CorpusCms {
  /** Path relative to the corpus root, as in MANIFEST.tsv. */
  readonly rel: string;
  readonly abs: string;
  readonly enc: Enc;
  /** SignerInfos in the outer envelope, as the MANIFEST saw them. */
  readonly signers: number;
  /** The MANIFEST says `openssl cms -verify -noverify: OK` for the outer envelope. */
  readonly opensslOk: boolean;
  /** Attribute summary of the outer envelope, e.g. ['countersig', 'signingCertV2']. */
  readonly attrs: readonly string[];
  readonly sha256: string;
}

/** The attached CMS SignedData files under cades/ (no timestamp tokens/responses, TSD, MIME or detached .p7s). */
function loadCorpus(root: string): CorpusCms[] {
  const out: CorpusCms[] = [];
  for (const row of readManifest(root)) {
    const rel = row.rel;
    if (!rel.startsWith('cades/')) continue;
    const outer = row.observed.split('||')[0]?.trim() ?? '';
    const m = /^enc=(DER\/BER|BER-indef|base64|PEM) CMS SignedData\b/.exec(outer);
    if (!m || /\bDETACHED\b/.test(outer)) continue;
    out.push({
      rel,
      abs: join(root, rel),
      enc: m[1] as Enc,
      signers: Number(/\bsigners=(\d+)/.exec(outer)?.[1] ?? '0'),
      opensslOk: outer.includes('openssl cms -verify -noverify: OK'),
      attrs: (/\battrs=\[([^\]]*)\]/.exec(outer)?.[1] ?? '').split(',').filter((a) => a !== ''),
      sha256: row.sha256,
    });
  }
  return out;
}

/** `-inform` and file for openssl: base64 files are decoded to a temporary DER file first. */
function opensslInput(f: CorpusCms, tmp: string): { inform: 'DER' | 'PEM'; file: string } {
  if (f.enc === 'PEM') return { inform: 'PEM', file: f.abs };
  if (f.enc !== 'base64') return { inform: 'DER', file: f.abs };
  const der = join(tmp, `${safeName(f.rel)}.der`);
  if (!existsSync(der)) writeFileSync(der, Buffer.from(readFileSync(f.abs, 'latin1').replace(/\s+/g, ''), 'base64'));
  return { inform: 'DER', file: der };
}

interface OpensslView {
  /** `openssl cms -verify -noverify` accepted every signer. */
  readonly ok: boolean;
  readonly error: string;
  /** sha256 of the outer eContent as openssl extracts it (with -nosigs when the signatures do not verify). */
  readonly contentSha256: string | null;
}

function opensslView(inform: 'DER' | 'PEM', file: string, contentOut: string): OpensslView {
  const base = ['cms', '-verify', '-noverify', '-binary', '-inform', inform, '-in', file, '-out', contentOut];
  const v = tool('openssl', base);
  const ok = v.status === 0;
  const error = ok ? '' : firstLine(v.stderr);
  const x = ok ? v : tool('openssl', [...base, '-nosigs']);
  return { ok, error, contentSha256: x.status === 0 && existsSync(contentOut) ? sha256File(contentOut) : null };
}

/** Top-level SignerInfos as `openssl cms -cmsout -print` lists them (used when Bouncy Castle is missing). */
function opensslSignerCount(file: string): number {
  const r = tool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file]);
  if (r.status !== 0) return -1;
  return r.stdout.split('\n').filter((l) => /^\s+signatureAlgorithm:/.test(l)).length;
}

interface EngineView {
  /** Every depth-0 signer is valid (false when the engine throws or finds none). */
  readonly topValid: boolean;
  readonly detail: string;
  /** One key per signature, countersignatures and nested envelopes included, excluding `exceptCert`'s. */
  readonly keys: string[];
  readonly oursValid: boolean[];
}

function engineView(file: string, exceptCert?: Uint8Array): EngineView {
  try {
    const r = verifyCmsIntegrity(new Uint8Array(readFileSync(file)));
    const top = r.signatures.filter((s) => s.depth === 0 && s.kind === 'signer');
    const isOurs = (c: Uint8Array | undefined): boolean => exceptCert !== undefined && c !== undefined && Buffer.compare(c, exceptCert) === 0;
    const keys = r.signatures
      .filter((s) => !isOurs(s.certificate))
      .map((s) => `${s.depth}/${s.kind}/${s.certificate ? createHash('sha256').update(s.certificate).digest('hex').slice(0, 12) : 'no-cert'}/${s.valid}`)
      .sort();
    const detail = top
      .map((s, i) => (s.valid ? `#${i + 1} valid` : `#${i + 1} invalid (md=${s.messageDigestOk} sig=${s.signatureOk} ess=${String(s.signingCertificateOk)}${s.problems.length ? `: ${s.problems.join('; ')}` : ''})`))
      .join(', ');
    return {
      topValid: top.length > 0 && top.every((s) => s.valid),
      detail: top.length === 0 ? 'no top-level signer' : detail,
      keys,
      oursValid: r.signatures.filter((s) => isOurs(s.certificate)).map((s) => s.valid),
    };
  } catch (e) {
    return { topValid: false, detail: `threw: ${(e as Error).message}`, keys: [], oursValid: [] };
  }
}

/** Bouncy Castle's report grouped by depth-0 signer (each followed by its countersignatures) and nested entries. */
interface BcGroups {
  readonly groups: BcSigner[][];
  readonly nested: BcSigner[];
}

function groupsOf(r: BcResult): BcGroups {
  const groups: BcSigner[][] = [];
  const nested: BcSigner[] = [];
  for (const s of r.signers) {
    if (s.depth > 0) nested.push(s);
    else if (s.kind === 'signer' || groups.length === 0) groups.push([s]);
    else groups[groups.length - 1]?.push(s);
  }
  return { groups, nested };
}

const bcKey = (s: BcSigner): string => `${s.depth}/${s.kind}/${s.subject}/${s.digestAlg}/${s.encAlg}/verified=${s.verified}/ess=${String(s.essCertV2)}`;
const groupKey = (g: readonly BcSigner[]): string => g.map(bcKey).join(' + ');
const isOurs = (s: BcSigner): boolean => s.subject.includes(OUR_CN);

/** Multiset difference: entries of `a` not matched in `b`, and of `b` not matched in `a`. */
function multisetDiff(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  const rest = [...b];
  const onlyA: string[] = [];
  for (const x of a) {
    const i = rest.indexOf(x);
    if (i < 0) onlyA.push(x);
    else rest.splice(i, 1);
  }
  return { onlyA, onlyB: rest };
}

/** sha256 of the content our engine extracts (innermost), or null. */
function contentSha256Of(file: string): string | null {
  try {
    const c = verifyCmsIntegrity(new Uint8Array(readFileSync(file))).content;
    return c === null ? null : createHash('sha256').update(c).digest('hex');
  } catch {
    return null;
  }
}

function firstLine(s: string): string {
  return (s.split('\n').find((l) => l.trim() !== '') ?? '').trim().slice(0, 200);
}

function safeName(rel: string): string {
  return rel.replace(/^cades\//, '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

describe('CAdES corpus (SIGLA_CORPUS)', { skip: !CORPUS_ENV && 'SIGLA_CORPUS is not set' }, () => {
  const root = resolve(CORPUS_ENV ?? '.');
  let files: CorpusCms[] = [];
  let pki: TestPki;
  let tmp: string;
  let ourCert: Uint8Array;
  const bc = hasBouncyCastle();
  /** openssl's view of each original, shared by the tests below. */
  const original = new Map<string, OpensslView>();

  const viewOfOriginal = (f: CorpusCms): OpensslView => {
    let v = original.get(f.rel);
    if (!v) {
      const inp = opensslInput(f, tmp);
      v = opensslView(inp.inform, inp.file, join(tmp, `${safeName(f.rel)}.content`));
      original.set(f.rel, v);
    }
    return v;
  };
  /** Bouncy Castle's view of each original (one JVM per file, so computed once). */
  const bcOriginal = new Map<string, BcResult>();
  const bcOfOriginal = (f: CorpusCms): BcResult => {
    let r = bcOriginal.get(f.rel);
    if (!r) {
      r = bcCheck(f.abs);
      bcOriginal.set(f.rel, r);
    }
    return r;
  };

  /** `sigla sign` with the test PKCS#12; inputs not named .p7m/.p7s are copied to a temporary .p7m first. */
  const signWithSigla = (f: CorpusCms, out: string, mode?: 'countersign'): { status: number; stderr: string; args: string[] } => {
    let input = f.abs;
    const extra: string[] = mode ? ['--mode', mode] : [];
    if (!/\.p7[ms]$/i.test(f.rel)) {
      input = join(tmp, 'in', `${safeName(f.rel)}.p7m`);
      if (!existsSync(input)) copyFileSync(f.abs, input);
      if (!mode) extra.push('--mode', 'parallel');
    }
    const args = ['sign', input, ...extra, '--p12', pki.signer.p12, '--pin-stdin', '--lang', 'en', '--out', out];
    const r = sigla(args, { input: `${pki.signer.p12Password}\n` });
    return { status: r.status, stderr: firstLine(r.stderr), args };
  };

  before(() => {
    files = loadCorpus(root);
    pki = makeTestPki();
    ourCert = new Uint8Array(readFileSync(pki.signer.certDer));
    tmp = mkdtempSync(join(tmpdir(), 'sigla-corpus-'));
    mkdirSync(join(tmp, 'in'));
    mkdirSync(join(tmp, 'out'));
    console.log(`corpus: ${root}: ${files.length} CAdES CMS files (${files.filter((f) => f.opensslOk).length} accepted by openssl); Bouncy Castle ${bc ? 'available' : 'NOT available: signer checks use openssl only'}`);
  });

  after(() => {
    if (pki) cleanup(pki.dir);
    if (tmp) cleanup(tmp);
  });

  it('MANIFEST lists CAdES CMS files that are present and unchanged', () => {
    assert.ok(files.length > 0, `no cades/ CMS rows in ${join(root, 'MANIFEST.tsv')}`);
    const bad = files.filter((f) => !existsSync(f.abs) || sha256File(f.abs) !== f.sha256).map((f) => f.rel);
    assert.deepEqual(bad, [], 'missing or changed corpus files');
  });

  it(`integrity: verifyCmsIntegrity agrees with openssl on ≥ ${MIN_AGREEMENT * 100}% of the files openssl accepts`, () => {
    const set = files.filter((f) => f.opensslOk && existsSync(f.abs));
    assert.ok(set.length > 0, 'no file accepted by openssl in the MANIFEST');
    const disagreements: string[] = [];
    for (const f of set) {
      const o = viewOfOriginal(f);
      const e = engineView(f.abs);
      if (o.ok !== e.topValid) {
        disagreements.push(`  ${f.rel} [${f.enc}]: openssl ${o.ok ? 'OK' : `FAIL (${o.error})`}, ours ${e.topValid ? 'valid' : 'INVALID'}: ${e.detail}`);
      }
    }
    const agree = set.length - disagreements.length;
    console.log(`corpus: integrity agreement with openssl ${agree}/${set.length} (${pct(agree, set.length)})`);
    if (disagreements.length) console.log(`corpus: integrity disagreements:\n${disagreements.join('\n')}`);

    // For information only: the files whose outer envelope openssl rejected when the corpus was built.
    const rejected = files.filter((f) => !f.opensslOk && f.signers > 0 && existsSync(f.abs));
    const info = rejected.map((f) => {
      const o = viewOfOriginal(f);
      const e = engineView(f.abs);
      return `  ${f.rel}: openssl ${o.ok ? 'OK' : 'FAIL'}, ours ${e.topValid ? 'valid' : 'invalid'} (${e.detail})`;
    });
    const same = rejected.filter((f) => viewOfOriginal(f).ok === engineView(f.abs).topValid).length;
    console.log(`corpus: on ${rejected.length} files openssl rejects, ours agrees on ${same}:\n${info.join('\n')}`);

    // For information only: our engine against Bouncy Castle on every file (BC re-encodes signed attributes as DER
    // and accepts a PKCS#1 DigestInfo without NULL parameters, as EU DSS does; openssl does neither).
    if (bc) {
      const all = files.filter((f) => f.signers > 0 && existsSync(f.abs));
      const differ: string[] = [];
      for (const f of all) {
        const b = bcOfOriginal(f);
        const top = b.signers.filter((s) => s.depth === 0 && s.kind === 'signer');
        const bcValid = top.length > 0 && top.every((s) => s.verified && s.essCertV2 !== false);
        const e = engineView(f.abs);
        if (bcValid !== e.topValid) {
          differ.push(`  ${f.rel}: Bouncy Castle ${bcValid ? 'valid' : `invalid (${String(b.error)})`}, ours ${e.topValid ? 'valid' : 'invalid'} (${e.detail})`);
        }
      }
      console.log(`corpus: integrity agreement with Bouncy Castle ${all.length - differ.length}/${all.length} (${pct(all.length - differ.length, all.length)})`);
      if (differ.length) console.log(`corpus: disagreements with Bouncy Castle:\n${differ.join('\n')}`);
    }

    assert.ok(agree / set.length >= MIN_AGREEMENT, `integrity agreement ${agree}/${set.length} below ${MIN_AGREEMENT * 100}%:\n${disagreements.join('\n')}`);
  });

  it('co-signing (parallel) keeps every earlier signature exactly as valid or as broken as it was', () => {
    const set = files.filter((f) => f.signers > 0 && existsSync(f.abs));
    const failures: string[] = [];
    const notes: string[] = [];
    for (const [i, f] of set.entries()) {
      const problems: string[] = [];
      const out = join(tmp, 'out', `${i}-${safeName(f.rel).replace(/\.p7m$/i, '')}.p7m`);
      const r = signWithSigla(f, out);
      if (r.status !== 0) {
        failures.push(`${f.rel}: sigla ${r.args.slice(0, 2).join(' ')} … exited ${r.status}: ${r.stderr}`);
        continue;
      }
      // openssl: same verdict as on the original (a broken signer stays broken), same content.
      const orig = viewOfOriginal(f);
      const cos = opensslView('DER', out, `${out}.content`);
      if (cos.ok !== orig.ok) {
        problems.push(`openssl verify ${orig.ok ? 'OK' : 'FAIL'} on the original but ${cos.ok ? 'OK' : `FAIL (${cos.error})`} on the co-signed file`);
      }
      if (orig.contentSha256 !== null || cos.contentSha256 !== null) {
        if (cos.contentSha256 !== orig.contentSha256) {
          problems.push(`content differs: openssl extracts ${String(cos.contentSha256)} vs ${String(orig.contentSha256)} from the original`);
        }
      } else if (!bc) {
        // openssl cannot extract either (e.g. no signer certificate at all): compare what our engine extracts.
        const c0 = contentSha256Of(f.abs);
        const c1 = contentSha256Of(out);
        if (c0 === null || c0 !== c1) problems.push(`content differs: our engine extracts ${String(c1)} vs ${String(c0)} from the original`);
      } // else: Bouncy Castle's contentSha256 is compared below

      // Our engine: the earlier signatures (countersignatures and nested envelopes included) keep their verdicts.
      const eBefore = engineView(f.abs);
      const eAfter = engineView(out, ourCert);
      const ed = multisetDiff(eBefore.keys, eAfter.keys);
      if (ed.onlyA.length || ed.onlyB.length) {
        problems.push(`our engine's verdicts on the earlier signatures changed: before-only [${ed.onlyA.join(', ')}] after-only [${ed.onlyB.join(', ')}]`);
      }
      if (eAfter.oursValid.length !== 1 || eAfter.oursValid[0] !== true) {
        problems.push(`our engine on the new signature: ${JSON.stringify(eAfter.oursValid)} (${eAfter.detail})`);
      }

      if (bc) {
        const bOrig = bcOfOriginal(f);
        const bOut = bcCheck(out);
        if (bOut.error?.startsWith('parse error') || bOut.error?.startsWith('check error')) {
          problems.push(`Bouncy Castle cannot read the output: ${bOut.error}`);
        } else {
          if (bOut.topLevelSigners !== bOrig.topLevelSigners + 1) {
            problems.push(`SignerInfos ${bOrig.topLevelSigners} → ${bOut.topLevelSigners} (expected +1)`);
          }
          const g0 = groupsOf(bOrig);
          const g1 = groupsOf(bOut);
          const ours = g1.groups.filter((g) => g[0] !== undefined && isOurs(g[0]));
          const mine = ours[0]?.[0];
          if (ours.length !== 1 || mine === undefined) {
            problems.push(`Bouncy Castle finds ${ours.length} new signers by ${OUR_CN}`);
          } else {
            if (!mine.verified || mine.essCertV2 !== true) {
              problems.push(`Bouncy Castle: the new signature does not verify (verified=${mine.verified} ess=${String(mine.essCertV2)}): ${String(bOut.error)}`);
            }
            const pos = g1.groups.indexOf(ours[0] as BcSigner[]);
            if (pos !== g1.groups.length - 1) notes.push(`${basename(f.rel)} #${pos + 1}/${g1.groups.length}`);
          }
          const d = multisetDiff(g0.groups.map(groupKey), g1.groups.filter((g) => !(g[0] && isOurs(g[0]))).map(groupKey));
          if (d.onlyA.length || d.onlyB.length) {
            problems.push(`Bouncy Castle: earlier signers changed:\n      before: ${d.onlyA.join('\n              ')}\n      after:  ${d.onlyB.join('\n              ')}`);
          }
          const n0 = g0.nested.map(bcKey).join(' | ');
          const n1 = g1.nested.map(bcKey).join(' | ');
          if (n0 !== n1) problems.push(`Bouncy Castle: nested envelopes changed: ${n0} → ${n1}`);
          if (bOut.contentSha256 === null || bOut.contentSha256 !== bOrig.contentSha256) {
            problems.push(`Bouncy Castle: innermost content ${String(bOrig.contentSha256)} → ${String(bOut.contentSha256)}`);
          }
        }
      } else {
        const n0 = f.enc === 'PEM' || f.enc === 'base64' ? f.signers : opensslSignerCount(f.abs);
        const n1 = opensslSignerCount(out);
        if (n1 !== n0 + 1) problems.push(`SignerInfos ${n0} → ${n1} (expected +1)`);
      }
      if (problems.length) failures.push(`${f.rel} [${f.enc}, openssl ${orig.ok ? 'OK' : 'FAIL'}]:\n    ${problems.join('\n    ')}`);
    }
    console.log(`corpus: co-signing ok on ${set.length - failures.length}/${set.length} files`);
    // Not a failure: SignerInfos is a SET OF, which DER sorts, so the new signer need not come last.
    if (notes.length) console.log(`corpus: co-signing put the new SignerInfo before earlier ones in ${notes.length} files (DER SET OF order): ${notes.join(', ')}`);
    if (failures.length) console.log(`corpus: co-signing failures:\n  ${failures.join('\n  ')}`);
    assert.deepEqual(failures, []);
  });

  it('a CMS file that does not parse is refused with exit 8 and no output', () => {
    const set = files.filter((f) => f.signers === 0 && existsSync(f.abs));
    const failures: string[] = [];
    for (const [i, f] of set.entries()) {
      const out = join(tmp, 'out', `unparseable-${i}.p7m`);
      const r = signWithSigla(f, out);
      if (r.status !== 8 || existsSync(out)) failures.push(`${f.rel}: exit ${r.status} (${r.stderr}), output written: ${existsSync(out)}`);
    }
    if (set.length === 0) console.log('corpus: no unparseable CMS file in the MANIFEST');
    assert.deepEqual(failures, []);
  });

  it('countersigning three files: Bouncy Castle finds and verifies the new countersignature', { skip: !bc && 'Bouncy Castle not available' }, () => {
    const candidates = files.filter((f) => f.opensslOk && f.signers === 1 && existsSync(f.abs) && !/\.(tst|tsr)$/i.test(f.rel));
    // One BER with indefinite lengths, one DER that already carries a countersignature, one base64/PEM; then any.
    const picks: CorpusCms[] = [];
    const take = (p: (f: CorpusCms) => boolean): void => {
      const f = candidates.find((c) => p(c) && !picks.includes(c));
      if (f && picks.length < 3) picks.push(f);
    };
    take((f) => f.enc === 'BER-indef');
    take((f) => f.enc === 'DER/BER' && f.attrs.includes('countersig'));
    take((f) => f.enc === 'base64' || f.enc === 'PEM');
    while (picks.length < 3 && picks.length < candidates.length) take(() => true);
    assert.equal(picks.length, 3, 'not enough single-signer files to countersign');

    const failures: string[] = [];
    for (const [i, f] of picks.entries()) {
      const problems: string[] = [];
      const out = join(tmp, 'out', `countersign-${i}-${basename(safeName(f.rel)).replace(/\.p7m$/i, '')}.p7m`);
      const r = signWithSigla(f, out, 'countersign');
      if (r.status !== 0) {
        failures.push(`${f.rel}: sigla ${r.args.join(' ')} exited ${r.status}: ${r.stderr}`);
        continue;
      }
      const orig = viewOfOriginal(f);
      const cos = opensslView('DER', out, `${out}.content`);
      if (!cos.ok) problems.push(`openssl verify FAIL: ${cos.error}`);
      if (cos.contentSha256 !== orig.contentSha256) problems.push('content differs from the original');
      const bOrig = bcOfOriginal(f);
      const bOut = bcCheck(out);
      if (bOut.topLevelSigners !== bOrig.topLevelSigners) problems.push(`SignerInfos ${bOrig.topLevelSigners} → ${bOut.topLevelSigners} (expected unchanged)`);
      const mine = bOut.signers.filter((s) => s.kind === 'countersignature' && isOurs(s));
      if (mine.length !== 1) problems.push(`Bouncy Castle finds ${mine.length} countersignatures by ${OUR_CN}`);
      for (const s of mine) {
        if (!s.verified || s.essCertV2 !== true) problems.push(`our countersignature: verified=${s.verified} ess=${String(s.essCertV2)}: ${String(bOut.error)}`);
      }
      const d = multisetDiff(bOrig.signers.map(bcKey), bOut.signers.filter((s) => !isOurs(s)).map(bcKey));
      if (d.onlyA.length || d.onlyB.length) problems.push(`earlier signers changed: before-only [${d.onlyA.join(', ')}] after-only [${d.onlyB.join(', ')}]`);
      const e = engineView(out, ourCert);
      if (!e.topValid) problems.push(`our engine: ${e.detail}`);
      if (e.oursValid.length !== 1 || e.oursValid[0] !== true) problems.push(`our engine on the new countersignature: ${JSON.stringify(e.oursValid)}`);
      if (problems.length) failures.push(`${f.rel} [${f.enc}]:\n    ${problems.join('\n    ')}`);
    }
    console.log(`corpus: countersigning ok on ${picks.length - failures.length}/${picks.length} files (${picks.map((f) => f.rel).join(', ')})`);
    if (failures.length) console.log(`corpus: countersigning failures:\n  ${failures.join('\n  ')}`);
    assert.deepEqual(failures, []);
  });
});
