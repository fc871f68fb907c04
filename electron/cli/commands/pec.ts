/**
 * `sigla pec check FILE… [--profile NAME] [--main FILE]… [--trust PEM_OR_DIR]… [--offline] [--json]` (issue 15,
 * shared/ACCEPTANCE.md): what the office receiving this PEC message would reject or question. The first file is the
 * main document unless `--main` names one (a `--main` file not among FILE… is added first); human output in the
 * user's language, each finding with its severity, explanation and fix. Exit 0 when nothing blocks, 13 when
 * something does, 8 when a file cannot be read.
 */
import { resolve } from 'node:path';
import type { PecRole } from '../../core/pec/FileFacts.js';
import { checkPecFiles, pecExitCode, type PecReport } from '../../io/pec/checkPecFiles.js';
import { describeError } from '../../shared/i18n/messages.js';
import { SiglaError, type ErrorCode } from '../../shared/errors.js';
import { cliText } from '../../shared/i18n/cliText.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { documentTypeName, pecFindingText } from '../../shared/i18n/pecFindings.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface PecArgs {
  readonly op: string | undefined;
  readonly files: readonly string[];
  readonly main: readonly string[];
  readonly profile?: string;
  readonly trust: readonly string[];
  readonly offline: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

function size(n: number, lang: Lang): string {
  if (n < 1_000_000) return `${new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 }).format(n / 1000)} kB`;
  const mb = n / 1_000_000;
  return `${new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: mb < 10 ? 1 : 0 }).format(mb)} MB`;
}

function errorText(e: NonNullable<PecReport['files'][number]['error']>, lang: Lang): string {
  return describeError(new SiglaError(e.code as ErrorCode, e.code, { params: e.params }), lang);
}

/** The report as JSON (shared/ACCEPTANCE.md): each finding's message and fix in the user's language. */
function jsonReport(r: PecReport, lang: Lang): unknown {
  return {
    ok: r.ok,
    profile: r.profile,
    totalSize: r.totalSize,
    maxTotalBytes: r.maxTotalBytes,
    files: r.files.map((f) => ({
      file: f.file,
      role: f.role,
      size: f.size,
      ...(f.type !== undefined ? { type: f.type } : {}),
      signed: f.signed,
      findings: f.findings.map((x) => ({ code: x.code, severity: x.severity, ...pecFindingText(x, lang), params: x.params })),
      ...(f.error ? { error: { code: f.error.code, message: errorText(f.error, lang) } } : {}),
    })),
  };
}

function textReport(r: PecReport, lang: Lang): string {
  const lines = [cliText('pecHeader', lang, { profile: r.profile, files: r.files.length, total: size(r.totalSize, lang), limit: size(r.maxTotalBytes, lang) }), ''];
  for (const f of r.files) {
    const role = cliText(f.role === 'main' ? 'pecMain' : 'pecAttachment', lang);
    lines.push(cliText('pecFile', lang, { role, file: f.file, type: f.type ? documentTypeName(f.type, lang) : '?', signed: f.signed ? cliText('pecSigned', lang) : '' }));
    if (f.error) lines.push(`  ${cliText('pecUnreadable', lang, { reason: errorText(f.error, lang) })}`);
    else if (f.findings.length === 0) lines.push(`  ${cliText('pecNothing', lang)}`);
    for (const x of f.findings) {
      const t = pecFindingText(x, lang);
      lines.push(`  [${cliText(x.severity === 'block' ? 'pecBlock' : 'pecWarn', lang)}] ${x.code}: ${t.message}`, `      ${cliText('pecFix', lang, { fix: t.fix })}`);
    }
    lines.push('');
  }
  const all = r.files.flatMap((f) => f.findings);
  const blocks = all.filter((x) => x.severity === 'block').length;
  if (r.files.some((f) => f.error)) lines.push(cliText('pecNotChecked', lang));
  else if (blocks > 0) lines.push(cliText('pecBlocked', lang, { n: blocks }));
  else {
    const warns = all.length;
    lines.push(cliText('pecOk', lang, { warnings: warns > 0 ? cliText('pecWarnings', lang, { n: warns }) : '' }));
  }
  return `${lines.join('\n')}\n`;
}

export async function runPec(a: PecArgs): Promise<number> {
  if (a.op !== 'check') throw usageError('pecOp');
  const mains = new Set(a.main.map((m) => resolve(m)));
  const listed = new Set(a.files.map((f) => resolve(f)));
  const files: { path: string; role?: PecRole }[] = [
    ...a.main.filter((m) => !listed.has(resolve(m))).map((path) => ({ path, role: 'main' as const })),
    ...a.files.map((path) => (mains.size === 0 ? { path } : { path, role: mains.has(resolve(path)) ? ('main' as const) : ('attachment' as const) })),
  ];
  if (files.length === 0) throw usageError('pecNoFile');
  const report = await checkPecFiles(files, { trust: a.trust, offline: a.offline, ...(a.profile !== undefined ? { profile: a.profile } : {}) });
  process.stdout.write(a.json ? `${JSON.stringify(jsonReport(report, a.lang), null, 2)}\n` : textReport(report, a.lang));
  return pecExitCode(report);
}
