/**
 * `sigla sign FILE…`: CAdES signatures (ETSI EN 319 122-1 baseline B) of one or many files with one login.
 * Each file gets its own result; a failure on one does not stop the others unless the token is gone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addParallelSignature } from '../../core/cades/addParallelSignature.js';
import type { VisibleSignature } from '../../core/pades/PadesOptions.js';
import { signPdf } from '../../core/pades/signPdf.js';
import { countersign } from '../../core/cades/countersign.js';
import { signContent } from '../../core/cades/signContent.js';
import { decodeCmsInput } from '../../core/cms/CmsEncoding.js';
import { isSigningHash, type SigningHash } from '../../core/crypto/HashAlgorithm.js';
import { assertWritableTarget, writeAtomically, type WriteOptions } from '../../io/AtomicFile.js';
import { openPdfFile } from '../../io/PdfFileSource.js';
import { fileContentSource } from '../../io/FileContentSource.js';
import { asSiglaError, SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { describeError } from '../../shared/i18n/messages.js';
import { openKey, type KeySourceOptions } from '../keySource.js';
import { isCmsName, outputPath, type SignMode } from '../../io/outputNames.js';
import { checkTsaRoute, tsaAccount, type TsaArgs } from '../tsaAccount.js';
import { tsaTimestamper, type TsaAccount } from '../../net/TsaClient.js';
import { withBatchResults } from '../outcome.js';

export interface SignArgs extends KeySourceOptions, TsaArgs {
  readonly files: readonly string[];
  readonly format: string;
  readonly detached: boolean;
  readonly mode?: string;
  readonly digest: string;
  readonly countersignIndex?: string;
  readonly detachedContent?: string;
  readonly out?: string;
  readonly outDir?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
  readonly pades?: PadesArgs;
}

/** PAdES options from the command line (`--field`, `--visible`, `--page`, `--rect`, `--position`, `--image`…). */
export interface PadesArgs {
  readonly field?: string;
  readonly visible: boolean;
  readonly page?: string;
  readonly rect?: string;
  readonly position?: string;
  readonly image?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contact?: string;
}

interface Job {
  readonly input: string;
  readonly output: string;
  readonly mode: SignMode;
}

export interface SignResult {
  readonly file: string;
  readonly output?: string;
  readonly ok: boolean;
  readonly error?: { code: string; message: string };
}

const usage = (detail: string): SiglaError => new SiglaError('USAGE', detail, { params: { detail } });

function visibleOf(p: PadesArgs | undefined): VisibleSignature | undefined {
  if (!p || !(p.visible || p.rect || p.position || p.image)) return undefined;
  const page = Number(p.page ?? '1');
  if (!Number.isInteger(page) || page < 1) throw usage('--page takes a page number from 1');
  let rect: [number, number, number, number] | undefined;
  if (p.rect) {
    const n = p.rect.split(',').map((x) => Number(x.trim()));
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) throw usage('--rect takes x,y,width,height in points');
    rect = [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 0];
  }
  const positions = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
  if (p.position && !(positions as readonly string[]).includes(p.position)) throw usage(`--position is one of ${positions.join(', ')}`);
  let image: Uint8Array | undefined;
  if (p.image) {
    try {
      image = new Uint8Array(readFileSync(p.image));
    } catch (e) {
      throw new SiglaError('INPUT_UNREADABLE', `cannot read ${p.image}`, { params: { file: p.image }, cause: e });
    }
  }
  return {
    page,
    ...(rect ? { rect } : {}),
    ...(p.position ? { position: p.position as (typeof positions)[number] } : {}),
    ...(image ? { image } : {}),
  };
}

function planJobs(a: SignArgs): Job[] {
  if (a.files.length === 0) throw usage('no file to sign');
  if (a.out && a.files.length > 1) throw usage('--out names one output: use --out-dir for several files');
  if (a.out && a.outDir) throw usage('--out and --out-dir exclude each other');
  if (a.mode !== undefined && !['parallel', 'nested', 'countersign'].includes(a.mode)) throw usage(`unknown --mode ${a.mode}`);
  if (a.format === 'pades') {
    if (a.mode !== undefined) throw usage('--mode applies to CAdES; a PDF signed again gets a new revision');
    if (a.detached) throw usage('--detached applies to CAdES');
    return a.files.map((input) => ({ input, mode: 'pades' as const, output: outputPath(input, 'pades', false, a.out, a.outDir) }));
  }
  return a.files.map((input) => {
    const kind = isCmsName(input);
    let mode: SignMode = 'new';
    if (kind.cms) mode = (a.mode as SignMode | undefined) ?? 'parallel';
    else if (a.mode === 'countersign' || a.mode === 'parallel') throw usage(`${input} is not a .p7m/.p7s signature: --mode ${a.mode} needs one`);
    const detached = mode === 'new' ? a.detached : kind.detached;
    return { input, mode, output: outputPath(input, mode, detached, a.out, a.outDir) };
  });
}

/**
 * How every output of the batch is written: `--force` as given, and no output may be any file the batch reads — its
 * documents (an output of one job must not replace the input of a later one), `--detached-content`, `--p12`,
 * `--image`.
 */
function writeOptions(a: SignArgs, jobs: readonly Job[]): WriteOptions {
  const others = [a.detachedContent, a.p12, a.pades?.image].filter((f): f is string => f !== undefined);
  return { force: a.force, inputs: [...jobs.map((j) => j.input), ...others] };
}

async function signOne(job: Job, a: SignArgs, hash: SigningHash, signer: Awaited<ReturnType<typeof openKey>>['signer'], write: WriteOptions, account: TsaAccount | undefined): Promise<void> {
  const base = { signer, hash, ...(account ? { timestamper: tsaTimestamper(account) } : {}) };
  await writeAtomically(job.output, write, async (sink) => {
    if (job.mode === 'pades') {
      const pdf = openPdfFile(job.input);
      const p = a.pades;
      const visible = visibleOf(p);
      try {
        await signPdf(pdf, sink, {
          ...base,
          ...(p?.reason ? { reason: p.reason } : {}),
          ...(p?.location ? { location: p.location } : {}),
          ...(p?.contact ? { contactInfo: p.contact } : {}),
          ...(p?.field ? { fieldName: p.field } : {}),
          ...(visible ? { visible } : {}),
        });
      } finally {
        pdf.close();
      }
      return;
    }
    if (job.mode === 'new' || job.mode === 'nested') {
      await signContent(fileContentSource(job.input), sink, { ...base, detached: job.mode === 'new' && a.detached });
      return;
    }
    let cms: Uint8Array;
    try {
      cms = decodeCmsInput(new Uint8Array(readFileSync(job.input))).bytes;
    } catch (e) {
      if (e instanceof SiglaError) throw e;
      throw new SiglaError('INPUT_UNREADABLE', `cannot read ${job.input}`, { params: { file: job.input }, cause: e });
    }
    if (job.mode === 'parallel') {
      await addParallelSignature(cms, sink, {
        ...base,
        ...(a.detachedContent ? { detachedContent: fileContentSource(a.detachedContent) } : {}),
      });
    } else {
      const indexes = a.countersignIndex?.split(',').map((s) => Number(s.trim()) - 1);
      if (indexes?.some((i) => !Number.isInteger(i) || i < 0)) throw usage('--countersign-index takes signature numbers from 1');
      await countersign(cms, sink, { ...base, ...(indexes ? { indexes } : {}) });
    }
  });
}

const FATAL_FOR_BATCH = new Set(['TOKEN_REMOVED', 'DEVICE_ERROR', 'PIN_INCORRECT', 'PIN_LOCKED', 'KEY_NOT_USABLE', 'CANCELLED', 'TSA_UNAVAILABLE', 'TSA_INSECURE']);

/** Runs the batch; returns the exit code. */
export async function runSign(a: SignArgs): Promise<number> {
  if (a.format !== 'cades' && a.format !== 'pades') throw usage(`unknown --format ${a.format} (cades or pades)`);
  if (!isSigningHash(a.digest)) throw usage(`--digest must be sha256, sha384 or sha512 (not ${a.digest})`);
  const jobs = planJobs(a);
  const write = writeOptions(a, jobs);
  // Everything that can be refused is refused before a PIN is asked for.
  visibleOf(a.pades);
  for (const j of jobs) {
    fileContentSource(j.input);
    assertWritableTarget(j.output, write);
  }
  const outputs = new Set<string>();
  for (const j of jobs) {
    const out = resolve(j.output);
    if (outputs.has(out)) throw usage(`two files of the batch would both be written as ${j.output}`);
    outputs.add(out);
  }
  if (a.detachedContent) fileContentSource(a.detachedContent);
  // The TSA account and its credentials route too (an unknown account, credentials refused over plain http).
  const account = tsaAccount(a);
  if (account) checkTsaRoute(account, a.lang);
  let key: Awaited<ReturnType<typeof openKey>>;
  try {
    key = await openKey(a);
  } catch (e) {
    // Nothing was signed: with --json the error says so file by file.
    if (!(e instanceof SiglaError)) throw e;
    throw withBatchResults(e, jobs.map((j) => ({ file: j.input, ok: false, error: { code: 'NOT_ATTEMPTED', message: describeError(e, a.lang) } })));
  }
  const results: SignResult[] = [];
  let exit = 0;
  let stop: SiglaError | null = null;
  try {
    for (const job of jobs) {
      if (stop) {
        results.push({ file: job.input, ok: false, error: { code: 'NOT_ATTEMPTED', message: describeError(stop, a.lang) } });
        continue;
      }
      try {
        await signOne(job, a, a.digest, key.signer, write, account);
        results.push({ file: job.input, output: job.output, ok: true });
      } catch (e) {
        const err = asSiglaError(e);
        if (exit === 0) exit = err.exitCode;
        results.push({ file: job.input, ok: false, error: { code: err.code, message: describeError(err, a.lang) } });
        if (FATAL_FOR_BATCH.has(err.code)) stop = err;
      }
    }
  } finally {
    await key.close();
  }
  // With --json, a batch cut short is one outcome: the error that stopped it and what was signed and what not.
  if (a.json && stop) throw withBatchResults(stop, results);
  report(results, a);
  return exit;
}

const STOPPED = {
  it: (why: string, done: string, left: string) => `Firma interrotta: ${why}\n  Firmati e completi: ${done}\n  Non firmati: ${left}\n`,
  en: (why: string, done: string, left: string) => `Signing stopped: ${why}\n  Signed and complete: ${done}\n  Not signed: ${left}\n`,
} as const;

function report(results: readonly SignResult[], a: SignArgs): void {
  if (a.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  for (const r of results) {
    if (r.ok) process.stdout.write(`${a.lang === 'it' ? 'Firmato' : 'Signed'}: ${r.file} → ${r.output ?? ''}\n`);
    else process.stderr.write(`${a.lang === 'it' ? 'Non firmato' : 'Not signed'}: ${r.file}: ${r.error?.message ?? ''}\n`);
  }
  // A batch cut short (token pulled, device error): one plain summary of what is done and what is not.
  const cut = results.find((r) => !r.ok && r.error && FATAL_FOR_BATCH.has(r.error.code));
  if (cut?.error && results.length > 1) {
    const none = a.lang === 'it' ? 'nessuno' : 'none';
    const done = results.filter((r) => r.ok).map((r) => r.output ?? r.file);
    const left = results.filter((r) => !r.ok).map((r) => r.file);
    process.stderr.write(STOPPED[a.lang](cut.error.message, done.join(', ') || none, left.join(', ') || none));
  }
}
