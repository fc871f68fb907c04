/**
 * PINs from the window: main (or the harness) asks the renderer with a `pin:request` event and waits for its
 * `pin:respond`. The PIN string lives only until it is copied into the Buffer the login zeroes. A login on a pinpad
 * reader is shown with `pin:pinpad` events (active, then not), which the window answers with nothing.
 */
import { SiglaError } from '../shared/errors.js';
import type { EventOf } from '../shared/ipc/contract.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { PinRule } from '../token/pkcs11/pinFormat.js';
import type { PinpadPrompt, PinRequest, PinSource } from '../token/PinSource.js';

interface Waiter {
  resolve(r: { pin?: string; confirmed?: boolean; cancel?: boolean }): void;
}

/** Why a PIN is asked again: the one typed before was wrong, or not of the token's form (no try spent). */
export type RetryReason = 'PIN_INCORRECT' | 'PIN_FORMAT';

/** Kinds of request that a retry note applies to: the user PIN typed to log in or to prove it. */
const RETRYABLE = new Set(['user', 'context', 'current']);

function ruleForWindow(r: PinRule): NonNullable<EventOf<'pin:request'>['rule']> {
  return { minLength: r.minLength, digitsOnly: r.digitsOnly, ...(r.maxLength !== undefined ? { maxLength: r.maxLength } : {}), ...(r.exactLengths ? { exactLengths: [...r.exactLengths] } : {}) };
}

export class GuiPinSource implements PinSource {
  private next = 1;
  private readonly waiting = new Map<number, Waiter>();
  /** Per token label: the next PIN request says the previous PIN was wrong (set by a retry loop, never a PIN). */
  private readonly retryNotes = new Map<string, RetryReason>();

  constructor(
    private readonly emit: (payload: EventOf<'pin:request'>) => void,
    /** The app's language now (it can change in Impostazioni), or a fixed one. */
    private readonly lang: Lang | (() => Lang),
    private readonly emitPinpad: (payload: EventOf<'pin:pinpad'>) => void = () => undefined,
  ) {}

  private language(): Lang {
    return typeof this.lang === 'function' ? this.lang() : this.lang;
  }

  respond(r: { requestId: number; pin?: string | undefined; confirmed?: boolean | undefined; cancel?: boolean | undefined }): void {
    const w = this.waiting.get(r.requestId);
    if (!w) return;
    this.waiting.delete(r.requestId);
    w.resolve({ ...(r.pin !== undefined ? { pin: r.pin } : {}), ...(r.confirmed !== undefined ? { confirmed: r.confirmed } : {}), ...(r.cancel ? { cancel: true } : {}) });
  }

  /**
   * The next PIN request for `tokenLabel` tells the user that the PIN they typed was wrong (the dialog shows it with
   * the token's new state). Nothing of the old PIN is kept: the user types a new one.
   */
  noteRetry(tokenLabel: string, reason: RetryReason): void {
    this.retryNotes.set(tokenLabel, reason);
  }

  clearRetry(tokenLabel: string): void {
    this.retryNotes.delete(tokenLabel);
  }

  cancelAll(): void {
    for (const [id] of this.waiting) this.respond({ requestId: id, cancel: true });
  }

  private ask(request: PinRequest, confirm: boolean): Promise<{ pin?: string; confirmed?: boolean; cancel?: boolean }> {
    const requestId = this.next++;
    const retryAfter = RETRYABLE.has(request.kind) ? this.retryNotes.get(request.tokenLabel) : undefined;
    // Said once, on the request for the PIN itself (a final-try question before it shows it too).
    if (retryAfter && !confirm) this.retryNotes.delete(request.tokenLabel);
    return new Promise((resolve) => {
      this.waiting.set(requestId, { resolve });
      this.emit({
        requestId,
        tokenLabel: request.tokenLabel,
        state: request.state,
        kind: request.kind,
        confirm,
        ...(request.pukWarning ? { pukWarning: request.pukWarning[this.language()] } : {}),
        ...(request.pukLockedMeans ? { pukLockedMeans: request.pukLockedMeans } : {}),
        ...(request.rule ? { rule: ruleForWindow(request.rule) } : {}),
        ...(retryAfter ? { retryAfter } : {}),
      });
    });
  }

  async pin(request: PinRequest): Promise<Buffer> {
    const r = await this.ask(request, false);
    if (r.cancel || r.pin === undefined) throw new SiglaError('CANCELLED', 'cancelled in the PIN dialog');
    return Buffer.from(r.pin, 'utf8');
  }

  async confirmFinalTry(request: PinRequest): Promise<boolean> {
    const r = await this.ask(request, true);
    return r.confirmed === true && !r.cancel;
  }

  /**
   * The window shows "type the PIN on the reader" until `end`: C_Login cannot be interrupted from here, so there is
   * nothing to answer; the reader's own Cancel key ends the login (CANCELLED).
   */
  pinpad(request: PinRequest): Promise<PinpadPrompt> {
    const requestId = this.next++;
    // After a wrong PIN on the reader the app's retry loop logs in again: the notice says why (said once).
    const retried = RETRYABLE.has(request.kind) && this.retryNotes.get(request.tokenLabel) === 'PIN_INCORRECT';
    if (retried) this.retryNotes.delete(request.tokenLabel);
    const payload = {
      requestId,
      tokenLabel: request.tokenLabel,
      state: request.state,
      kind: request.kind === 'context' ? ('context' as const) : ('user' as const),
      ...(retried ? { retryAfter: 'PIN_INCORRECT' as const } : {}),
    };
    this.emitPinpad({ ...payload, active: true });
    let ended = false;
    return Promise.resolve({
      end: () => {
        if (ended) return;
        ended = true;
        this.emitPinpad({ ...payload, active: false });
      },
    });
  }
}
