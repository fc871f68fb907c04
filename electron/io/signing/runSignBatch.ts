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
import { InputIndex } from '../sameFile.js';
import { stopsBatch } from './batchStop.js';
import { RequestNotSigned } from '../../core/signer/RawSigner.js';
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
  const write = indexedInputs(plan.write);
  for (const j of plan.jobs) {
    fileContentSource(j.input);
    if (j.mode === 'pades') assertPdfHeader(j.input);
    assertWritableTarget(j.output, write);
  }
  if (plan.request.detachedContent) fileContentSource(plan.request.detachedContent);
}

/** The write options with every input's identity read once and indexed (sameFile.ts), not read once per output. */
function indexedInputs(write: WriteOptions): WriteOptions {
  return { ...write, inputs: [], inputIndex: InputIndex.capture(write.inputs) };
}

/**
 * Documents prepared at once when the key is pipelined (RawSigner.pipelined): while the token signs some, the next
 * ones are read, hashed and their signed attributes built, so neither process waits for the other. Three token-host
 * messages of HostSigner's GROUP_MAX (16) each: one being signed, the next ones ready behind it.
 */
export const PIPELINE_DEPTH = 48;
/** Bytes of documents held in memory at once by the documents prepared ahead (the first one is always prepared). */
export const PIPELINE_BYTES = 8 << 20;

/** Whether a job can be prepared while earlier ones are being signed: a new or nested CAdES signature. */
const preparedAhead = (job: SignJob): boolean => job.mode === 'new' || job.mode === 'nested';

/**
 * Thrown at the commit of a document prepared ahead when an earlier document stopped the batch or the user cancelled
 * meanwhile: it is discarded.
 */
class Overtaken extends Error {}

type Attempt = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/**
 * Signs every document of the plan with `key`; never throws for one document's failure.
 *
 * With a pipelined key and no time-stamp (a B-T signature asks the TSA: it stays one document at a time), up to
 * {@link PIPELINE_DEPTH} CAdES documents are prepared at once and their signatures asked together; each output is
 * still written to a temp file and moved into place only after every document before it has its outcome, so outcomes,
 * events and outputs come in document order. A document prepared ahead of one that stops the batch is discarded (its
 * temp file removed) and reported as not attempted, exactly as if it had not been started, and so is one still
 * waiting for its turn when the user cancels; one whose request was not
 * signed because an earlier request of the same group failed (RequestNotSigned) is signed again on its own when that
 * failure did not stop the batch.
 */
export async function runSignBatch(plan: SignPlan, key: SigningKey, hooks: BatchHooks = {}): Promise<BatchResult> {
  const flush = new BatchFlush();
  // The inputs' identities are read once for the batch, not once per output (sameFile.ts).
  const write: WriteOptions = { ...indexedInputs(plan.write), flush, sweptDirs: new Set() };
  const jobs = plan.jobs;
  const total = jobs.length;
  const outcomes: SignOutcome[] = [];
  let stop: SiglaError | undefined;
  const emit = (outcome: SignOutcome, stopped: boolean): void => {
    outcomes.push(outcome);
    hooks.onEvent?.({ index: outcomes.length - 1, total, outcome, stopped });
  };
  const pipelined = key.signer.pipelined === true && !key.timestamper;

  /** Each started document's attempt; the outcome of document i is decided (and emitted) by the loop below, in order. */
  const started: Promise<Attempt>[] = [];
  /** Resolved when document i's outcome has been emitted: document i + 1 may then be moved into place. */
  const decided: (() => void)[] = [];
  const decidedPromises: Promise<void>[] = [];
  let inFlightBytes = 0;
  /** The loop ended early (an event handler threw): documents prepared ahead are discarded. */
  let abandoned = false;
  const sizes: number[] = [];

  const start = (i: number, after: Promise<void> | undefined): void => {
    const job = jobs[i] as SignJob;
    // The document's own path is looked at again when its output is committed (it may have changed meanwhile).
    const own: WriteOptions = { ...write, inputs: [...write.inputs, job.input] };
    const steps = {
      ...(after
        ? {
            beforeCommit: async (): Promise<void> => {
              await after;
              // Stopped or cancelled meanwhile: prepared ahead, it is discarded as if never started.
              if (stop || abandoned || hooks.cancelled?.()) throw new Overtaken();
            },
          }
        : {}),
      contentSize: (n: number): void => {
        sizes[i] = n;
        inFlightBytes += n;
      },
    };
    const run = (): Promise<void> => signDocument(job, plan.request, key, own, steps);
    started[i] = (hooks.attempt ? hooks.attempt(run) : run()).then(
      (): Attempt => ({ ok: true }),
      (error: unknown): Attempt => ({ ok: false, error }),
    );
  };
  /** Starts the documents after `i` that can be prepared ahead now. */
  const startAhead = (i: number): void => {
    for (let j = i + 1; j < total && j < i + PIPELINE_DEPTH; j++) {
      if (started[j]) continue;
      if (stop || inFlightBytes >= PIPELINE_BYTES || !preparedAhead(jobs[j] as SignJob) || hooks.cancelled?.()) return;
      start(j, decidedPromises[j - 1]);
    }
  };
  for (let i = 0; i < total; i++) decidedPromises.push(new Promise<void>((r) => decided.push(r)));

  try {
    for (let i = 0; i < total; i++) {
      const job = jobs[i] as SignJob;
      try {
        if (!started[i]) {
          if (!stop && hooks.cancelled?.()) stop = new SiglaError('CANCELLED', 'cancelled');
          if (stop) {
            emit({ job, ok: false, error: stop, attempted: false }, false);
            continue;
          }
          start(i, undefined);
        }
        if (pipelined && preparedAhead(job)) startAhead(i);
        let attempt = await (started[i] as Promise<Attempt>);
        inFlightBytes -= sizes[i] ?? 0;
        if (!attempt.ok && attempt.error instanceof RequestNotSigned && !stop) {
          // An earlier request of its group failed without stopping the batch: this one is asked again, alone.
          start(i, undefined);
          attempt = await (started[i] as Promise<Attempt>);
          inFlightBytes -= sizes[i] ?? 0;
        }
        if (attempt.ok) {
          emit({ job, ok: true, output: job.output }, false);
        } else if (!stop && attempt.error instanceof Overtaken) {
          // The user cancelled while it waited for its turn.
          stop = new SiglaError('CANCELLED', 'cancelled');
          emit({ job, ok: false, error: stop, attempted: false }, false);
        } else if (stop) {
          // Prepared ahead of the document that stopped the batch (only those run while it is stopped): discarded
          // at its commit, or failed on its own meanwhile; either way reported as not attempted.
          emit({ job, ok: false, error: stop, attempted: false }, false);
        } else {
          const err = asSiglaError(attempt.error);
          const stopped = stopsBatch(err);
          if (stopped) stop = err;
          emit({ job, ok: false, error: err, attempted: true }, stopped);
        }
      } finally {
        decided[i]?.();
      }
    }
  } finally {
    if (outcomes.length < total) {
      // Nothing prepared ahead is left running, or committed after the batch is over.
      abandoned = true;
      for (const d of decided) d();
      await Promise.all(started.filter((p) => p !== undefined));
    }
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
