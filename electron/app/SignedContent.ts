/**
 * Verifica's signed document: what a signature covers, through every envelope, for the preview and for "Apri
 * documento" / "Salva documento". The content comes from the engine's extraction (core/verify/extractChecked.ts,
 * the one `sigla extract` uses): a .p7m (nested, base64), .tsd or .m7m is peeled, and a file whose signature or
 * time-stamp is `failed` (ETSI EN 319 102-1 §5.1.3) gives nothing (EXTRACT_SIGNATURE_INVALID): bytes that changed are
 * never shown as the signed document. A PDF's signed document is the PDF itself (its signatures cover its revisions),
 * under the same rule.
 *
 * What crosses to the renderer is bounded: a PDF or text of at most {@link PREVIEW_MAX_BYTES} (else `tooLarge`), a
 * text cut at {@link TEXT_MAX_CHARS} characters (`truncated`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { bytesSource } from '../core/content/ContentSource.js';
import { extractChecked } from '../core/verify/extractChecked.js';
import { verifyFile } from '../core/verify/verifyFile.js';
import { writeAtomically } from '../io/AtomicFile.js';
import { readInputFile } from '../io/readInputFile.js';
import { usageError } from '../shared/i18n/usage.js';
import { SiglaError } from '../shared/errors.js';
import type { SaveDialog } from './CertificateExport.js';

/** The largest document sent to the renderer for a preview. */
export const PREVIEW_MAX_BYTES = 50 * 1024 * 1024;
/** The longest text shown (characters); the rest is left out and `truncated` says so. */
export const TEXT_MAX_CHARS = 512 * 1024;

export type ContentType = 'pdf' | 'text' | 'other';

export interface SignedDocument {
  readonly name: string;
  readonly content: Uint8Array;
  /** Envelopes peeled, outermost first (empty for a PDF). */
  readonly layers: readonly ('p7m' | 'tsd' | 'm7m')[];
}

export interface ContentPreview {
  readonly name: string;
  readonly size: number;
  readonly type: ContentType;
  readonly layers: readonly ('p7m' | 'tsd' | 'm7m')[];
  readonly tooLarge: boolean;
  readonly truncated: boolean;
  /** The PDF's bytes (base64) for pdfjs. */
  readonly base64?: string;
  readonly text?: string;
}

const isPdf = (b: Uint8Array): boolean => Buffer.from(b.subarray(0, 1024)).toString('latin1').includes('%PDF-');

/** Text when it is UTF-8 (a BOM allowed) without NUL or other C0 controls than tab, new line, form feed, return. */
function asText(b: Uint8Array): string | null {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(s) ? null : s;
}

export function contentType(b: Uint8Array): ContentType {
  if (isPdf(b)) return 'pdf';
  return asText(b) !== null ? 'text' : 'other';
}

/** A name safe to create in a folder: its last component, without characters Windows or the shell would refuse. */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const n = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001F<>:"|?*/]/g, '_').replace(/^\.+/, '').trim().slice(0, 120);
  return n === '' ? 'documento' : n;
}

/**
 * The signed document of the file at `path` (read as any hostile input: regular files only, bounded): the content
 * inside its envelopes, or the PDF itself. Refused (EXTRACT_SIGNATURE_INVALID) when a signature over it failed.
 */
export async function signedDocument(path: string): Promise<SignedDocument> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(path);
  } catch (e) {
    if (!(e instanceof SiglaError)) throw e;
    throw new SiglaError(e.code, e.message, { params: { ...e.params, file: name }, cause: e });
  }
  if (isPdf(bytes) && /\.pdf$/i.test(name)) {
    // The same offline check as extractChecked: integrity only, no trust anchors and no network.
    const report = await verifyFile(name, bytes, { anchors: [] });
    if (report.error) throw new SiglaError(report.error.code, `${name} cannot be verified`, { params: { ...report.error.params, file: name } });
    if (report.status === 'failed') throw new SiglaError('EXTRACT_SIGNATURE_INVALID', `the signature of ${name} is not valid`, { params: { file: name } });
    return { name, content: bytes, layers: [] };
  }
  const x = await extractChecked(bytes, name, { force: false });
  return { name: x.name, content: x.content, layers: x.layers };
}

/** What the renderer shows of a signed document: its name, size and type, and the PDF or text when small enough. */
export function previewOf(d: SignedDocument): ContentPreview {
  const type = contentType(d.content);
  const base = { name: d.name, size: d.content.length, type, layers: d.layers };
  if (type === 'other') return { ...base, tooLarge: false, truncated: false };
  if (d.content.length > PREVIEW_MAX_BYTES) return { ...base, tooLarge: true, truncated: false };
  if (type === 'pdf') return { ...base, tooLarge: false, truncated: false, base64: Buffer.from(d.content).toString('base64') };
  const text = (asText(d.content) ?? '').replace(/^\uFEFF/, '');
  return { ...base, tooLarge: false, truncated: text.length > TEXT_MAX_CHARS, text: text.slice(0, TEXT_MAX_CHARS) };
}

/**
 * "Apri documento": the signed document written into a private temp folder (0700, one per app run, a subfolder per
 * opening so that two documents of the same name never meet) and handed to the system's viewer; the folder goes when
 * the app closes (`dispose`) or its process exits.
 */
export class OpenedContents {
  private dir: string | undefined;
  private readonly onExit = (): void => this.dispose();

  async write(d: SignedDocument, source: string): Promise<string> {
    if (this.dir === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'sigla-documenti-'));
      process.once('exit', this.onExit);
    }
    const sub = join(this.dir, randomBytes(6).toString('hex'));
    mkdirSync(sub, { mode: 0o700 });
    const target = join(sub, safeFileName(d.name));
    await writeAtomically(target, { force: false, inputs: [source] }, (sink) => writeAll(sink, d.content));
    return target;
  }

  /** The private folder, when one was made (tests). */
  folder(): string | undefined {
    return this.dir;
  }

  dispose(): void {
    if (this.dir === undefined) return;
    rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    process.removeListener('exit', this.onExit);
  }
}

async function writeAll(sink: Parameters<Parameters<typeof writeAtomically>[2]>[0], bytes: Uint8Array): Promise<void> {
  for await (const chunk of bytesSource(bytes).open()) await sink.write(chunk);
}

/**
 * "Salva documento": where the user says (main's save dialog, which already asked before replacing a file), written
 * atomically; never over the file it came from (OUTPUT_IS_INPUT). `saved: false` when the dialog was cancelled.
 */
export async function saveSignedDocument(d: SignedDocument, source: string, save: SaveDialog | undefined): Promise<{ saved: boolean; name?: string }> {
  if (!save) throw usageError('saveUnavailable');
  const path = await save(safeFileName(d.name), 'document');
  if (path === undefined) return { saved: false };
  await writeAtomically(path, { force: true, inputs: [source] }, (sink) => writeAll(sink, d.content));
  return { saved: true, name: basename(path) };
}
