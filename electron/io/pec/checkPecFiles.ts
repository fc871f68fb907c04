/**
 * `sigla pec check` and the app's "Prepara per la PEC" (issue 15): the files of one PEC message → what the receiving
 * office would reject or question, by the rules of a profile (core/pec/pecRules.ts, io/pec/pecProfiles.ts).
 * Also called by `sigla pdfa` on its output.
 *
 * Roles: a file may be given as `main` or `attachment`; the files without a role are attachments when some file is
 * `main`, else the first of them is the main document. Verification: the trust anchors given, the app's trust store
 * (data folder `trust/`) and the trusted lists in use; online (revocation, CA issuers, a due refresh of the lists)
 * unless `offline`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileFacts, PecRole } from '../../core/pec/FileFacts.js';
import type { PecFinding } from '../../core/pec/PecFinding.js';
import type { PecProfile } from '../../core/pec/PecProfile.js';
import { checkPec } from '../../core/pec/pecRules.js';
import type { VerifyOptions } from '../../core/verify/verifyFile.js';
import { issuerFetcher } from '../../net/CaIssuersClient.js';
import { revocationChecker } from '../../net/RevocationClient.js';
import { asSiglaError, EXIT } from '../../shared/errors.js';
import { certificatesAt } from '../certificateFiles.js';
import { contentBesideFinder } from '../contentBeside.js';
import { dataDir } from '../dataDir.js';
import { readSettings } from '../Settings.js';
import { listedServices, refreshTrustListsIfDue } from '../trustedLists/index.js';
import { fileFacts } from './fileFacts.js';
import { loadPecProfile } from './pecProfiles.js';

export interface PecInputFile {
  readonly path: string;
  readonly role?: PecRole;
}

export interface PecCheckOptions {
  /** A profile, or the name of one (shipped or the user's); default `agid`. */
  readonly profile?: string | PecProfile;
  /** The PEC box limit; default the setting `pecMaxMegabytes` (30 MB). The profile's own limit wins. */
  readonly maxTotalBytes?: number;
  /** Trust anchors: PEM/DER files or folders, besides the app's trust store. */
  readonly trust?: readonly string[];
  /** No network: no revocation checks, no download of CA certificates or trusted lists. */
  readonly offline?: boolean;
  /** The environment (data folder, proxy): the app passes its network environment. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface PecFileReport {
  readonly file: string;
  readonly name: string;
  readonly role: PecRole;
  readonly size: number;
  /** The document's type by content (inside its envelopes); undefined when the file could not be read. */
  readonly type?: FileFacts['type'];
  readonly envelopes?: readonly string[];
  readonly signed: boolean;
  /** Empty when `error` is set. */
  readonly findings: readonly PecFinding[];
  /** The file could not be read at all (exit 8): the coded error. */
  readonly error?: { readonly code: string; readonly params: Readonly<Record<string, string | number>> };
}

export interface PecReport {
  /** True when nothing blocks and every file could be read. */
  readonly ok: boolean;
  readonly profile: string;
  readonly totalSize: number;
  readonly maxTotalBytes: number;
  readonly files: readonly PecFileReport[];
}

function roles(files: readonly PecInputFile[]): { role: PecRole; roleGiven: boolean }[] {
  const hasMain = files.some((f) => f.role === 'main');
  return files.map((f, i) => (f.role !== undefined ? { role: f.role, roleGiven: true } : { role: !hasMain && i === 0 ? 'main' : 'attachment', roleGiven: false }));
}

async function policy(o: PecCheckOptions): Promise<VerifyOptions> {
  const env = o.env ?? process.env;
  const store = join(dataDir(env), 'trust');
  const anchors = [...(o.trust ?? []), ...(existsSync(store) ? [store] : [])].flatMap((t) => certificatesAt(t));
  if (!o.offline) await refreshTrustListsIfDue(env);
  return { anchors, services: listedServices(env), ...(o.offline ? {} : { revocation: revocationChecker(env), fetchIssuers: issuerFetcher(env) }) };
}

export async function checkPecFiles(files: readonly PecInputFile[], options: PecCheckOptions = {}): Promise<PecReport> {
  const profile = typeof options.profile === 'object' ? options.profile : loadPecProfile(options.profile, options.env);
  const verify = await policy(options);
  const given = roles(files);
  const facts: (FileFacts | { error: PecFileReport['error']; file: string; size: number })[] = [];
  for (const [i, f] of files.entries()) {
    const r = given[i] ?? { role: 'attachment', roleGiven: false };
    try {
      facts.push(await fileFacts(f.path, { ...r, verify: { ...verify, findContent: contentBesideFinder(f.path) } }));
    } catch (e) {
      const err = asSiglaError(e);
      if (err.code === 'INTERNAL') throw err;
      facts.push({ file: f.path, size: 0, error: { code: err.code, params: err.params } });
    }
  }
  const readable = facts.filter((f): f is FileFacts => !('error' in f));
  const maxTotalBytes = options.maxTotalBytes ?? readSettings(options.env ?? process.env).pecMaxMegabytes * 1_000_000;
  const result = checkPec(readable, profile, { maxTotalBytes });
  const byFacts = new Map(result.files.map((r) => [r.facts, r.findings]));
  const reports = facts.map((f, i): PecFileReport => {
    const role = given[i]?.role ?? 'attachment';
    const name = f.file.split(/[\\/]/).pop() ?? f.file;
    if ('error' in f) return { file: f.file, name, role, size: 0, signed: false, findings: [], ...(f.error ? { error: f.error } : {}) };
    return { file: f.file, name: f.name, role, size: f.size, type: f.type, envelopes: f.envelopes, signed: f.signature !== undefined, findings: byFacts.get(f) ?? [] };
  });
  return { ok: result.ok && reports.every((r) => r.error === undefined), profile: profile.name, totalSize: result.totalSize, maxTotalBytes: result.maxTotalBytes, files: reports };
}

/** The exit code of a report (shared/ACCEPTANCE.md): 8 when a file could not be read, 13 when something blocks. */
export function pecExitCode(r: PecReport): number {
  if (r.files.some((f) => f.error !== undefined)) return EXIT.BAD_INPUT;
  return r.ok ? EXIT.OK : EXIT.PEC_BLOCKED;
}
