/**
 * How the `sigla` command reports a failure that ends it: a localized line on stderr and, with `--json`, the same
 * outcome as JSON on stdout — `{"error": {"code", "exit", "message"}}`, plus `results` (one entry per file: signed or
 * not, and why) when a batch was planned before it stopped. One shape for usage errors, a wrong or locked PIN, a
 * TSA failure, an existing output, a signal…
 */
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';

/**
 * The text of a coded error, from the one catalog (shared/i18n/messages.ts), loaded at the first error: a command
 * that succeeds prints no catalog text and does not pay for loading it (~5 ms of a signature's start-up).
 */
export function describeError(err: SiglaError, lang: Lang): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load (see above)
  return (require('../shared/i18n/messages.js') as typeof import('../shared/i18n/messages.js')).describeError(err, lang);
}

/** Per-file results of a batch that stopped with an error, kept beside the error until it is reported. */
const batchResults = new WeakMap<SiglaError, readonly unknown[]>();

/** Attaches the per-file results of the batch `err` stopped; returns `err` (to rethrow). */
export function withBatchResults(err: SiglaError, results: readonly unknown[]): SiglaError {
  batchResults.set(err, results);
  return err;
}

/** Reports `err` (stderr text; with `json`, the JSON outcome on stdout); returns the exit code. */
export function reportFailure(err: SiglaError, lang: Lang, json: boolean): number {
  const message = describeError(err, lang);
  process.stderr.write(`sigla: ${message}\n`);
  if (json) {
    const results = batchResults.get(err);
    const outcome = { error: { code: err.code, exit: err.exitCode, message }, ...(results ? { results } : {}) };
    process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
  }
  return err.exitCode;
}
