/**
 * The per-document dispatch of the signing pipeline, the one place that turns a planned job into a signature:
 * PAdES (ETSI EN 319 142-1, a new revision of the PDF), or CAdES (EN 319 122-1) as a new attached/detached signature,
 * a nested one (the .p7m signed again), a parallel SignerInfo added to a .p7m/.p7s, or a countersignature
 * (RFC 5652 §11.4). The output is written atomically (AtomicFile); nothing partial is left on failure.
 */
import { readFileSync } from 'node:fs';
import { addParallelSignature } from '../../core/cades/addParallelSignature.js';
import { countersign } from '../../core/cades/countersign.js';
import { IN_MEMORY_MAX, signContent } from '../../core/cades/signContent.js';
import { decodeCmsInput } from '../../core/cms/CmsEncoding.js';
import type { RawSigner } from '../../core/signer/RawSigner.js';
import type { Timestamper } from '../../core/tsp/Timestamper.js';
import { SiglaError } from '../../shared/errors.js';
import { appearanceFonts } from '../appearanceFonts.js';
import { writeAtomically, type WriteOptions } from '../AtomicFile.js';
import { fileContentSource, loadFileContent } from '../FileContentSource.js';
import { openPdfFile } from '../PdfFileSource.js';
import type { SignJob, SignRequest } from './signRequest.js';

/** What signs: the key (RawSigner) and, for B-T, the time-stamp authority. */
export interface SigningKey {
  readonly signer: RawSigner;
  readonly timestamper?: Timestamper;
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
        const { signPdf } = await import('../../core/pades/signPdf.js');
        const pdf = openPdfFile(job.input);
        try {
          await signPdf(pdf, sink, {
            ...base,
            ...(p?.reason ? { reason: p.reason } : {}),
            ...(p?.location ? { location: p.location } : {}),
            ...(p?.contactInfo ? { contactInfo: p.contactInfo } : {}),
            ...(p?.fieldName ? { fieldName: p.fieldName } : {}),
            ...(job.visible ? { visible: job.visible, fonts: appearanceFonts() } : {}),
          });
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
        await signContent(content, sink, { ...base, detached: job.mode === 'new' && job.detached });
        return;
      }
      case 'parallel':
        await addParallelSignature(readCms(job.input), sink, {
          ...base,
          ...(request.detachedContent ? { detachedContent: fileContentSource(request.detachedContent) } : {}),
        });
        return;
      case 'countersign':
        await countersign(readCms(job.input), sink, { ...base, ...(request.countersignIndexes ? { indexes: request.countersignIndexes } : {}) });
        return;
    }
  }, steps.beforeCommit);
}
