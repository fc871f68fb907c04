/**
 * The type of a file by its content, not its name (issue 15): magic numbers and structure, as a receiving office's
 * protocol software would see it. A signed envelope (.p7m) counts as the document inside it (CAdES, ETSI EN 319 122).
 */
export { DOCUMENT_TYPES, type DocumentType } from '../../shared/pecCodes.js';
import type { DocumentType } from '../../shared/pecCodes.js';

export const ARCHIVE_TYPES: ReadonlySet<DocumentType> = new Set(['zip', 'rar', '7z', 'gzip']);

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  return sig.every((v, i) => b[at + i] === v);
}

/** Text without NUL and with few control characters: plain text (UTF-8 or a Latin code page). */
function looksText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const c of head) {
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) control++;
  }
  return control * 100 <= head.length;
}

/**
 * The type the first bytes (at least 4 KiB when the file has them) say. A ZIP is `zip` here: whether it is an
 * OOXML or ODF document is for the ZIP's directory to say ({@link zipDocumentType}).
 */
export function typeOfHead(head: Uint8Array): DocumentType {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'rar';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  // PE (MZ), ELF, Mach-O (32/64 bit, both byte orders, fat), scripts with an interpreter line.
  if (startsWith(head, [0x4d, 0x5a]) || startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(head, [0x23, 0x21])) return 'executable';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => startsWith(head, s))) return 'executable';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  const text = Buffer.from(head.subarray(0, 4096)).toString('latin1');
  // ISO 32000-2 §7.5.2: "%PDF-" within the first 1024 bytes (a few producers put bytes before it).
  if (text.slice(0, 1024).includes('%PDF-')) return 'pdf';
  if (!looksText(head.subarray(0, 4096))) return 'unknown';
  const t = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (t.startsWith('{\\rtf')) return 'rtf';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(t)) return 'svg';
  if (/^(<!doctype html|<html[\s>])/i.test(t)) return 'html';
  if (/^<\?xml|^<[A-Za-z_][\w.:-]*[\s>/]/.test(t)) return 'xml';
  // RFC 5322 header fields at the very start: a message (.eml).
  if (/^(return-path|received|from|date|message-id|mime-version|subject|to|delivered-to|x-[\w-]+):/i.test(t)) return 'eml';
  return 'text';
}

/** OOXML (ECMA-376 Part 2: `[Content_Types].xml`), ODF (OASIS ODF 1.2 Part 3 §3.3: `mimetype`), or a plain ZIP. */
export function zipDocumentType(entryNames: readonly string[]): DocumentType {
  const names = new Set(entryNames);
  if (names.has('[Content_Types].xml')) return 'ooxml';
  if (names.has('mimetype') && names.has('META-INF/manifest.xml')) return 'odf';
  return 'zip';
}
