/**
 * The per-document dispatch of the signing pipeline, the one place that turns a planned job into a signature:
 * PAdES (ETSI EN 319 142-1, a new revision of the PDF), or CAdES (EN 319 122-1) as a new attached/detached signature,
 * a nested one (the .p7m signed again), a parallel SignerInfo added to a .p7m/.p7s, or a countersignature
 * (RFC 5652 §11.4). The output is written atomically (AtomicFile); nothing partial is left on failure.
 */
import { readFileSync } from 'node:fs';
import { IN_MEMORY_MAX, signContent } from '../../core/cades/signContent.js';
import { decodeCmsInput } from '../../core/cms/CmsEncoding.js';
import type { RawSigner } from '../../core/signer/RawSigner.js';
import type { Timestamper } from '../../core/tsp/Timestamper.js';
import { SiglaError } from '../../shared/errors.js';
import { writeAtomically, type WriteOptions } from '../AtomicFile.js';
import { fileContentSource, loadFileContent } from '../FileContentSource.js';
import type { OutputSink } from '../../core/content/ContentSource.js';
import type { ValidationDataSource } from '../../core/ltv/ValidationData.js';
import type { SignJob, SignRequest } from './signRequest.js';

/**
 * What signs: the key (RawSigner), for B-T and above the time-stamp authority, for B-LT and above where the
 * validation data comes from (io/ltv/networkValidationData.ts).
 */
export interface SigningKey {
  readonly signer: RawSigner;
  readonly timestamper?: Timestamper;
  readonly validationData?: ValidationDataSource;
}

/** An output sink that keeps what is written (a long-term PAdES signature gets more revisions after it). */
function memorySink(): { sink: OutputSink; bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  return {
    sink: {
      write: async (chunk) => {
        parts.push(new Uint8Array(chunk));
      },
    },
    bytes: () => new Uint8Array(Buffer.concat(parts)),
  };
}

/** B-LT/B-LTA: the long-term revisions after the signature just made (its /Contents is `contents`). */
async function padesLongTerm(signed: Uint8Array, contents: Uint8Array, sink: OutputSink, level: 'B-LT' | 'B-LTA', request: SignRequest, key: SigningKey): Promise<void> {
  if (!key.validationData) throw new Error('B-LT needs a validation data source');
  const [{ addLongTermRevisions }, { bytesPdfSource }] = await Promise.all([import('../../core/pades/longTermPdf.js'), import('../../core/pdf/PdfSource.js')]);
  await addLongTermRevisions(bytesPdfSource(signed), sink, {
    level,
    hash: request.digest,
    validationData: key.validationData,
    only: contents,
    ...(key.timestamper ? { timestamper: key.timestamper } : {}),
  });
}

/**
 * CAdES at B-LT/B-LTA: the signature is made in memory, then handed to the one CAdES long-term call site
 * (cadesLongTerm.ts; planSign refuses these levels until it is connected).
 */
async function cadesInMemory(sink: OutputSink, level: SignRequest['level'], request: SignRequest, key: SigningKey, produce: (sink: OutputSink) => Promise<void>): Promise<void> {
  if (level !== 'B-LT' && level !== 'B-LTA') {
    await produce(sink);
    return;
  }
  if (!key.validationData) throw new Error('B-LT needs a validation data source');
  const mem = memorySink();
  await produce(mem.sink);
  const detachedContent = request.detachedContent ? new Uint8Array(readFileSync(request.detachedContent)) : undefined;
  const { cadesSignatureToLongTerm } = await import('./cadesLongTerm.js');
  await sink.write(await cadesSignatureToLongTerm(mem.bytes(), { level, hash: request.digest, validationData: key.validationData, ...(key.timestamper ? { timestamper: key.timestamper } : {}), ...(detachedContent ? { detachedContent } : {}) }));
}

/** The whole .p7m/.p7s, or the one coded refusal when it cannot be read (a plain Uint8Array: slices copy). */
function readWhole(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
  }
}

/** The CMS of a .p7m/.p7s in any of its encodings (DER, BER, Base64, PEM). */
function readCms(path: string): Uint8Array {
  const bytes = readWhole(path);
  try {
    return decodeCmsInput(bytes).bytes;
  } catch (e) {
    if (e instanceof SiglaError) throw e;
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
  }
}

/** How a batch that prepares several documents at once follows one of them (runSignBatch.ts). */
export interface DocumentSteps {
  /** Awaited when the output is complete, before it is moved into place; throwing discards it. */
  readonly beforeCommit?: () => Promise<void>;
  /** The bytes of the document held in memory (at most IN_MEMORY_MAX: a larger one streams), told once read. */
  readonly contentSize?: (bytes: number) => void;
}

/** Signs one planned document into its output. */
export async function signDocument(job: SignJob, request: SignRequest, key: SigningKey, write: WriteOptions, steps: DocumentSteps = {}): Promise<void> {
  const base = { signer: key.signer, hash: request.digest, ...(key.timestamper ? { timestamper: key.timestamper } : {}) };
  await writeAtomically(job.output, write, async (sink) => {
    switch (job.mode) {
      case 'pades': {
        const p = request.pades;
        // Read lazily at the offsets the update needs, hashed and copied by streaming (io/PdfFileSource.ts).
        // Loaded only when a PDF is signed: pdf-lib costs ~0.1 s of start-up that a CAdES signature does not need.
        // Each mode loads only its own modules: a CAdES signature of a small file loads no PDF code at all.
        const [{ signPdf }, { openPdfFile }, { appearanceFonts }] = await Promise.all([import('../../core/pades/signPdf.js'), import('../PdfFileSource.js'), import('../appearanceFonts.js')]);
        const pdf = openPdfFile(job.input);
        const level = request.level;
        const longTerm = level === 'B-LT' || level === 'B-LTA' ? level : undefined;
        const first = longTerm ? memorySink() : undefined;
        try {
          const signed = await signPdf(pdf, first?.sink ?? sink, {
            ...base,
            ...(p?.reason ? { reason: p.reason } : {}),
            ...(p?.location ? { location: p.location } : {}),
            ...(p?.contactInfo ? { contactInfo: p.contactInfo } : {}),
            ...(p?.fieldName ? { fieldName: p.fieldName } : {}),
            ...(job.visible ? { visible: job.visible, fonts: appearanceFonts() } : {}),
          });
          if (longTerm && first) await padesLongTerm(first.bytes(), signed.contents, sink, longTerm, request, key);
        } finally {
          pdf.close();
        }
        return;
      }
      case 'new':
      case 'nested': {
        // A small document is read with one read (a batch of many pays it per document); a large one is streamed.
        const content = loadFileContent(job.input, IN_MEMORY_MAX);
        steps.contentSize?.(Math.min(content.size, IN_MEMORY_MAX));
        await cadesInMemory(sink, request.level, request, key, (out) => signContent(content, out, { ...base, detached: job.mode === 'new' && job.detached }));
        return;
      }
      case 'parallel': {
        const { addParallelSignature } = await import('../../core/cades/addParallelSignature.js');
        await cadesInMemory(sink, request.level, request, key, (out) =>
          addParallelSignature(readCms(job.input), out, {
            ...base,
            ...(request.detachedContent ? { detachedContent: fileContentSource(request.detachedContent) } : {}),
          }),
        );
        return;
      }
      case 'countersign': {
        const { countersign } = await import('../../core/cades/countersign.js');
        await cadesInMemory(sink, request.level, request, key, (out) => countersign(readCms(job.input), out, { ...base, ...(request.countersignIndexes ? { indexes: request.countersignIndexes } : {}) }));
        return;
      }
    }
  }, steps.beforeCommit);
}
