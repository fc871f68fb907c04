/**
 * PINs from the window: main (or the harness) asks the renderer with a `pin:request` event and waits for its
 * `pin:respond`. The PIN string lives only until it is copied into the Buffer the login zeroes.
 */
import { SiglaError } from '../shared/errors.js';
import type { EventOf } from '../shared/ipc/contract.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { PinRequest, PinSource } from '../token/PinSource.js';

interface Waiter {
  resolve(r: { pin?: string; confirmed?: boolean; cancel?: boolean }): void;
}

export class GuiPinSource implements PinSource {
  private next = 1;
  private readonly waiting = new Map<number, Waiter>();

  constructor(
    private readonly emit: (payload: EventOf<'pin:request'>) => void,
    private readonly lang: Lang,
  ) {}

  respond(r: { requestId: number; pin?: string | undefined; confirmed?: boolean | undefined; cancel?: boolean | undefined }): void {
    const w = this.waiting.get(r.requestId);
    if (!w) return;
    this.waiting.delete(r.requestId);
    w.resolve({ ...(r.pin !== undefined ? { pin: r.pin } : {}), ...(r.confirmed !== undefined ? { confirmed: r.confirmed } : {}), ...(r.cancel ? { cancel: true } : {}) });
  }

  cancelAll(): void {
    for (const [id] of this.waiting) this.respond({ requestId: id, cancel: true });
  }

  private ask(request: PinRequest, confirm: boolean): Promise<{ pin?: string; confirmed?: boolean; cancel?: boolean }> {
    const requestId = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(requestId, { resolve });
      this.emit({
        requestId,
        tokenLabel: request.tokenLabel,
        state: request.state,
        kind: request.kind,
        confirm,
        ...(request.pukWarning ? { pukWarning: request.pukWarning[this.lang] } : {}),
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
}
