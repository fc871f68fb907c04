/**
 * The fuzz oracle: what a mutated input's verification must never do.
 *
 * - **false positive**: a signature whose signed bytes the mutation changed (see signedBytes.ts: PAdES ByteRange
 *   bytes and the CMS's signed attributes/signature value in /Contents; CAdES eContent octets, signed attributes,
 *   signature value, and a countersignature's parent signature value) comes out `integrity: valid` or
 *   `status: passed`. Reports are matched to the original's signatures without trusting their order: every
 *   signature reported valid must be paired with a distinct original signature whose signed bytes are unchanged,
 *   at the same depth and kind, by the same signer and (PDF) field — or, when the mutation changed the signer's
 *   name or field name into one the original does not have, with any such unchanged signature. No pairing → false
 *   positive. Also a PDF signature that keeps its field and bytes but is said to cover the whole document while
 *   non-blank bytes now follow its revision. And a file reported `passed` where nothing passed (judgeFileStatus).
 * - **internal error**: an exception that is not a `SiglaError` with an input-related code, a `SiglaError`
 *   `INTERNAL`, or raw JavaScript/OpenSSL exception text in an error's detail or in any problem of the report.
 * - **hang** (the per-input time limit) and **oom** (the worker's 512 MB heap, or the process RSS limit when the
 *   input is run alone) come from the pool.
 */
import type { FileReport, SignatureReport } from '../../electron/core/verify/VerificationReport.js';
import type { ThrownError } from './worker.js';
import { ERROR_CODES, EXIT, SiglaError } from '../../electron/shared/errors.js';

export type Category = 'falsePositive' | 'internal' | 'hang' | 'oom';

/**
 * Error codes that say "this input is not acceptable" (exit 8, bad input file), which is a correct answer to a
 * mutated file: derived from the one code → exit table, so a new input code needs no change here.
 */
export const INPUT_CODES: ReadonlySet<string> = new Set(ERROR_CODES.filter((c) => new SiglaError(c, c).exitCode === EXIT.BAD_INPUT));

/** Texts that only come from JavaScript, Node, OpenSSL or a library's own exception, never from Sigla's wording. */
export const RAW_TEXT: readonly RegExp[] = [
  /is not a function/,
  /Cannot read propert/,
  /Cannot set propert/,
  /Cannot destructure/,
  /Maximum call stack/,
  /Invalid time value/,
  /routines::/,
  /is not iterable/,
  /is not defined/,
  /Invalid (typed )?array length/,
  /out of range/i,
  /out of bounds/i,
  /Array buffer allocation failed/,
  /Cannot convert/,
  /Unexpected (end|token)/,
  /ERR_[A-Z_]{4,}/,
  /\bundefined\b/,
  /\bNaN\b/,
  /Expected instance of/,
  /but got instance of/,
  /\[object Object\]/,
  /Error: /,
  /asn1|ASN\.1 (decoding|error)/i,
];

export function rawTextIn(s: string): RegExp | undefined {
  return RAW_TEXT.find((re) => re.test(s));
}

export interface Verdict {
  readonly category: Category;
  readonly why: string;
  /** Where it comes from, for grouping: the top stack frame inside the project, or the problem text's shape. */
  readonly site: string;
  readonly stack: string;
}

/** The first stack frame in Sigla's own code (electron/...), else the first frame: `function (file:line)`. */
export function topFrame(stack: string): string {
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l)).map((l) => l.trim());
  const f = frames.find((x) => x.includes('/electron/')) ?? frames[0] ?? '?';
  const m = /^at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(f);
  if (!m) return f;
  const file = (m[2] ?? '').replace(/^.*?\/(?:dist\/)?(electron|test|node_modules)\//, '$1/');
  return `${m[1] ?? '<anonymous>'} (${file}:${m[3] ?? '?'})`;
}

/** An error thrown by verification or extraction: acceptable only when coded, input-related and worded by Sigla. */
export function judgeError(e: ThrownError, what: 'verify' | 'extract', detachedGiven: boolean): Verdict | undefined {
  const stack = [e.stack, ...e.causes].join('\n--- cause ---\n');
  if (e.name !== 'SiglaError' || !e.code) {
    return { category: 'internal', why: `${what}: uncoded ${e.name}: ${e.message}`, site: `${e.name} at ${topFrame(e.stack)}`, stack };
  }
  if (e.code === 'USAGE' && !detachedGiven && /detached-content/.test(e.message)) return undefined;
  if (!INPUT_CODES.has(e.code)) {
    return { category: 'internal', why: `${what}: SiglaError ${e.code}: ${e.message}`, site: `SiglaError ${e.code} at ${topFrame(e.stack)}`, stack };
  }
  const raw = rawTextIn(e.detail ?? '') ?? rawTextIn(e.message);
  if (raw) {
    return { category: 'internal', why: `${what}: SiglaError ${e.code} carries raw text: ${e.detail ?? e.message}`, site: `SiglaError ${e.code} raw ${String(raw)} at ${topFrame(e.stack)}`, stack };
  }
  return undefined;
}

/** Raw exception text anywhere in a report's findings' parameters (file level or per signature, problems and warnings). */
export function judgeReportText(r: FileReport): Verdict | undefined {
  const findings = [...(r.problems ?? []), ...r.signatures.flatMap((s) => [...s.problems, ...s.warnings])];
  const texts = findings.flatMap((f) => Object.values(f.params).map((v) => `${f.code}: ${String(v)}`));
  for (const t of texts) {
    const raw = rawTextIn(t);
    if (raw) return { category: 'internal', why: `report problem with raw text: ${t}`, site: `problem ${t.replace(/\d+/g, 'N').slice(0, 120)}`, stack: '' };
  }
  return undefined;
}

/** One original signature, with whether this mutation changed its signed bytes. */
export interface OriginalSignature {
  readonly signer: string;
  readonly depth: number;
  readonly kind: SignatureReport['kind'];
  readonly field?: string;
  readonly changed: boolean;
  /** PAdES: the signed revision ends here; non-blank bytes after it mean it does not cover the whole file. */
  readonly revisionEnd?: number;
}

const isValid = (s: SignatureReport): boolean => s.integrity === 'valid' || s.status === 'passed';

/**
 * A file said to pass must have something that passed: every signature passed, or — with no signature — time-stamps
 * that all verify, match their imprint and are trusted (EN 319 102-1: no validation object, no PASSED).
 */
export function judgeFileStatus(report: FileReport): Verdict | undefined {
  if (report.status !== 'passed') return undefined;
  const sigs = report.signatures;
  const stamps = report.timestamps ?? [];
  const backed = sigs.length > 0 ? sigs.every((s) => s.status === 'passed') : stamps.length > 0 && stamps.every((t) => t.integrity === 'valid' && t.imprintMatches && t.trusted);
  if (backed) return undefined;
  return {
    category: 'falsePositive',
    why: `file status passed with ${sigs.length} signatures (${sigs.map((s) => s.status).join(', ')}) and ${stamps.length} time-stamps (${stamps.map((t) => `${t.integrity}/${t.imprintMatches ? 'imprint ok' : 'imprint wrong'}/${t.trusted ? 'trusted' : 'untrusted'}`).join(', ')})`,
    site: `false positive ${report.format} file passed without a passed signature or time-stamp`,
    stack: '',
  };
}

/** The false-positive oracle on the signatures of one mutated input (see the module comment). */
export function judgeSignatures(orig: readonly OriginalSignature[], report: FileReport, mutated: Uint8Array): Verdict | undefined {
  const signers = new Set(orig.map((o) => o.signer));
  const fields = new Set(orig.flatMap((o) => (o.field ? [o.field] : [])));
  const valid = report.signatures.filter(isValid);
  const compatible = (m: SignatureReport, o: OriginalSignature): boolean =>
    !o.changed && o.depth === m.depth && o.kind === m.kind && (m.signer === o.signer || !signers.has(m.signer)) && (m.field === o.field || m.field === undefined || !fields.has(m.field));
  // Bipartite matching by augmenting paths (a handful of signatures).
  const owner = new Array<number>(orig.length).fill(-1);
  const tryMatch = (mi: number, seen: boolean[]): boolean => {
    const m = valid[mi] as SignatureReport;
    for (let oi = 0; oi < orig.length; oi++) {
      if (seen[oi] || !compatible(m, orig[oi] as OriginalSignature)) continue;
      seen[oi] = true;
      if (owner[oi] === -1 || tryMatch(owner[oi] as number, seen)) {
        owner[oi] = mi;
        return true;
      }
    }
    return false;
  };
  for (let mi = 0; mi < valid.length; mi++) {
    if (!tryMatch(mi, new Array<boolean>(orig.length).fill(false))) {
      const m = valid[mi] as SignatureReport;
      const changed = orig.filter((o) => o.changed).map((o) => `${o.field ?? o.kind}@${o.depth}`);
      return {
        category: 'falsePositive',
        why: `signature "${m.signer}"${m.field ? ` field ${m.field}` : ''} depth ${m.depth} ${m.kind} is ${m.integrity}/${m.status} though the mutation changed the signed bytes of ${changed.join(', ') || 'no known signature'}`,
        site: `false positive ${report.format} ${m.kind}${m.field ? ' pdf' : ''} ${m.level}`,
        stack: '',
      };
    }
  }
  // PDF: the same field with unchanged bytes must not claim the whole document when something follows its revision.
  for (const m of report.signatures) {
    if (m.coversWholeDocument !== true || m.field === undefined) continue;
    const o = orig.find((x) => x.field === m.field && !x.changed && x.revisionEnd !== undefined);
    if (!o || o.revisionEnd === undefined) continue;
    const tail = Buffer.from(mutated.subarray(o.revisionEnd)).toString('latin1');
    if (tail.trim() !== '') {
      return { category: 'falsePositive', why: `field ${m.field} is said to cover the whole document but ${tail.length} bytes follow its revision`, site: 'false positive pdf coversWholeDocument', stack: '' };
    }
  }
  return undefined;
}
