/**
 * The pre-send PEC check (issue 15): from each file's facts (FileFacts.ts) and a profile (PecProfile.ts), what the
 * receiving office would reject (`block`) or question (`warn`). Pure: no I/O.
 *
 * Main documents: the file the user marked (or, by default, the first) is the message's main document. Another
 * file also "looks like a main document" when the user marked it so too, or when it is signed while the main
 * document is signed as well and its name does not say it is an attachment (allegato, annex, attachment): several
 * signed deeds in one message are several proceedings, and offices want one per message (MULTIPLE_MAIN_DOCUMENTS on
 * each extra one).
 */
import { ARCHIVE_TYPES } from './DocumentType.js';
import type { FileFacts } from './FileFacts.js';
import type { PecFinding, PecFindingCode } from './PecFinding.js';
import { DEFAULT_PEC_MAX_BYTES, severityOf, type PecProfile } from './PecProfile.js';

export interface PecFileResult {
  readonly facts: FileFacts;
  readonly findings: readonly PecFinding[];
}

export interface PecCheckResult {
  /** True when nothing blocks. */
  readonly ok: boolean;
  readonly profile: string;
  readonly totalSize: number;
  readonly maxTotalBytes: number;
  readonly files: readonly PecFileResult[];
}

export interface PecRuleOptions {
  /** The PEC box limit from the settings; the profile's `maxTotalBytes` wins. */
  readonly maxTotalBytes?: number;
}

/** Characters mail gateways and protocol systems mangle or refuse in attachment names (RFC 2231 encodings vary). */
const NAME_TROUBLE = /[^A-Za-z0-9._\-() ]/;
const NAME_MAX = 100;

function nameTrouble(name: string): string | undefined {
  const bad = [...new Set([...name].filter((c) => NAME_TROUBLE.test(c)))];
  if (bad.length > 0) return bad.map((c) => (c.trim() === '' || c.charCodeAt(0) < 0x20 ? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : c)).join(' ');
  if (name.length > NAME_MAX) return `> ${NAME_MAX}`;
  if (/^[ .]|[ .]$/.test(name)) return '. / spazio';
  return undefined;
}

const ATTACHMENT_NAME = /allegat|annex|attach/i;

function looksMain(f: FileFacts, mainSigned: boolean): boolean {
  if (f.role === 'main') return true;
  return !f.roleGiven && mainSigned && f.signature !== undefined && !ATTACHMENT_NAME.test(f.name);
}

function list(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, … (${items.length})` : shown;
}

/** The findings of one file, before severities. */
function fileFindings(f: FileFacts, profile: PecProfile): [PecFindingCode, Record<string, string | number>][] {
  const out: [PecFindingCode, Record<string, string | number>][] = [];
  const trouble = nameTrouble(f.name);
  if (trouble !== undefined) out.push(['FILE_NAME_CHARACTERS', { name: f.name, characters: trouble }]);
  if (f.type === 'executable') out.push(['EXECUTABLE', {}]);
  else if (ARCHIVE_TYPES.has(f.type)) out.push(['ARCHIVE', { type: f.type }]);
  else if (!profile.formats.includes(f.type)) out.push(['FORMAT_NOT_ALLOWED', { type: f.type, allowed: profile.formats.join(', ') }]);
  if (f.damaged !== undefined) out.push(['DAMAGED', { detail: f.damaged }]);
  const s = f.signature;
  if (s === undefined) {
    if (f.role === 'main') out.push(['NOT_SIGNED', {}]);
  } else {
    if (s.status === 'failed') out.push(['SIGNATURE_NOT_VALID', { signers: list(s.signers) }]);
    else if (s.status === 'indeterminate') out.push(['SIGNATURE_INDETERMINATE', { signers: list(s.signers) }]);
    const notQes = s.qualifications.filter((q) => q !== 'QESig' && q !== 'QESeal');
    if (s.status !== 'failed' && (notQes.length > 0 || s.qualifications.length === 0)) out.push(['NOT_QUALIFIED', { qualification: list(notQes.length ? [...new Set(notQes)] : ['NA']) }]);
  }
  const p = f.pdf;
  if (p) {
    if (p.encrypted) out.push(['ENCRYPTED', {}]);
    if (p.pdfa === undefined) out.push(['NOT_PDFA', {}]);
    if (p.fontsNotEmbedded.length > 0) out.push(['FONT_NOT_EMBEDDED', { fonts: list(p.fontsNotEmbedded) }]);
    if (p.activeContent.length > 0) out.push(['JAVASCRIPT', { actions: list([...new Set(p.activeContent)]) }]);
    if (p.xfa) out.push(['XFA', {}]);
    if (p.externalLinks.length > 0) out.push(['EXTERNAL_LINK', { links: list(p.externalLinks, 3) }]);
    if (p.embeddedFiles.length > 0) out.push(['EMBEDDED_FILE', { files: list(p.embeddedFiles) }]);
  }
  const o = f.office;
  if (o) {
    if (o.encrypted) out.push(['ENCRYPTED', {}]);
    if (o.macros.length > 0) out.push(['MACROS', { entries: list(o.macros) }]);
    if (o.externalLinks.length > 0) out.push(['EXTERNAL_LINK', { links: list(o.externalLinks, 3) }]);
    if (o.embeddedFiles.length > 0) out.push(['EMBEDDED_FILE', { files: list(o.embeddedFiles) }]);
  }
  return out;
}

export function checkPec(files: readonly FileFacts[], profile: PecProfile, o: PecRuleOptions = {}): PecCheckResult {
  const raw = files.map((f) => fileFindings(f, profile));
  const totalSize = files.reduce((n, f) => n + f.size, 0);
  const maxTotalBytes = profile.maxTotalBytes ?? o.maxTotalBytes ?? DEFAULT_PEC_MAX_BYTES;
  // The message is over the PEC box's limit: said on the largest file, the one to shrink or send apart.
  if (totalSize > maxTotalBytes && files.length > 0) {
    const largest = files.reduce((b, f, i) => (f.size > (files[b]?.size ?? -1) ? i : b), 0);
    raw[largest]?.push(['TOO_LARGE', { total: totalSize, limit: maxTotalBytes }]);
  }
  const mainIndex = files.findIndex((f) => f.role === 'main');
  const mainSigned = mainIndex >= 0 && files[mainIndex]?.signature !== undefined;
  files.forEach((f, i) => {
    if (i !== mainIndex && looksMain(f, mainSigned)) raw[i]?.push(['MULTIPLE_MAIN_DOCUMENTS', { main: files[mainIndex]?.name ?? '' }]);
  });
  const results = files.map((facts, i): PecFileResult => {
    const findings: PecFinding[] = [];
    for (const [code, params] of raw[i] ?? []) {
      const severity = severityOf(profile, code);
      if (severity !== 'off') findings.push({ code, severity, params });
    }
    return { facts, findings };
  });
  const ok = results.every((r) => r.findings.every((x) => x.severity !== 'block'));
  return { ok, profile: profile.name, totalSize, maxTotalBytes, files: results };
}
