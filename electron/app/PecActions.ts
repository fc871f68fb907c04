/**
 * Prepara per la PEC (issue 15): the app's side of `pec:check` and `pec:profiles`, over the same engine as
 * `sigla pec check` (io/pec/checkPecFiles.ts). Findings come back in the app's language (i18n/pecFindings.ts), by
 * document id: the renderer never sees a path.
 */
import { checkPecFiles } from '../io/pec/checkPecFiles.js';
import { pecProfiles } from '../io/pec/pecProfiles.js';
import { SiglaError, type ErrorCode } from '../shared/errors.js';
import { describeError } from '../shared/i18n/messages.js';
import type { Lang } from '../shared/i18n/locale.js';
import { pecFindingText } from '../shared/i18n/pecFindings.js';
import type { ResultOf } from '../shared/ipc/contract.js';

export function pecProfileList(env: NodeJS.ProcessEnv, lang: Lang): ResultOf<'pec:profiles'> {
  return pecProfiles(env).map((p) => ({ name: p.name, title: p.title[lang] }));
}

/** The check of `documents` (id and path, in the user's order), `main` the main document's id if chosen. */
export async function checkPecDocuments(documents: readonly { id: string; path: string }[], main: string | undefined, profile: string | undefined, env: NodeJS.ProcessEnv, lang: Lang): Promise<ResultOf<'pec:check'>> {
  const files = documents.map((d) => (main === undefined ? { path: d.path } : { path: d.path, role: d.id === main ? ('main' as const) : ('attachment' as const) }));
  const r = await checkPecFiles(files, { env, ...(profile !== undefined ? { profile } : {}) });
  return {
    ok: r.ok,
    profile: r.profile,
    totalSize: r.totalSize,
    maxTotalBytes: r.maxTotalBytes,
    files: r.files.map((f, i) => ({
      document: documents[i]?.id ?? '',
      name: f.name,
      role: f.role,
      type: f.type ?? 'unknown',
      signed: f.signed,
      findings: f.findings.map((x) => ({ code: x.code, severity: x.severity, ...pecFindingText(x, lang) })),
      ...(f.error ? { error: { code: f.error.code, message: describeError(new SiglaError(f.error.code as ErrorCode, f.error.code, { params: f.error.params }), lang, 'app') } } : {}),
    })),
  };
}
