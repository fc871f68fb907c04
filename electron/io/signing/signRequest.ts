/**
 * A signing request as the CLI and the app both hand it to the pipeline (electron/io/signing/runSignBatch.ts), and
 * the plan made of it: one job per document with its signature kind (ETSI EN 319 122-1 CAdES new / nested /
 * parallel / countersignature, EN 319 142-1 PAdES) and its output path, named by the one rule of io/outputNames.ts.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { VisibleSignature } from '../../core/pades/PadesOptions.js';
import type { WriteOptions } from '../AtomicFile.js';
import { freeOutputPath, isCmsName, outputPath, type SignMode } from '../outputNames.js';
import { usageError } from '../../shared/i18n/usage.js';

/**
 * The baseline level asked (ETSI EN 319 122-1 / EN 319 142-1 §4): B-B the signature alone; B-T with a
 * signature-time-stamp; B-LT plus the validation data of its paths (PAdES: a DSS revision); B-LTA plus an archive
 * time-stamp (PAdES: a document time-stamp revision).
 */
export type SignatureLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export const SIGNATURE_LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const satisfies readonly SignatureLevel[];

export function isSignatureLevel(v: unknown): v is SignatureLevel {
  return typeof v === 'string' && (SIGNATURE_LEVELS as readonly string[]).includes(v);
}

/** What to do with a CMS signature given as input (`.p7m`/`.p7s`); a new signature otherwise. */
export type CmsMode = 'parallel' | 'nested' | 'countersign';

export interface SignRequestItem {
  readonly input: string;
  readonly format: 'cades' | 'pades';
  /** PAdES: a visible signature on this document. */
  readonly visible?: VisibleSignature;
}

/** PAdES dictionary entries (ISO 32000-1 §12.8.1 table 252), the same for every PDF of the batch. */
export interface PadesFields {
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  readonly fieldName?: string;
}

/**
 * What becomes of an output whose name is taken: `refuse` (the CLI without `--force`: exit 9), `replace` (`--force`;
 * never an input), `nextFree` (the app: ` (2)`, ` (3)`… as browsers do, never replacing a file).
 */
export type ExistingOutput = 'refuse' | 'replace' | 'nextFree';

export interface SignRequest {
  readonly items: readonly SignRequestItem[];
  /** CAdES: a detached `.p7s` for new signatures (PAdES documents of a mixed batch ignore it). */
  readonly detached: boolean;
  /** CAdES on a `.p7m`/`.p7s`: parallel unless asked otherwise; `countersign`/`parallel` need one. */
  readonly mode?: CmsMode;
  readonly digest: SigningHash;
  /**
   * The level: B-B when absent (B-T when a time-stamp authority signs along: the caller's default). B-T and above
   * need a timestamper, B-LT and above a validation data source (signDocument.ts SigningKey).
   */
  readonly level?: SignatureLevel;
  /** Countersignature: the 0-based indexes of the SignerInfos countersigned (all when absent). */
  readonly countersignIndexes?: readonly number[];
  /** Parallel signature of a detached `.p7s`: the content it signs. */
  readonly detachedContent?: string;
  readonly pades?: PadesFields;
  /** One explicit output (one document only). */
  readonly out?: string;
  /** The folder of every output (beside its input when absent). */
  readonly outDir?: string;
  readonly existing: ExistingOutput;
  /** Other files the batch reads (a PKCS#12 file, an image): never an output. */
  readonly otherInputs?: readonly string[];
}

export interface SignJob {
  readonly input: string;
  readonly mode: SignMode;
  /** A detached CAdES signature (a new `.p7s`, or a parallel signature added to one). */
  readonly detached: boolean;
  readonly output: string;
  readonly visible?: VisibleSignature;
}

export interface SignPlan {
  readonly request: SignRequest;
  readonly jobs: readonly SignJob[];
  /** How every output of the batch is written: no output may be any file the batch reads. */
  readonly write: WriteOptions;
}

/** The signature kind of one document: PAdES, or CAdES new / parallel / nested / countersignature by its name. */
export function jobMode(item: SignRequestItem, mode: CmsMode | undefined): SignMode {
  if (item.format === 'pades') return 'pades';
  if (isCmsName(item.input).cms) return mode ?? 'parallel';
  if (mode === 'countersign' || mode === 'parallel') throw usageError('notCms', { file: item.input, mode });
  return 'new';
}

/**
 * The jobs of a request: kind and output of each document. Two documents of a batch never get the same output:
 * with `nextFree` the later one gets the next free name, otherwise the request is refused (USAGE).
 */
export function planSign(request: SignRequest, exists: (path: string) => boolean = existsSync): SignPlan {
  if (request.items.length === 0) throw usageError('noFileToSign');
  if (request.out !== undefined && request.items.length > 1) throw usageError('outOne');
  if (request.out !== undefined && request.outDir !== undefined) throw usageError('outAndOutDir');
  const taken = new Set<string>();
  const jobs = request.items.map((item): SignJob => {
    const mode = jobMode(item, request.mode);
    // Never a lower level than asked: CAdES B-LT/B-LTA waits for its connection (cadesLongTerm.ts).
    const detached = mode === 'new' ? request.detached : mode !== 'pades' && isCmsName(item.input).detached;
    let output = outputPath(item.input, mode, detached, request.out, request.outDir);
    if (request.existing === 'nextFree' && request.out === undefined) {
      output = freeOutputPath(dirname(output), basename(output), (p) => taken.has(resolve(p)) || exists(p));
    } else if (taken.has(resolve(output))) {
      throw usageError('sameOutput', { file: output });
    }
    taken.add(resolve(output));
    return { input: item.input, mode, detached, output, ...(item.visible ? { visible: item.visible } : {}) };
  });
  const others = [request.detachedContent, ...(request.otherInputs ?? [])].filter((f): f is string => f !== undefined);
  return { request, jobs, write: { force: request.existing === 'replace', inputs: [...jobs.map((j) => j.input), ...others] } };
}
