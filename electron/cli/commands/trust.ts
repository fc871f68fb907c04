/**
 * `sigla trust update [--lotl URL] [--lotl-signers PEM_OR_DIR] [--json]`, `sigla trust import FILE… [--signers
 * PEM_OR_DIR] [--json]`, `sigla trust status [--json]`: the trusted lists (ETSI TS 119 612) Sigla verifies with,
 * cached in the data folder (io/trustedLists) and shared with the app.
 *
 * Exit codes: 0 every list fetched/imported was accepted (or, for `status`, always 0); 8 a list was refused (its
 * signature does not verify, its signer is not allowed, it is not a list, it is older than the one in use) — the
 * copy in use stays; 14 a list could not be downloaded (network, HTTP status, size or time limit) — the copy in use
 * stays; 2 usage. With both refusals and download failures, 8.
 */
import { certificatesAt } from '../../io/certificateFiles.js';
import { importTrustLists, trustListsStatus, updateTrustLists, type TrustListState, type TrustListsStatus } from '../../io/trustedLists/index.js';
import { EXIT } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { formatTime } from '../../shared/i18n/findings.js';
import { trustText } from '../../shared/i18n/messages.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface TrustArgs {
  readonly op: string | undefined;
  readonly files: readonly string[];
  readonly lotl?: string;
  readonly lotlSigners?: string;
  readonly signers?: string;
  readonly json: boolean;
  readonly lang: Lang;
}

/** Italian local time, as a clerk reads it (the report's one format); JSON keeps ISO. */
function localTime(iso: string | undefined, lang: Lang): string {
  return iso ? formatTime(iso, lang) : trustText('never', lang);
}

function listLine(l: TrustListState, lang: Lang): string {
  const t = (k: string, p?: Record<string, string | number>): string => trustText(k, lang, p);
  const name = l.isLotl ? t('lotl') : t('territory', { territory: l.territory });
  const verdict = l.valid ? (l.stale ? t('stale', { days: l.daysPastNextUpdate ?? 0 }) : t('valid')) : l.error === 'TL_DOWNLOAD' ? t('notDownloaded', { reason: l.reason ?? '' }) : t('refused', { reason: l.reason ?? '' });
  const lines = [`${name}: ${verdict}`];
  const facts: string[] = [];
  if (l.sequenceNumber !== undefined) facts.push(`${t('sequence')} ${l.sequenceNumber}`);
  if (l.issued) facts.push(`${t('issued')} ${localTime(l.issued, lang)}`);
  if (l.valid) facts.push(`${t('nextUpdate')} ${localTime(l.nextUpdate, lang)}`);
  if (l.services !== undefined) facts.push(`${t('services')} ${l.services}`);
  if (facts.length) lines.push(`  ${facts.join(' · ')}`);
  lines.push(`  ${t('source')}: ${l.source}${l.fetchedAt ? ` · ${t('fetchedAt')} ${localTime(l.fetchedAt, lang)}` : ''}`);
  if (!l.valid && l.inUseSequenceNumber !== undefined) lines.push(`  ${t('stillInUse', { sequence: l.inUseSequenceNumber })}`);
  return lines.join('\n');
}

function statusText(st: TrustListsStatus, lang: Lang): string {
  const t = (k: string): string => trustText(k, lang);
  const head = `${t('heading')}\n${t('lastUpdate')}: ${localTime(st.lastUpdate, lang)} · ${t('lastAttempt')}: ${localTime(st.lastAttempt, lang)}\n`;
  if (st.lists.length === 0) return `${head}${t('none')}\n`;
  return `${head}\n${st.lists.map((l) => listLine(l, lang)).join('\n')}\n`;
}

/** The exit code of an update or import: 8 when a list of this run was refused, 14 when one was not downloaded. */
function outcomeExit(st: TrustListsStatus, since: Date): number {
  const failed = st.lists.filter((l) => !l.valid && l.fetchedAt && new Date(l.fetchedAt).getTime() >= since.getTime());
  if (failed.some((l) => l.error === 'TL_REFUSED')) return EXIT.BAD_INPUT;
  if (failed.some((l) => l.error === 'TL_DOWNLOAD')) return EXIT.TL_DOWNLOAD;
  return EXIT.OK;
}

function print(st: TrustListsStatus, json: boolean, lang: Lang, summary?: string): void {
  if (json) process.stdout.write(JSON.stringify(st, null, 2) + '\n');
  else process.stdout.write(`${summary ? `${summary}\n\n` : ''}${statusText(st, lang)}`);
}

export async function runTrust(a: TrustArgs): Promise<number> {
  switch (a.op) {
    case 'status':
      if (a.files.length > 0) throw usageError('trustNoArgs', { op: 'status' });
      print(trustListsStatus(), a.json, a.lang);
      return EXIT.OK;
    case 'update': {
      if (a.files.length > 0) throw usageError('trustNoArgs', { op: 'update' });
      const lotlSigners = a.lotlSigners !== undefined ? certificatesAt(a.lotlSigners) : undefined;
      if (lotlSigners && lotlSigners.length === 0) throw usageError('signersEmpty', { option: '--lotl-signers' });
      // This run's refusals only: one recorded by a run that ended a moment ago is not this run's (it made a good
      // import right after a refused one exit 8).
      const since = new Date();
      const st = await updateTrustLists({ ...(a.lotl ? { lotlUrl: a.lotl } : {}), ...(lotlSigners ? { lotlSigners } : {}) });
      const runFailed = st.lists.filter((l) => !l.valid && l.fetchedAt && new Date(l.fetchedAt).getTime() >= since.getTime()).length;
      print(st, a.json, a.lang, trustText('updated', a.lang, { valid: st.lists.filter((l) => l.valid).length, failed: runFailed }));
      return outcomeExit(st, since);
    }
    case 'import': {
      if (a.files.length === 0) throw usageError('trustImportNoFile');
      const signers = a.signers !== undefined ? certificatesAt(a.signers) : undefined;
      if (signers && signers.length === 0) throw usageError('signersEmpty', { option: '--signers' });
      // This run's refusals only: one recorded by a run that ended a moment ago is not this run's (it made a good
      // import right after a refused one exit 8).
      const since = new Date();
      const st = importTrustLists(a.files, signers);
      const failed = st.lists.filter((l) => !l.valid && l.fetchedAt && new Date(l.fetchedAt).getTime() >= since.getTime()).length;
      print(st, a.json, a.lang, trustText('imported', a.lang, { count: a.files.length - failed, failed }));
      return outcomeExit(st, since);
    }
    default:
      throw usageError('trustOp');
  }
}
