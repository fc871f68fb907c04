/**
 * `sigla watch`: prints tokens as they are inserted, removed or change PIN state, until interrupted (Ctrl-C).
 * `--json` prints one JSON object per line.
 */
import type { Lang } from '../../shared/i18n/locale.js';
import { PIN_STATE_TEXT } from '../../shared/i18n/messages.js';
import type { SlotEvent, TokenSummary } from '../../token/host/protocol.js';
import { TokenHostClient } from '../../token/host/TokenHostClient.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';
import { formatTime } from '../../shared/i18n/findings.js';

export interface WatchArgs {
  readonly module?: string;
  readonly intervalMs: number;
  readonly json: boolean;
  readonly lang: Lang;
}

const EVENT = { present: 'watchPresent', inserted: 'watchInserted', removed: 'watchRemoved', changed: 'watchChanged' } as const;

export async function runWatch(a: WatchArgs): Promise<number> {
  if (!Number.isFinite(a.intervalMs) || a.intervalMs < 100) throw usageError('interval');
  const host = TokenHostClient.start(null);
  const line = (type: keyof typeof EVENT, t: TokenSummary, at: string): void => {
    if (a.json) process.stdout.write(JSON.stringify({ type, at, token: t }) + '\n');
    else process.stdout.write(`${cliText('watchLine', a.lang, { time: formatTime(at, a.lang), event: cliText(EVENT[type], a.lang), label: t.label, module: t.module, pin: PIN_STATE_TEXT[a.lang][t.userPin] ?? t.userPin })}\n`);
  };
  host.onEvent((e: SlotEvent) => line(e.type, e.token, e.at));
  const present = await host.call('watchStart', { intervalMs: a.intervalMs, ...(a.module !== undefined ? { module: a.module } : {}) });
  const at = new Date().toISOString();
  for (const t of present) line('present', t, at);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await host.close();
  return 0;
}
