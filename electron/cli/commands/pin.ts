/**
 * `sigla pin check|change|unblock`: PIN and PUK operations with the same safety rules as signing (nothing is tried
 * on a locked PIN/PUK; the final try needs consent; PINs only from the prompt or stdin lines).
 * `change --stdin`: current PIN, new PIN. `unblock --stdin`: PUK, new PIN. `check --pin-stdin`: PIN.
 */
import type { Lang } from '../../shared/i18n/locale.js';
import { PIN_STATE_TEXT } from '../../shared/i18n/messages.js';
import type { PinSource } from '../../token/PinSource.js';
import { withTokenHost } from '../tokenHost.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface PinArgs {
  readonly op: string | undefined;
  readonly module?: string;
  readonly token?: string;
  readonly allowFinalTry: boolean;
  readonly json: boolean;
  readonly lang: Lang;
  readonly pins: PinSource;
}

const DONE = {
  it: { check: 'PIN corretto', change: 'PIN cambiato', unblock: 'PIN sbloccato e impostato' },
  en: { check: 'PIN correct', change: 'PIN changed', unblock: 'PIN unblocked and set' },
} as const;

export async function runPin(a: PinArgs): Promise<number> {
  const op = a.op;
  if (op !== 'check' && op !== 'change' && op !== 'unblock') {
    throw usageError('pinOp');
  }
  const result = await withTokenHost(a.pins, (h) =>
    h.call('pin', { op, allowFinalTry: a.allowFinalTry, ...(a.module !== undefined ? { module: a.module } : {}), ...(a.token !== undefined ? { token: a.token } : {}) }),
  );
  if (a.json) process.stdout.write(JSON.stringify({ ok: true, op, ...result }, null, 2) + '\n');
  else {
    const st = PIN_STATE_TEXT[a.lang];
    process.stdout.write(`${DONE[a.lang][op]} ("${result.token}"). PIN: ${st[result.userPin] ?? result.userPin}, PUK/SO: ${st[result.soPin] ?? result.soPin}\n`);
  }
  return 0;
}
