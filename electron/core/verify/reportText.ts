/**
 * A verification report as plain text, in Italian or English: what `sigla verify` prints and what the app's
 * "Salva il rapporto" writes. Statuses and sub-indications are those of ETSI EN 319 102-1 §5.1.3.
 */
import { SiglaError } from '../../shared/errors.js';
import { describeError, describeFinding, type Surface } from '../../shared/i18n/messages.js';
import type { FileError, FileReport } from './VerificationReport.js';

export type ReportLang = 'it' | 'en';

const WORDS = {
  it: { unverifiable: 'NON VERIFICABILE', passed: 'VALIDA', failed: 'NON VALIDA', indeterminate: 'NON DETERMINABILE', sig: 'Firma', ts: 'Marca temporale', counter: 'controfirma', level: 'busta', claimed: 'ora dichiarata', untrusted: ', TSA non fidata' },
  en: { unverifiable: 'NOT VERIFIABLE', passed: 'VALID', failed: 'INVALID', indeterminate: 'INDETERMINATE', sig: 'Signature', ts: 'Timestamp', counter: 'countersignature', level: 'envelope', claimed: 'claimed time', untrusted: ', TSA not trusted' },
} as const;

/** One file's report: a header line with the overall status, then one block per signature and time-stamp. */
/** The user's text for a file that could not be verified, from its code and params (messages.ts). */
export function fileErrorText(e: FileError, lang: ReportLang): string {
  return describeError(new SiglaError(e.code, e.code, { params: e.params }), lang);
}

export function reportText(r: FileReport, lang: ReportLang, surface: Surface = 'cli'): string {
  const w = WORDS[lang];
  if (r.error) return `${r.file}: ${w.unverifiable}\n  ! ${fileErrorText(r.error, lang)}\n`;
  let out = `${r.file} [${r.format}]: ${w[r.status]}${r.subIndication ? ` (${r.subIndication})` : ''}\n`;
  for (const [i, s] of r.signatures.entries()) {
    out += `  ${w.sig} ${i + 1}${s.kind === 'countersignature' ? ` (${w.counter})` : ''}${s.depth > 0 ? ` (${w.level} ${s.depth + 1})` : ''}${s.field ? ` "${s.field}"` : ''}: ${s.signer} — ${w[s.status]}${s.subIndication ? ` (${s.subIndication})` : ''}\n`;
    if (s.signingTime) out += `    ${w.claimed}: ${s.signingTime}\n`;
    for (const t of s.timestamps) out += `    ${w.ts} ${t.time} (${t.tsa}): ${t.integrity === 'valid' && t.imprintMatches ? 'OK' : 'KO'}\n`;
    for (const p of s.problems) out += `    ! ${p}\n`;
    for (const x of s.warnings) out += `    · ${x}\n`;
    for (const f of s.findings ?? []) out += `    · ${describeFinding(f, lang, surface)}\n`;
  }
  for (const t of r.timestamps ?? []) out += `  ${w.ts} ${t.time} (${t.tsa}): ${t.integrity === 'valid' && t.imprintMatches ? 'OK' : 'KO'}${t.trusted ? '' : w.untrusted}\n`;
  for (const p of r.problems ?? []) out += `  ! ${p}\n`;
  for (const f of r.findings ?? []) out += `  · ${describeFinding(f, lang, surface)}\n`;
  return out;
}
