/**
 * A verification report for a person, in Italian (default) or English: what `sigla verify` prints, what the app's
 * "Salva il rapporto" writes as text and, laid out on pages, as PDF (reportPdf.ts). Per signature: who signed, the
 * status in words (ETSI EN 319 102-1 §5.1.3, the sub-indication explained and named), the qualification (ETSI TS
 * 119 172-4 / TS 119 615), the certificate's issuer and the trusted-list service it chains to, the declared signing
 * time, each time-stamp with its TSA and whether it is qualified, then the findings. Times are in Italian local
 * time (shared/i18n/findings.ts `formatTime`); the JSON report keeps ISO 8601. Every word comes from the one
 * catalog, shared/i18n/findings.ts.
 */
import { SiglaError } from '../../shared/errors.js';
import { describeError } from '../../shared/i18n/messages.js';
import {
  findingText,
  type FindingSurface,
  formatTime,
  QUALIFICATION_TEXT,
  REPORT_WORDS,
  serviceStatusText,
  STATUS_WORDS,
  SUB_INDICATION_TEXT,
} from '../../shared/i18n/findings.js';
import type { Qualification } from '../tsl/TrustedList.js';
import type { Finding } from '../findings/Finding.js';
import type { FileError, FileReport, SignatureReport, Status, SubIndication, TimestampReport } from './VerificationReport.js';

export type ReportLang = 'it' | 'en';

// The catalog's word lists are checked here against the engine's types: a new status, sub-indication or
// qualification without its words does not compile.
const _statusWords: Readonly<Record<ReportLang, Readonly<Record<Status, string>>>> = STATUS_WORDS;
const _subWords: Readonly<Record<ReportLang, Readonly<Record<SubIndication, string>>>> = SUB_INDICATION_TEXT;
const _qualificationWords: Readonly<Record<ReportLang, Readonly<Record<Qualification, string>>>> = QUALIFICATION_TEXT;
void _statusWords;
void _subWords;
void _qualificationWords;

/** One line of the human report: its depth (0 file, 1 signature, 2 detail) and what it is, for layout. */
export interface ReportLine {
  readonly indent: number;
  readonly kind: 'heading' | 'text' | 'problem' | 'warning';
  readonly text: string;
}

/** The user's text for a file that could not be verified, from its code and params (messages.ts). */
export function fileErrorText(e: FileError, lang: ReportLang, surface: FindingSurface = 'cli'): string {
  return describeError(new SiglaError(e.code, e.code, { params: e.params }), lang, surface);
}

/** A finding's text in `lang` (the one already filled in by `localizeReport` when it is in the same language). */
export function findingMessage(f: Finding, lang: ReportLang, surface: FindingSurface = 'cli'): string {
  return findingText(f, lang, surface);
}

/** The qualification conclusion in words: "Firma elettronica qualificata", … */
export function qualificationText(q: Qualification, lang: ReportLang): string {
  return QUALIFICATION_TEXT[lang][q] ?? q;
}

/** A status in words, with the sub-indication explained and named: "NON DETERMINABILE: il certificato … (NO_…)". */
export function statusText(status: Status, sub: SubIndication | undefined, lang: ReportLang): string {
  const word = STATUS_WORDS[lang][status];
  return sub ? `${word}: ${SUB_INDICATION_TEXT[lang][sub] ?? sub} (${sub})` : word;
}

/**
 * An issuer as a person reads it: its common name and organisation (`Sigla Test CA (Sigla Trust Services)`) when
 * the distinguished name has them, else the name as it is.
 */
export function issuerName(dn: string): string {
  const attr = (t: string): string | undefined => new RegExp(`(?:^|,\\s*)${t}=([^,]+)`).exec(dn)?.[1]?.trim();
  const cn = attr('CN');
  const o = attr('O');
  if (!cn) return o ?? dn;
  return o && o !== cn ? `${cn} (${o})` : cn;
}

function timestampLine(t: TimestampReport, label: string, lang: ReportLang): string {
  const w = REPORT_WORDS[lang];
  const ok = t.integrity === 'valid' && t.imprintMatches;
  const parts: string[] = [ok ? w.stampValid : w.stampInvalid];
  if (t.qualified !== undefined) parts.push(t.qualified ? w.qualifiedStamp : w.notQualifiedStamp);
  if (!t.trusted) parts.push(w.untrustedTsa);
  const tsp = t.trustedList ? ` — ${w.tsp}: ${t.trustedList.tsp} (${t.trustedList.country})` : '';
  return `${label} ${w.dated} ${formatTime(t.time, lang) || '?'}, ${w.tsa} «${t.tsa || '?'}»${tsp}: ${parts.join(', ')}`;
}

function signatureLines(s: SignatureReport, i: number, lang: ReportLang, surface: FindingSurface): ReportLine[] {
  const w = REPORT_WORDS[lang];
  const tags = [s.kind === 'countersignature' ? w.counter : '', s.depth > 0 ? `${w.envelope} ${s.depth + 1}` : '', s.field ? `${w.field} «${s.field}»` : ''].filter(Boolean);
  const out: ReportLine[] = [{ indent: 1, kind: 'heading', text: `${w.signature} ${i + 1}${tags.length ? ` (${tags.join(', ')})` : ''}: ${s.signer} — ${statusText(s.status, s.subIndication, lang)}` }];
  const line = (text: string): void => {
    out.push({ indent: 2, kind: 'text', text });
  };
  if (s.qualification) line(`${w.qualification}: ${qualificationText(s.qualification, lang)}`);
  for (const q of s.qualificationReasons ?? []) out.push({ indent: 2, kind: 'text', text: `  ${findingMessage(q, lang)}` });
  if (s.certificate?.issuer) line(`${w.issuer}: ${issuerName(s.certificate.issuer)}`);
  if (s.trustedList) {
    const tl = s.trustedList;
    line(`${w.tsp}: ${tl.tsp} (${tl.country}), ${w.service} «${tl.service}», ${w.listStatus}: ${serviceStatusText(tl.status, lang)}`);
  }
  if (s.signingTime) line(`${w.claimed}: ${formatTime(s.signingTime, lang)}`);
  for (const t of s.timestamps) line(timestampLine(t, w.timestamp, lang));
  if (/^B-(LT|LTA)$/.test(s.level)) line(`${w.levelReached}: ${s.level}`);
  if (s.renewalDue) line(`${w.renewalDue} ${formatTime(s.renewalDue, lang)}`);
  for (const p of s.problems) out.push({ indent: 2, kind: 'problem', text: findingMessage(p, lang, surface) });
  for (const x of s.warnings) out.push({ indent: 2, kind: 'warning', text: findingMessage(x, lang, surface) });
  return out;
}

/** The report's lines: the file with its overall status, a block per signature, the file's time-stamps and problems. */
export function reportLines(r: FileReport, lang: ReportLang, surface: FindingSurface = 'cli'): ReportLine[] {
  const w = REPORT_WORDS[lang];
  if (r.error) return [{ indent: 0, kind: 'heading', text: `${r.file}: ${STATUS_WORDS[lang].unverifiable}` }, { indent: 1, kind: 'problem', text: r.error.message ?? fileErrorText(r.error, lang) }];
  const out: ReportLine[] = [{ indent: 0, kind: 'heading', text: `${r.file} [${r.format}]: ${statusText(r.status, r.subIndication, lang)}` }];
  for (const [i, s] of r.signatures.entries()) out.push(...signatureLines(s, i, lang, surface));
  for (const t of r.timestamps ?? []) out.push({ indent: 1, kind: 'text', text: timestampLine(t, t.kind === 'document' ? w.documentTimestamp : w.envelopeTimestamp, lang) });
  for (const p of r.problems ?? []) out.push({ indent: 1, kind: 'problem', text: findingMessage(p, lang, surface) });
  for (const f of r.findings ?? []) out.push({ indent: 1, kind: 'warning', text: findingMessage(f, lang, surface) });
  for (const n of r.trustNotes ?? []) out.push({ indent: 1, kind: 'warning', text: findingMessage(n, lang, surface) });
  return out;
}

const MARK: Readonly<Record<ReportLine['kind'], string>> = { heading: '', text: '', problem: '! ', warning: '· ' };

export function reportText(r: FileReport, lang: ReportLang, surface: FindingSurface = 'cli'): string {
  return reportLines(r, lang, surface)
    .map((l) => `${'  '.repeat(l.indent)}${MARK[l.kind]}${l.text}\n`)
    .join('');
}
