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
import { cliText } from '../../shared/i18n/cliText.js';

export interface PinArgs {
  readonly op: string | undefined;
  readonly module?: string;
  readonly token?: string;
  readonly allowFinalTry: boolean;
  readonly json: boolean;
  readonly lang: Lang;
  readonly pins: PinSource;
}

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
    const key = ({ check: 'pinCheck', change: 'pinChange', unblock: 'pinUnblock' } as const)[op];
    process.stdout.write(`${cliText(key, a.lang, { token: result.token, pin: st[result.userPin] ?? result.userPin, so: st[result.soPin] ?? result.soPin })}\n`);
  }
  return 0;
}
