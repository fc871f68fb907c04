/**
 * A report with its texts filled in for a user in `lang`: each Finding gets its `message`, each signature with a
 * qualification its `qualificationText`, a sub-indication (ETSI EN 319 102-1 §5.1.3) its `subIndicationText`, a time
 * its text in Italian local time (`signingTimeText`, `timeText`), a trusted-list service its `serviceStatusText`, a
 * file that could not be verified its error's `message`. Done in one
 * place, before a report leaves the engine for a person (the app's IPC, `sigla verify --json`); the codes and
 * params stay, so a program still reads the report by code.
 */
import type { Finding } from '../findings/Finding.js';
import { formatTime, serviceStatusText, SUB_INDICATION_TEXT, type FindingSurface } from '../../shared/i18n/findings.js';
import { fileErrorText, findingMessage, qualificationText, type ReportLang } from './reportText.js';
import type { FileReport, SignatureReport, SubIndication, TimestampReport } from './VerificationReport.js';

function withMessages(list: readonly Finding[], lang: ReportLang, surface: FindingSurface): Finding[] {
  return list.map((f) => ({ ...f, message: findingMessage(f, lang, surface) }));
}

const subText = (sub: SubIndication | undefined, lang: ReportLang): { subIndicationText?: string } => (sub ? { subIndicationText: SUB_INDICATION_TEXT[lang][sub] ?? sub } : {});

function localizeTimestamp(t: TimestampReport, lang: ReportLang): TimestampReport {
  return { ...t, ...(t.time ? { timeText: formatTime(t.time, lang) } : {}), ...(t.trustedList ? { serviceStatusText: serviceStatusText(t.trustedList.status, lang) } : {}) };
}

function localizeSignature(s: SignatureReport, lang: ReportLang, surface: FindingSurface): SignatureReport {
  return {
    ...s,
    ...subText(s.subIndication, lang),
    ...(s.signingTime ? { signingTimeText: formatTime(s.signingTime, lang) } : {}),
    ...(s.renewalDue ? { renewalDueText: formatTime(s.renewalDue, lang) } : {}),
    ...(s.trustedList ? { serviceStatusText: serviceStatusText(s.trustedList.status, lang) } : {}),
    timestamps: s.timestamps.map((t) => localizeTimestamp(t, lang)),
    warnings: withMessages(s.warnings, lang, surface),
    problems: withMessages(s.problems, lang, surface),
    ...(s.qualification ? { qualificationText: qualificationText(s.qualification, lang) } : {}),
    ...(s.qualificationReasons ? { qualificationReasons: withMessages(s.qualificationReasons, lang, surface) } : {}),
  };
}

export function localizeReport(r: FileReport, lang: ReportLang, surface: FindingSurface = 'cli'): FileReport {
  return {
    ...r,
    ...subText(r.subIndication, lang),
    signatures: r.signatures.map((s) => localizeSignature(s, lang, surface)),
    ...(r.timestamps ? { timestamps: r.timestamps.map((t) => localizeTimestamp(t, lang)) } : {}),
    ...(r.problems ? { problems: withMessages(r.problems, lang, surface) } : {}),
    ...(r.trustNotes ? { trustNotes: withMessages(r.trustNotes, lang, surface) } : {}),
    ...(r.findings ? { findings: withMessages(r.findings, lang, surface) } : {}),
    ...(r.error ? { error: { ...r.error, message: r.error.message ?? fileErrorText(r.error, lang, surface) } } : {}),
  };
}
