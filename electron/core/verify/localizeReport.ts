/**
 * A report with its texts filled in for a user in `lang`: each Finding gets its `message`, each signature with a
 * qualification its `qualificationText`, a file that could not be verified its error's `message`. Done in one
 * place, before a report leaves the engine for a person (the app's IPC, `sigla verify --json`); the codes and
 * params stay, so a program still reads the report by code.
 */
import type { Finding } from '../findings/Finding.js';
import type { FindingSurface } from '../../shared/i18n/findings.js';
import { fileErrorText, findingMessage, qualificationText, type ReportLang } from './reportText.js';
import type { FileReport, SignatureReport } from './VerificationReport.js';

function withMessages(list: readonly Finding[], lang: ReportLang, surface: FindingSurface): Finding[] {
  return list.map((f) => ({ ...f, message: findingMessage(f, lang, surface) }));
}

function localizeSignature(s: SignatureReport, lang: ReportLang, surface: FindingSurface): SignatureReport {
  return {
    ...s,
    warnings: withMessages(s.warnings, lang, surface),
    problems: withMessages(s.problems, lang, surface),
    ...(s.qualification ? { qualificationText: qualificationText(s.qualification, lang) } : {}),
    ...(s.qualificationReasons ? { qualificationReasons: withMessages(s.qualificationReasons, lang, surface) } : {}),
  };
}

export function localizeReport(r: FileReport, lang: ReportLang, surface: FindingSurface = 'cli'): FileReport {
  return {
    ...r,
    signatures: r.signatures.map((s) => localizeSignature(s, lang, surface)),
    ...(r.problems ? { problems: withMessages(r.problems, lang, surface) } : {}),
    ...(r.trustNotes ? { trustNotes: withMessages(r.trustNotes, lang, surface) } : {}),
    ...(r.findings ? { findings: withMessages(r.findings, lang, surface) } : {}),
    ...(r.error ? { error: { ...r.error, message: r.error.message ?? fileErrorText(r.error, lang, surface) } } : {}),
  };
}
