/**
 * `sigla extend FILE… --level B-T|B-LT|B-LTA [--tsa URL [--tsa-user U]] [--out PATH | --out-dir DIR] [--force]
 * [--json]`: every signature of each file (made by anyone) raised to the level asked (ETSI EN 319 142-1 §5.3–§5.5),
 * the input never modified — a new file beside it (`NAME-esteso.pdf`, io/outputNames.ts) or the path asked,
 * written atomically; exit 9 when it exists without --force, exit 2 when it is an input. The work is the engine's
 * (io/ltv/extendFile.ts), shared with Verifica's "Estendi la firma". A .p7m/.p7s is refused (exit 2) until CAdES
 * extension is connected (io/signing/cadesLongTerm.ts).
 */
import type { ExtendLevel, LongTermResult } from '../../core/pades/longTermPdf.js';
import { asSiglaError, worstExit } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { describeError } from '../../shared/i18n/messages.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';
import { extendFile, isExtendLevel, planExtend, type ExtendJob } from '../../io/ltv/extendFile.js';
import { checkTsaRoute, tsaAccount, type TsaArgs } from '../tsaAccount.js';

export interface ExtendArgs extends TsaArgs {
  readonly files: readonly string[];
  readonly level?: string;
  readonly out?: string;
  readonly outDir?: string;
  readonly force: boolean;
  readonly json: boolean;
  readonly lang: Lang;
}

interface ExtendOutcome {
  readonly file: string;
  readonly ok: boolean;
  readonly output?: string;
  readonly level?: ExtendLevel;
  readonly added?: { readonly dss: boolean; readonly documentTimestamp: boolean; readonly signatures: number; readonly gathered: number };
  readonly error?: { readonly code: string; readonly message: string };
}

function addedOf(r: LongTermResult | undefined): ExtendOutcome['added'] {
  return r ? { dss: r.dss, documentTimestamp: r.documentTimestamp, signatures: r.signatures, gathered: r.gathered } : undefined;
}

export async function runExtend(a: ExtendArgs): Promise<number> {
  if (a.files.length === 0) throw usageError('extendNoFile');
  if (!isExtendLevel(a.level)) throw usageError('extendLevel');
  const level = a.level;
  if (a.out !== undefined && a.files.length > 1) throw usageError('outOne');
  if (a.out !== undefined && a.outDir !== undefined) throw usageError('outAndOutDir');
  const account = tsaAccount(a);
  if ((level === 'B-T' || level === 'B-LTA') && !account) throw usageError('levelNeedsTsa', { level });
  if (account) checkTsaRoute(account, a.lang);
  // Every file's output is checked before any network use: a refusal costs nothing.
  const jobs: ExtendJob[] = a.files.map((input) =>
    planExtend(input, { ...(a.out !== undefined ? { out: a.out } : {}), ...(a.outDir !== undefined ? { outDir: a.outDir } : {}), existing: a.force ? 'replace' : 'refuse', inputs: a.files }),
  );
  const timestamper = account ? (await import('../../net/TsaClient.js')).tsaTimestamper(account) : undefined;
  const validationData = level === 'B-T' ? undefined : (await import('../../io/ltv/networkValidationData.js')).networkValidationData();
  const outcomes: ExtendOutcome[] = [];
  const exits: number[] = [];
  for (const job of jobs) {
    try {
      const r = await extendFile(job, { level, hash: 'sha256', ...(timestamper ? { timestamper } : {}), ...(validationData ? { validationData } : {}) });
      const added = addedOf(r);
      outcomes.push({ file: job.input, ok: true, output: job.output, level, ...(added ? { added } : {}) });
      exits.push(0);
    } catch (e) {
      const err = asSiglaError(e);
      if (err.code === 'INTERNAL' && process.env['SIGLA_DEBUG']) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      outcomes.push({ file: job.input, ok: false, error: { code: err.code, message: describeError(err, a.lang) } });
      exits.push(err.exitCode);
    }
  }
  if (a.json) process.stdout.write(JSON.stringify(outcomes.length === 1 ? outcomes[0] : outcomes, null, 2) + '\n');
  else {
    for (const o of outcomes) {
      if (o.ok) process.stdout.write(`${cliText('extended', a.lang, { file: o.file, output: o.output ?? '', level })}\n`);
      else process.stderr.write(`${cliText('notExtended', a.lang, { file: o.file, reason: o.error?.message ?? '' })}\n`);
    }
  }
  return worstExit(exits);
}
