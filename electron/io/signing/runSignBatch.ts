/**
 * The signing pipeline shared by `sigla sign` and the app: a planned request (signRequest.ts) is checked before any
 * PIN is asked (checkBeforeSigning), then signed document by document with one key (runSignBatch), each output
 * written atomically and the batch made durable with one flush at the end (BatchFlush.ts). A failure belongs to its
 * document unless it stops the batch (batchStop.ts); the documents after a stop are reported as not attempted.
 * Progress and results go through one event shape, {@link SignEvent}.
 */
import { asSiglaError, SiglaError } from '../../shared/errors.js';
import { assertWritableTarget, type WriteOptions } from '../AtomicFile.js';
import { BatchFlush } from '../BatchFlush.js';
import { assertPdfHeader } from '../pdfHeader.js';
import { fileContentSource } from '../FileContentSource.js';
import { identityOf } from '../sameFile.js';
import { stopsBatch } from './batchStop.js';
import { signDocument, type SigningKey } from './signDocument.js';
import type { SignJob, SignPlan } from './signRequest.js';

/** The outcome of one document. `attempted: false`: the batch had stopped (or was cancelled) before it. */
export type SignOutcome =
  | { readonly job: SignJob; readonly ok: true; readonly output: string }
  | { readonly job: SignJob; readonly ok: false; readonly error: SiglaError; readonly attempted: boolean };

/** One event per document, in order: its outcome, its place in the batch, and whether the batch stops here. */
export interface SignEvent {
  readonly index: number;
  readonly total: number;
  readonly outcome: SignOutcome;
  /** This document's error stopped the batch. */
  readonly stopped: boolean;
}

export interface BatchResult {
  readonly outcomes: readonly SignOutcome[];
  /** The error that stopped the batch, if one did. */
  readonly stop?: SiglaError;
}

export interface BatchHooks {
  /** Asked before each document: true stops the batch there (`CANCELLED`). */
  readonly cancelled?: () => boolean;
  /**
   * Wraps each document's attempt (the app asks again for a per-signature PIN typed wrong and signs the document
   * again from the start; pinRetry.ts). Nothing of a failed attempt is kept.
   */
  readonly attempt?: <T>(run: () => Promise<T>) => Promise<T>;
  readonly onEvent?: (e: SignEvent) => void;
}

/**
 * Everything that can be refused before a PIN is asked: each input readable as a regular file, each output
 * writable (never an input; existing only with `replace`), the detached content readable.
 */
export function checkBeforeSigning(plan: SignPlan): void {
  const write = capturedInputs(plan.write);
  for (const j of plan.jobs) {
    fileContentSource(j.input);
    if (j.mode === 'pades') assertPdfHeader(j.input);
    assertWritableTarget(j.output, write);
  }
  if (plan.request.detachedContent) fileContentSource(plan.request.detachedContent);
}

/** The write options with every input's identity read once (sameFile.ts), not once per output. */
function capturedInputs(write: WriteOptions): WriteOptions {
  return { ...write, inputs: write.inputs.map((i) => (typeof i === 'string' ? identityOf(i) : i)) };
}

/** Signs every document of the plan with `key`; never throws for one document's failure. */
export async function runSignBatch(plan: SignPlan, key: SigningKey, hooks: BatchHooks = {}): Promise<BatchResult> {
  const flush = new BatchFlush();
  // The inputs' identities are read once for the batch, not once per output (sameFile.ts).
  const write: WriteOptions = { ...capturedInputs(plan.write), flush, sweptDirs: new Set() };
  const total = plan.jobs.length;
  const outcomes: SignOutcome[] = [];
  let stop: SiglaError | undefined;
  const emit = (outcome: SignOutcome, stopped: boolean): void => {
    outcomes.push(outcome);
    hooks.onEvent?.({ index: outcomes.length - 1, total, outcome, stopped });
  };
  try {
    for (const job of plan.jobs) {
      if (!stop && hooks.cancelled?.()) stop = new SiglaError('CANCELLED', 'cancelled');
      if (stop) {
        emit({ job, ok: false, error: stop, attempted: false }, false);
        continue;
      }
      // The document's own path is looked at again when its output is committed (it may have changed meanwhile).
      const own: WriteOptions = { ...write, inputs: [...write.inputs, job.input] };
      try {
        const run = (): Promise<void> => signDocument(job, plan.request, key, own);
        await (hooks.attempt ? hooks.attempt(run) : run());
        emit({ job, ok: true, output: job.output }, false);
      } catch (e) {
        const err = asSiglaError(e);
        const stopped = stopsBatch(err);
        if (stopped) stop = err;
        emit({ job, ok: false, error: err, attempted: true }, stopped);
      }
    }
  } finally {
    // One durable flush for every output written, the batch complete or cut short.
    flush.flush();
  }
  return { outcomes, ...(stop ? { stop } : {}) };
}

/**
 * The code a result shows for one document: its own error's; for a document not attempted, `CANCELLED` when the
 * user stopped the batch and `NOT_ATTEMPTED` when an error on an earlier document did (the message says which).
 */
export function outcomeCode(o: Extract<SignOutcome, { ok: false }>): string {
  if (o.attempted) return o.error.code;
  return o.error.code === 'CANCELLED' ? 'CANCELLED' : 'NOT_ATTEMPTED';
}
