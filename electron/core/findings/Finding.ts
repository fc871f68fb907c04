/**
 * A fact a verification report states about a signature or a file (a problem or a warning), as a code with
 * parameters. Texts are in one place (shared/i18n/findings.ts); reports carry only codes and values, so an Italian
 * report has no English sentence in it. Times in params are ISO 8601 (UTC); whoever prints turns them into local
 * time (params named `time` or ending in `At`/`Time`).
 */

import type { FindingCode } from '../../shared/findingCodes.js';

export { FINDING_CODES, type FindingCode } from '../../shared/findingCodes.js';

export type FindingParams = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly code: FindingCode;
  readonly params: FindingParams;
  /** The user's text for it, filled in by whoever shows the report to a user (`localizeReport`); never in JSON of the engine. */
  readonly message?: string;
}

export function finding(code: FindingCode, params: FindingParams = {}): Finding {
  return { code, params };
}

/** Same code and same params: the same fact (a warning reported twice by two layers is shown once). */
export function sameFinding(a: Finding, b: Finding): boolean {
  const ka = Object.keys(a.params);
  return a.code === b.code && ka.length === Object.keys(b.params).length && ka.every((k) => a.params[k] === b.params[k]);
}
