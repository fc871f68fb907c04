/**
 * A fact a verification report states about a signature or a file (a problem or a warning), as a code with
 * parameters. Texts are in one place (shared/i18n); reports carry only codes and values, so an Italian report has
 * no English sentence in it. Times in params are ISO 8601 (UTC); whoever prints turns them into local time.
 */
export interface Finding {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export function finding(code: string, params: Readonly<Record<string, string | number>> = {}): Finding {
  return { code, params };
}
