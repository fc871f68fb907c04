/**
 * `npm run fuzz`: mutation fuzzing of `sigla verify` (issue 11 item 8). Originals are the test fixtures made at run
 * time (fixtures.ts) and, when present, the shared corpus (`--corpus DIR`, else `SIGLA_CORPUS`, else
 * `../shared/corpus` beside the repository). Each original is verified once unmutated; then mutants (mutators.ts)
 * are verified in a pool of child processes with a 512 MB heap, a 1 GB RSS limit and a per-input time limit (pool.ts), a small
 * fraction also through the real CLI (`sigla verify --offline --json`) for its exit code and JSON, and judged by
 * the oracle (oracle.ts: false positive, internal error, hang, OOM).
 *
 * Options: `--seed N` (default: from the clock, printed), `--count N` mutants (default 3000), `--seconds S` (stop
 * earlier), `--corpus DIR` | `--no-corpus`, `--no-fixtures`, `--fresh-fixtures` (made again rather than taken from test-artifacts/fuzz/fixtures, kept
 * 30 days), `--workers N` (2), `--timeout MS` (10000),
 * `--heap MB` (512), `--rss MB` (1024), `--cli-fraction F` (0.02), `--keep N` findings saved (50), `--out DIR`
 * (test-artifacts/fuzz), `--mutators a,b`, `--inputs REGEX` (originals by name).
 *
 * A run is reproducible from its seed and options: the mutants are drawn in a fixed order from the seed; each
 * finding is saved as the mutated file beside a JSON record (original, mutant seed, mutator, what it did, why it is
 * a finding, stack), so `sigla verify FILE` on the saved file shows it again. Exit status 1 when anything was found.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { REPO, SIGLA } from '../helpers/cli.js';
import type { FileReport } from '../../electron/core/verify/VerificationReport.js';
import { fixturesCached, type FuzzInput } from './fixtures.js';
import { mutate, mutationTarget, type MutationTarget } from './mutators.js';
import { judgeError, judgeFileStatus, judgeReportText, judgeSignatures, rawTextIn, type Category, type OriginalSignature, type Verdict } from './oracle.js';
import { VerifyPool, type Outcome } from './pool.js';
import { Prng } from './prng.js';
import { cadesChanged, cadesSignedParts, canonicalBinary, padesChanged, padesSignedParts, type SignedPart } from './signedBytes.js';
import type { WorkRequest } from './worker.js';

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly seconds: number;
  readonly corpus: string | null;
  readonly fixtures: boolean;
  /** Make the fixtures again even when a recent cached set exists (test-artifacts/fuzz/fixtures). */
  readonly freshFixtures?: boolean;
  readonly workers: number;
  readonly timeoutMs: number;
  readonly heapMb: number;
  readonly rssLimitMb: number;
  readonly cliFraction: number;
  readonly keep: number;
  readonly out: string;
  readonly mutators?: readonly string[];
  readonly inputs?: RegExp;
  readonly maxInputBytes: number;
  readonly log: (s: string) => void;
}

export interface Finding extends Verdict {
  readonly input: string;
  readonly seed: number;
  readonly mutator: string;
  readonly detail: string;
  readonly via: 'engine' | 'cli';
  readonly saved?: string;
}

export interface FuzzSummary {
  readonly seed: number;
  readonly inputs: number;
  readonly mutants: number;
  readonly cliRuns: number;
  readonly counts: Readonly<Record<Category, number>>;
  /** Mutants verified without any finding, by result: passed/failed/indeterminate/refused. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly findings: readonly Finding[];
  /** Findings grouped by site (root cause), most frequent first. */
  readonly groups: readonly { site: string; category: Category; count: number; example: Finding }[];
  readonly seconds: number;
  readonly outDir: string;
  /** Originals whose unmutated verification was not all-valid (fixtures must be) or whose signed bytes could not be located. */
  readonly notes: readonly string[];
}

/** One original, verified unmutated, with its signatures' signed parts. */
interface Original {
  readonly input: FuzzInput;
  readonly target: MutationTarget;
  readonly kind: 'pdf' | 'cms';
  /** Decoded binary (CAdES) for the edit computations. */
  readonly bin: Uint8Array;
  readonly sigs: readonly { sig: OriginalSignature; part: SignedPart | null }[];
}

function corpusInputs(root: string, maxBytes: number): FuzzInput[] {
  const out: FuzzInput[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'tsl') walk(f);
        continue;
      }
      if (!e.isFile() || /^(MANIFEST\.tsv|README\.md)$/.test(e.name)) continue;
      const size = statSync(f).size;
      if (size === 0 || size > maxBytes) continue;
      const bytes = new Uint8Array(readFileSync(f));
      const stamped = f.replace(/\.tsr$/i, '');
      const detached = /\.tsr$/i.test(f) && stamped !== f && existsSync(stamped) ? new Uint8Array(readFileSync(stamped)) : undefined;
      out.push({ name: relative(root, f), bytes, anchors: [], origin: 'corpus', ...(detached ? { detachedContent: detached } : {}) });
    }
  };
  walk(root);
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** SIGLA_CORPUS, else `../shared/corpus` beside the repository (or beside the folder holding this worktree). */
function defaultCorpus(): string | null {
  if (process.env.SIGLA_CORPUS) return process.env.SIGLA_CORPUS;
  return [resolve(REPO, '..', 'shared', 'corpus'), resolve(REPO, '..', '..', 'shared', 'corpus')].find((c) => existsSync(join(c, 'MANIFEST.tsv'))) ?? null;
}

/** Signatures of the unmutated original with their signed parts (null part: not located, never flagged). */
async function locate(input: FuzzInput, report: FileReport | undefined, notes: string[]): Promise<Original['sigs']> {
  if (!report) return [];
  const sigs = report.signatures;
  const target = mutationTarget(input.bytes);
  const plain = (s: (typeof sigs)[number], part: SignedPart | null): { sig: OriginalSignature; part: SignedPart | null } => ({
    sig: { signer: s.signer, depth: s.depth, kind: s.kind, ...(s.field !== undefined ? { field: s.field } : {}), changed: false, ...(part?.revisionEnd !== undefined ? { revisionEnd: part.revisionEnd } : {}) },
    part,
  });
  try {
    if (target.kind === 'text' && !/^[A-Za-z0-9+/=\s]*$/.test(Buffer.from(input.bytes.subarray(0, 256)).toString('latin1').replace(/^-----.*$/gm, ''))) {
      // MIME (.m7m) and other text: the signatures inside are not located; they are never judged false positives.
      return sigs.map((s) => plain(s, null));
    }
    if (target.kind === 'pdf') {
      const parts = await padesSignedParts(input.bytes);
      return sigs.map((s) => plain(s, parts.find((p) => p.field === s.field) ?? null));
    }
    const parts = cadesSignedParts(input.bytes);
    const cms = sigs.filter((s) => s.field === undefined);
    if (parts.length !== cms.length) {
      notes.push(`${input.name}: ${parts.length} SignerInfos found, ${cms.length} reported — signed bytes not located`);
      return sigs.map((s) => plain(s, null));
    }
    let i = 0;
    return sigs.map((s) => (s.field === undefined ? plain(s, parts[i++] ?? null) : plain(s, null)));
  } catch (e) {
    notes.push(`${input.name}: signed bytes not located (${(e as Error).message})`);
    return sigs.map((s) => plain(s, null));
  }
}

function changedSigs(o: Original, mutated: Uint8Array): OriginalSignature[] {
  return o.sigs.map(({ sig, part }) => {
    if (!part) return sig;
    const changed = o.kind === 'pdf' ? padesChanged(o.input.bytes, mutated, part) : cadesChanged(o.bin, mutated, part);
    return { ...sig, changed };
  });
}

function resultClass(r: FileReport | undefined): string {
  return r ? r.status : 'refused';
}

/** The CLI on a mutated file: its exit code must be one of verify's (0, 6, 8, 10; 2 for a missing --detached-content). */
function runCli(file: string, input: FuzzInput, anchorsPem: string | null, detachedFile: string | null, o: FuzzOptions, dataDir: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  const args = ['--max-old-space-size=' + String(o.heapMb), SIGLA, 'verify', file, '--offline', '--json', ...(anchorsPem ? ['--trust', anchorsPem] : []), ...(detachedFile ? ['--detached-content', detachedFile] : [])];
  void input;
  return new Promise((done) => {
    const t0 = Date.now();
    const c = spawn(process.execPath, args, { env: { ...process.env, LANG: 'C.UTF-8', SIGLA_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => c.kill('SIGKILL'), o.timeoutMs * 2);
    c.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzSummary> {
  const t0 = Date.now();
  const runDir = resolve(o.out, `seed-${o.seed}`);
  mkdirSync(runDir, { recursive: true });
  const notes: string[] = [];
  const inputs: FuzzInput[] = [];
  const fixtures = o.fixtures ? await fixturesCached(resolve(o.out, 'fixtures'), { log: o.log, ...(o.freshFixtures ? { fresh: true } : {}) }) : undefined;
  {
    if (fixtures) inputs.push(...fixtures.inputs);
    if (o.corpus) inputs.push(...corpusInputs(o.corpus, o.maxInputBytes));
    const chosen = inputs.filter((i) => !o.inputs || o.inputs.test(i.name));
    if (chosen.length === 0) throw new Error('no originals to mutate');
    o.log(`fuzz: seed ${o.seed}, ${chosen.length} originals (${chosen.filter((i) => i.origin === 'fixture').length} fixtures), ${o.count} mutants at most, ${o.seconds} s at most, ${o.workers} workers`);
    const pool = new VerifyPool({ workers: o.workers, timeoutMs: o.timeoutMs, heapMb: o.heapMb, rssLimitMb: o.rssLimitMb });
    const findings: Finding[] = [];
    const counts: Record<Category, number> = { falsePositive: 0, internal: 0, hang: 0, oom: 0 };
    const outcomes: Record<string, number> = {};
    const fixtureRoot = fixtures ? fixtures.rootPem : null;
    const cliDir = join(runDir, 'cli');
    mkdirSync(cliDir, { recursive: true });
    let reqId = 0;
    const request = (input: FuzzInput, bytes: Uint8Array): WorkRequest => ({
      id: ++reqId,
      name: basename(input.name),
      bytes,
      anchors: input.anchors,
      ...(input.detachedContent ? { detachedContent: input.detachedContent } : {}),
      extract: !/\.pdf$/i.test(input.name),
    });
    const record = (f: Omit<Finding, 'saved'>, bytes: Uint8Array): void => {
      counts[f.category]++;
      let saved: string | undefined;
      if (findings.length < o.keep) {
        const stem = `${String(findings.length + 1).padStart(3, '0')}-${f.category}-${f.mutator.replace(/[^\w-]/g, '_')}-${basename(f.input).replace(/[^\w.-]/g, '_')}`;
        saved = join(runDir, stem);
        writeFileSync(saved, bytes);
        const input = chosen.find((i) => i.name === f.input);
        const trust = input?.origin === 'fixture' && fixtureRoot ? ` --trust ${fixtureRoot}` : '';
        const detached = input?.detachedContent ? ' --detached-content THE_STAMPED_OR_SIGNED_FILE' : '';
        writeFileSync(`${saved}.json`, JSON.stringify({ ...f, reproduce: `node bin/sigla.js verify ${relative(REPO, saved)} --offline --json${trust}${detached}` }, null, 2));
      }
      if (findings.length < 5000) findings.push({ ...f, ...(saved ? { saved } : {}) });
    };
    const judge = (outcome: Outcome, orig: Original | null, bytes: Uint8Array, detachedGiven: boolean): Verdict | { ok: string } => {
      switch (outcome.kind) {
        case 'hang':
          return { category: 'hang', why: `no answer in ${outcome.ms} ms`, site: 'hang', stack: '' };
        case 'oom':
          return { category: 'oom', why: outcome.message, site: `oom (${outcome.message.startsWith('RSS') ? 'rss' : 'heap'})`, stack: '' };
        case 'crash':
          return { category: 'internal', why: `worker crashed: ${outcome.message}`, site: `worker crash ${outcome.message.slice(0, 80)}`, stack: outcome.stack };
        case 'done': {
          const r = outcome.result;
          if (r.verifyError) {
            const v = judgeError(r.verifyError, 'verify', detachedGiven);
            if (v) return v;
          }
          if (r.extractError) {
            const v = judgeError(r.extractError, 'extract', detachedGiven);
            if (v) return v;
          }
          if (r.report) {
            const v = judgeReportText(r.report) ?? judgeFileStatus(r.report);
            if (v) return v;
            if (orig) {
              const fp = judgeSignatures(changedSigs(orig, bytes), r.report, bytes);
              if (fp) return fp;
            }
          }
          return { ok: resultClass(r.report) };
        }
      }
    };

    // 1. The originals, unmutated.
    const originals: Original[] = [];
    for (const input of chosen) {
      const out = await pool.run(request(input, input.bytes));
      const v = judge(out, null, input.bytes, input.detachedContent !== undefined);
      const report = out.kind === 'done' ? out.result.report : undefined;
      if (!('ok' in v)) {
        record({ ...v, input: input.name, seed: 0, mutator: 'none', detail: 'the original, unmutated', via: 'engine' }, input.bytes);
      }
      if (input.origin === 'fixture') {
        const bad = !report || report.status !== 'passed' || report.signatures.some((s) => s.integrity !== 'valid' || s.status !== 'passed');
        if (bad) notes.push(`fixture ${input.name} does not pass unmutated: ${report ? report.status : 'refused'}`);
      }
      const target = mutationTarget(input.bytes);
      const sigs = await locate(input, report, notes);
      originals.push({ input, target, kind: target.kind === 'pdf' ? 'pdf' : 'cms', bin: target.kind === 'pdf' ? input.bytes : canonicalBinary(input.bytes), sigs });
    }
    o.log(`fuzz: originals made and verified in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // 2. The mutants (--seconds counts from here).
    const rng = new Prng(o.seed);
    const deadline = Date.now() + o.seconds * 1000;
    let mutants = 0;
    let msTotal = 0;
    let cliRuns = 0;
    let cliBusy = 0;
    const inflight = new Set<Promise<void>>();
    const cliDetached = new Map<string, string>();
    let lastLog = Date.now();
    for (let n = 0; n < o.count && Date.now() < deadline; n++) {
      const orig = originals[rng.int(originals.length)] as Original;
      const seed = rng.seed();
      const useCli = rng.chance(o.cliFraction);
      const mut = mutate(orig.target, new Prng(seed), o.mutators);
      mutants++;
      const detachedGiven = orig.input.detachedContent !== undefined;
      const base = { input: orig.input.name, seed, mutator: mut.mutator, detail: mut.detail };
      const task = (async (): Promise<void> => {
        const out = await pool.run(request(orig.input, mut.bytes));
        if (out.kind === 'done') msTotal += out.result.ms;
        const v = judge(out, orig, mut.bytes, detachedGiven);
        if ('ok' in v) outcomes[v.ok] = (outcomes[v.ok] ?? 0) + 1;
        else record({ ...v, ...base, via: 'engine' }, mut.bytes);
        if (useCli && cliBusy < 1) {
          cliBusy++;
          cliRuns++;
          try {
            const file = join(cliDir, `${seed}-${basename(orig.input.name)}`);
            writeFileSync(file, mut.bytes);
            let det: string | null = null;
            if (orig.input.detachedContent) {
              det = cliDetached.get(orig.input.name) ?? join(cliDir, `content-${basename(orig.input.name)}`);
              if (!cliDetached.has(orig.input.name)) writeFileSync(det, orig.input.detachedContent);
              cliDetached.set(orig.input.name, det);
            }
            const c = await runCli(file, orig.input, orig.input.origin === 'fixture' ? fixtureRoot : null, det, o, join(cliDir, 'data'));
            const cv = judgeCli(c, orig, mut.bytes, detachedGiven);
            if (cv) record({ ...cv, ...base, via: 'cli' }, mut.bytes);
          } finally {
            cliBusy--;
          }
        }
      })();
      inflight.add(task);
      void task.finally(() => inflight.delete(task));
      while (inflight.size >= o.workers * 2) await Promise.race(inflight);
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        o.log(`fuzz: ${mutants} mutants, ${counts.falsePositive} false positives, ${counts.internal} internal errors, ${counts.hang} hangs, ${counts.oom} OOM`);
      }
    }
    await Promise.all(inflight);
    await pool.close();
    o.log(`fuzz: ${mutants} mutants in ${((Date.now() - deadline + o.seconds * 1000) / 1000).toFixed(1)} s, ${(msTotal / Math.max(1, mutants)).toFixed(0)} ms of verification each on average`);

    const bySite = new Map<string, { site: string; category: Category; count: number; example: Finding }>();
    for (const f of findings) {
      const g = bySite.get(f.site);
      if (g) g.count++;
      else bySite.set(f.site, { site: f.site, category: f.category, count: 1, example: f });
    }
    const summary: FuzzSummary = {
      seed: o.seed,
      inputs: chosen.length,
      mutants,
      cliRuns,
      counts,
      outcomes,
      findings,
      groups: [...bySite.values()].sort((a, b) => b.count - a.count),
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      outDir: runDir,
      notes,
    };
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify({ ...summary, findings: findings.slice(0, 500) }, null, 2));
    return summary;
  }
}

/** The CLI's answer: an exit code of verify's, JSON on stdout, no raw text, and the same false-positive oracle. */
function judgeCli(c: { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }, orig: Original, bytes: Uint8Array, detachedGiven: boolean): Verdict | undefined {
  if (c.signal === 'SIGKILL') return { category: 'hang', why: `sigla verify killed after ${c.ms} ms`, site: 'cli hang', stack: '' };
  if (/heap out of memory|Allocation failed/i.test(c.stderr)) return { category: 'oom', why: 'sigla verify ran out of memory', site: 'cli oom', stack: c.stderr.slice(-2000) };
  const allowed = [0, 6, 8, 10, ...(detachedGiven ? [] : [2])];
  if (c.code === null || !allowed.includes(c.code)) {
    return { category: 'internal', why: `sigla verify exit ${String(c.code)}${c.signal ? ` (${c.signal})` : ''}: ${c.stderr.slice(0, 300)}`, site: `cli exit ${String(c.code)}`, stack: c.stderr.slice(-2000) };
  }
  if (c.code === 2) return undefined;
  let report: FileReport;
  try {
    report = JSON.parse(c.stdout) as FileReport;
  } catch {
    return { category: 'internal', why: `sigla verify --json printed no JSON (exit ${c.code}): ${c.stdout.slice(0, 200)}${c.stderr.slice(0, 200)}`, site: 'cli not JSON', stack: '' };
  }
  const raw = rawTextIn(c.stderr);
  if (raw) return { category: 'internal', why: `stderr with raw text: ${c.stderr.slice(0, 300)}`, site: `cli stderr raw ${String(raw)}`, stack: '' };
  return judgeReportText(report) ?? judgeFileStatus(report) ?? judgeSignatures(changedSigs(orig, bytes), report, bytes);
}

function parseArgs(argv: readonly string[]): FuzzOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, d: number): number => {
    const v = get(name);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} takes a number`);
    return n;
  };
  const mut = get('--mutators');
  const inputs = get('--inputs');
  return {
    seed: num('--seed', Date.now() % 4294967296) >>> 0,
    count: num('--count', 3000),
    seconds: num('--seconds', 600),
    corpus: argv.includes('--no-corpus') ? null : (get('--corpus') ?? defaultCorpus()),
    fixtures: !argv.includes('--no-fixtures'),
    freshFixtures: argv.includes('--fresh-fixtures'),
    workers: Math.max(1, num('--workers', 2)),
    timeoutMs: num('--timeout', 10_000),
    heapMb: num('--heap', 512),
    rssLimitMb: num('--rss', 1024),
    cliFraction: num('--cli-fraction', 0.02),
    keep: num('--keep', 50),
    out: get('--out') ?? join(REPO, 'test-artifacts', 'fuzz'),
    ...(mut ? { mutators: mut.split(',') } : {}),
    ...(inputs ? { inputs: new RegExp(inputs) } : {}),
    maxInputBytes: num('--max-input-mb', 8) * (1 << 20),
    log: (s) => process.stderr.write(`${s}\n`),
  };
}

export function printSummary(s: FuzzSummary, write: (x: string) => void): void {
  write(`originals: ${s.inputs}; mutants: ${s.mutants} (${s.cliRuns} also through the CLI); ${s.seconds} s\n`);
  write(`verdicts without finding: ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  for (const n of s.notes) write(`note: ${n}\n`);
  for (const g of s.groups.slice(0, 30)) write(`  ${g.count}× [${g.category}] ${g.site}\n      e.g. ${g.example.input} seed ${g.example.seed} ${g.example.mutator} (${g.example.detail}): ${g.example.why.slice(0, 300)}\n`);
  write(`fuzz seed ${s.seed}: ${s.mutants} inputs — false positives ${s.counts.falsePositive}, internal errors ${s.counts.internal}, hangs ${s.counts.hang}, OOM ${s.counts.oom}; findings in ${s.outDir}\n`);
}

if (require.main === module) {
  (async () => {
    const o = parseArgs(process.argv.slice(2));
    const s = await runFuzz(o);
    printSummary(s, (x) => process.stdout.write(x));
    const total = s.counts.falsePositive + s.counts.internal + s.counts.hang + s.counts.oom;
    process.exit(total > 0 ? 1 : 0);
  })().catch((e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  });
}
