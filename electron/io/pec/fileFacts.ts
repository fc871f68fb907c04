/**
 * The facts of one file of a PEC message (core/pec/FileFacts.ts), read with bounded memory and time: the first 8 KiB
 * for the type; a PDF through the lazy reader (core/pdf/openLazily.ts, pdfLimits) — objects read on demand, never
 * the whole file unless it is signed; a ZIP through its central directory (core/pec/zipDirectory.ts) and a few
 * small entries (officeFacts.ts). A signed envelope (.p7m, .tsd, .m7m) is read whole, as `sigla verify` reads it,
 * and the document inside is what gets typed and inspected. Signatures are verified by core/verify/verifyFile with
 * the policy the caller gives (trust anchors, trusted lists, revocation when online).
 *
 * A file that cannot be read at all (missing, not a regular file, empty) throws its coded error (exit 8); a
 * document whose structure is damaged is a fact (`damaged`), judged by the rules (DAMAGED).
 */
import { ARCHIVE_TYPES, typeOfHead, zipDocumentType, type DocumentType } from '../../core/pec/DocumentType.js';
import type { FileFacts, OfficeFacts, PdfFacts, PecRole, SignatureFacts } from '../../core/pec/FileFacts.js';
import { readPdfFacts } from '../../core/pec/pdfFacts.js';
import { readZipDirectory, type RandomAccess } from '../../core/pec/zipDirectory.js';
import { bytesPdfSource, type PdfSource } from '../../core/pdf/PdfSource.js';
import { extractContent } from '../../core/verify/extractContent.js';
import { verifyFile, type VerifyOptions } from '../../core/verify/verifyFile.js';
import { SiglaError } from '../../shared/errors.js';
import { openPdfFile } from '../PdfFileSource.js';
import { readInputFile } from '../readInputFile.js';
import { officeFacts } from './officeFacts.js';
import { basename } from 'node:path';

const HEAD = 8192;

export interface FileFactsOptions {
  readonly role: PecRole;
  readonly roleGiven: boolean;
  /** The verification policy; the document finder is added per file. */
  readonly verify: VerifyOptions;
}

/** A SiglaError the file's structure caused (a parse failure, a limit): a fact; anything else goes on. */
function damageOf(e: unknown): string {
  if (e instanceof SiglaError && (e.exitCode === 8 || e.code === 'INPUT_LIMIT')) return e.code;
  throw e;
}

function zipFactsOf(src: RandomAccess): { type: DocumentType; office?: OfficeFacts; damaged?: string } {
  try {
    const entries = readZipDirectory(src);
    const type = zipDocumentType(entries.map((e) => e.name));
    return type === 'ooxml' || type === 'odf' ? { type, office: officeFacts(src, entries, type) } : { type };
  } catch (e) {
    return { type: 'zip', damaged: damageOf(e) };
  }
}

async function signatureOf(file: string, bytes: Uint8Array, o: VerifyOptions): Promise<SignatureFacts | { damaged: string } | undefined> {
  try {
    const r = await verifyFile(file, bytes, o);
    const signers = r.signatures.filter((s) => s.kind === 'signer');
    return { status: r.status, qualifications: signers.map((s) => s.qualification ?? 'NA'), signers: signers.map((s) => s.signer) };
  } catch (e) {
    if (e instanceof SiglaError && e.code === 'INPUT_NOT_SIGNED') return undefined;
    return { damaged: damageOf(e) };
  }
}

/** Envelopes look like DER (0x30), Base64 of it (`MI`), PEM, or a MIME message named .m7m. */
function looksEnvelope(head: Uint8Array, name: string): boolean {
  const text = Buffer.from(head.subarray(0, 64)).toString('latin1').trimStart();
  return head[0] === 0x30 || /^(MI|-----BEGIN)/.test(text) || /\.(p7m|tsd|m7m)$/i.test(name);
}

export async function fileFacts(file: string, o: FileFactsOptions): Promise<FileFacts> {
  // The refusals `sigla verify` gives (missing, a folder, a device, a FIFO: never opened), then one descriptor.
  readInputFile(file, { head: 0 });
  const src = openPdfFile(file);
  try {
    const size = src.size;
    if (size === 0) throw new SiglaError('INPUT_EMPTY', `${file} is empty`, { params: { file } });
    const name = basename(file);
    const base = { file, name, size, role: o.role, roleGiven: o.roleGiven };
    const head = src.read(0, Math.min(size, HEAD));
    let doc: PdfSource = src;
    let docHead = head;
    let envelopes: readonly string[] = [];
    let whole: Uint8Array | undefined;
    const readWhole = (): Uint8Array => (whole ??= readInputFile(file));
    let signature: SignatureFacts | undefined;
    let damaged: string | undefined;
    const verify = async (): Promise<void> => {
      const s = await signatureOf(file, readWhole(), o.verify);
      if (s && 'damaged' in s) damaged = s.damaged;
      else signature = s;
    };
    if (looksEnvelope(head, name) && typeOfHead(head) !== 'pdf') {
      try {
        const x = extractContent(readWhole(), name);
        envelopes = x.layers;
        doc = bytesPdfSource(x.content);
        docHead = x.content.subarray(0, HEAD);
      } catch {
        envelopes = [];
      }
      if (envelopes.length > 0) await verify();
    }
    let type = typeOfHead(docHead);
    let pdf: PdfFacts | undefined;
    let office: OfficeFacts | undefined;
    if (type === 'pdf') {
      const r = await readPdfFacts(doc, () => (doc === src ? readWhole() : doc.read(0, doc.size)));
      pdf = r.pdf;
      damaged ??= r.damaged;
      // A PDF with filled signature fields (not inside an envelope, whose verification covered it): verified.
      if (doc === src && pdf && pdf.signatureFields > 0) await verify();
    } else if (type === 'zip') {
      const z = zipFactsOf(doc);
      type = z.type;
      office = z.office;
      damaged ??= z.damaged;
    }
    // An archive or an executable is refused as such: whether it is damaged does not matter.
    if (ARCHIVE_TYPES.has(type) || type === 'executable') damaged = undefined;
    return { ...base, type, envelopes, ...(signature ? { signature } : {}), ...(pdf ? { pdf } : {}), ...(office ? { office } : {}), ...(damaged !== undefined ? { damaged } : {}) };
  } finally {
    src.close();
  }
}
