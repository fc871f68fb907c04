/**
 * `sigla sign FILE…`: CAdES signatures (ETSI EN 319 122-1 baseline B) of one or many files with one login.
 * Each file gets its own result; a failure on one does not stop the others unless it stops the batch
 * (io/signing/batchStop.ts). The work is the signing pipeline's (io/signing), shared with the app: this file turns
 * the command line into a request and the outcomes into text or JSON.
 */
import { readFileSync } from 'node:fs';
import type { VisibleSignature } from '../../core/pades/PadesOptions.js';
import { isSigningHash, type SigningHash } from '../../core/crypto/HashAlgorithm.js';
import { SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { openKey, type KeySourceOptions } from '../keySource.js';
import type { TsaArgs } from '../tsaAccount.js';
import { describeError, withBatchResults } from '../outcome.js';
import { stopsBatch } from '../../io/signing/batchStop.js';
import { isSignatureLevel, planSign, type CmsMode, type SignatureLevel, type SignRequest } from '../../io/signing/signRequest.js';
import { checkBeforeSigning, outcomeCode, runSignBatch, type BatchResult } from '../../io/signing/runSignBatch.js';
import { pdfaWarnings } from '../../io/signing/pdfaWarnings.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';

export interface SignArgs extends KeySourceOptions, TsaArgs {
  readonly files: readonly string[];
  readonly format: string;
  /** B-B|B-T|B-LT|B-LTA; B-B by default, B-T when a TSA is named. */
  readonly level?: string;
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

export interface SignResult {
  readonly file: string;
  readonly output?: string;
  readonly ok: boolean;
  readonly error?: { code: string; message: string };
}

function visibleOf(p: PadesArgs | undefined): VisibleSignature | undefined {
  if (!p || !(p.visible || p.rect || p.position || p.image)) return undefined;
  const page = Number(p.page ?? '1');
  if (!Number.isInteger(page) || page < 1) throw usageError('page');
  let rect: [number, number, number, number] | undefined;
  if (p.rect) {
    const n = p.rect.split(',').map((x) => Number(x.trim()));
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) throw usageError('rect');
    rect = [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 0];
  }
  const positions = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
  if (p.position && !(positions as readonly string[]).includes(p.position)) throw usageError('position');
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

/**
 * The level asked (ETSI EN 319 122-1 / 319 142-1 baseline levels): B-B, or B-T when a TSA is named; B-T and above
 * need a TSA, and B-B with one is a contradiction (the time-stamp would be silently dropped).
 */
function levelOf(a: SignArgs): SignatureLevel {
  const level = a.level ?? (a.tsa ? 'B-T' : 'B-B');
  if (!isSignatureLevel(level)) throw usageError('level', { level });
  if (level !== 'B-B' && !a.tsa) throw usageError('levelNeedsTsa', { level });
  if (level === 'B-B' && a.tsa) throw usageError('levelBbWithTsa');
  return level;
}

/** The request the pipeline signs (electron/io/signing), from the command line. */
function requestOf(a: SignArgs, digest: SigningHash): SignRequest {
  const level = levelOf(a);
  if (a.mode !== undefined && !['parallel', 'nested', 'countersign'].includes(a.mode)) throw usageError('mode', { mode: a.mode });
  if (a.format === 'pades') {
    if (a.mode !== undefined) throw usageError('modeIsCades');
    if (a.detached) throw usageError('detachedIsCades');
  }
  const indexes = a.countersignIndex?.split(',').map((s) => Number(s.trim()) - 1);
  if (indexes?.some((i) => !Number.isInteger(i) || i < 0)) throw usageError('countersignIndex');
  const visible = visibleOf(a.pades);
  const p = a.pades;
  return {
    items: a.files.map((input) => ({ input, format: a.format as 'cades' | 'pades', ...(visible && a.format === 'pades' ? { visible } : {}) })),
    detached: a.detached,
    ...(a.mode ? { mode: a.mode as CmsMode } : {}),
    digest,
    level,
    ...(indexes ? { countersignIndexes: indexes } : {}),
    ...(a.detachedContent ? { detachedContent: a.detachedContent } : {}),
    pades: { ...(p?.reason ? { reason: p.reason } : {}), ...(p?.location ? { location: p.location } : {}), ...(p?.contact ? { contactInfo: p.contact } : {}), ...(p?.field ? { fieldName: p.field } : {}) },
    ...(a.out !== undefined ? { out: a.out } : {}),
    ...(a.outDir !== undefined ? { outDir: a.outDir } : {}),
    existing: a.force ? 'replace' : 'refuse',
    otherInputs: [a.p12, a.pades?.image].filter((f): f is string => f !== undefined),
  };
}

/** Runs the batch; returns the exit code. */
export async function runSign(a: SignArgs): Promise<number> {
  if (a.format !== 'cades' && a.format !== 'pades') throw usageError('signFormat', { format: a.format });
  if (!isSigningHash(a.digest)) throw usageError('digest', { digest: a.digest });
  if (a.files.length === 0) throw usageError('noFileToSign');
  // Everything that can be refused is refused before a PIN is asked for.
  const plan = planSign(requestOf(a, a.digest));
  checkBeforeSigning(plan);
  // A PDF that claims PDF/A but already breaks it: said before the PIN is asked, on stderr; signing goes on.
  for (const w of await pdfaWarnings(plan)) process.stderr.write(`sigla: ${describeError(w.warning, a.lang)}\n`);
  // The TSA account and its credentials route too (an unknown account, credentials refused over plain http). The
  // settings, the network and the time-stamp modules are loaded only when a TSA is named (start-up, issue 13).
  const tsa = a.tsa ? await import('../tsaAccount.js') : undefined;
  const account = tsa?.tsaAccount(a);
  if (account) tsa?.checkTsaRoute(account, a.lang);
  let key: Awaited<ReturnType<typeof openKey>>;
  try {
    key = await openKey(a);
  } catch (e) {
    // Nothing was signed: with --json the error says so file by file.
    if (!(e instanceof SiglaError)) throw e;
    throw withBatchResults(e, plan.jobs.map((j) => ({ file: j.input, ok: false, error: { code: 'NOT_ATTEMPTED', message: describeError(e, a.lang) } })));
  }
  let batch: BatchResult;
  try {
    const timestamper = account ? (await import('../../net/TsaClient.js')).tsaTimestamper(account) : undefined;
    // B-LT/B-LTA: validation data over the network, with the trust store and trusted lists as anchors.
    const longTerm = plan.request.level === 'B-LT' || plan.request.level === 'B-LTA';
    const validationData = longTerm ? (await import('../../io/ltv/networkValidationData.js')).networkValidationData() : undefined;
    batch = await runSignBatch(plan, { signer: key.signer, ...(timestamper ? { timestamper } : {}), ...(validationData ? { validationData } : {}) });
  } finally {
    await key.close();
  }
  const results = batch.outcomes.map((o): SignResult => (o.ok ? { file: o.job.input, output: o.output, ok: true } : { file: o.job.input, ok: false, error: { code: outcomeCode(o), message: describeError(o.error, a.lang) } }));
  const failed = batch.outcomes.find((o) => !o.ok);
  const exit = failed && !failed.ok ? failed.error.exitCode : 0;
  // With --json, a batch cut short is one outcome: the error that stopped it and what was signed and what not.
  if (a.json && batch.stop) throw withBatchResults(batch.stop, results);
  report(results, a);
  return exit;
}

function report(results: readonly SignResult[], a: SignArgs): void {
  if (a.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  for (const r of results) {
    if (r.ok) process.stdout.write(`${cliText('signed', a.lang, { file: r.file, output: r.output ?? '' })}\n`);
    else process.stderr.write(`${cliText('notSigned', a.lang, { file: r.file, reason: r.error?.message ?? '' })}\n`);
  }
  // A batch cut short (token pulled, device error): one plain summary of what is done and what is not.
  const cut = results.find((r) => !r.ok && r.error && stopsBatch(r.error));
  if (cut?.error && results.length > 1) {
    const none = cliText('none', a.lang);
    const done = results.filter((r) => r.ok).map((r) => r.output ?? r.file);
    const left = results.filter((r) => !r.ok).map((r) => r.file);
    process.stderr.write(`${cliText('signStopped', a.lang, { reason: cut.error.message, done: done.join(', ') || none, left: left.join(', ') || none })}\n`);
  }
}
