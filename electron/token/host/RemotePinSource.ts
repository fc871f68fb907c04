/**
 * The host's PinSource: every PIN request goes to the caller (which prompts on its terminal or in its window) and
 * waits for the answer. The PIN arrives as bytes in a `pinReply` and is handed over as a Buffer the login code
 * zeroes after use. A pinpad login is announced with `pinpad` messages (start, then end) and carries no PIN.
 */
import { SiglaError } from '../../shared/errors.js';
import type { PinpadPrompt, PinRequest, PinSource } from '../PinSource.js';
import { deserializeError, type FromHost, type ToHost } from './protocol.js';

type Reply = Extract<ToHost, { type: 'pinReply' }>;
type Shown = Extract<ToHost, { type: 'pinpadShown' }>;

export class RemotePinSource implements PinSource {
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private readonly shownWaiting = new Map<number, (r: Shown) => void>();

  constructor(private readonly send: (m: FromHost) => void) {}

  /** Called by the host's message loop with each `pinReply`. */
  deliver(reply: Reply): void {
    const w = this.waiting.get(reply.id);
    if (!w) {
      if (reply.pin) new Uint8Array(reply.pin.buffer, reply.pin.byteOffset, reply.pin.byteLength).fill(0);
      return;
    }
    this.waiting.delete(reply.id);
    w(reply);
  }

  /** Called by the host's message loop with each `pinpadShown`. */
  deliverShown(shown: Shown): void {
    const w = this.shownWaiting.get(shown.id);
    if (!w) return;
    this.shownWaiting.delete(shown.id);
    w(shown);
  }

  /** The caller went away: every pending prompt is cancelled. */
  cancelAll(): void {
    for (const [id, w] of this.waiting) w({ type: 'pinReply', id, error: { code: 'CANCELLED', message: 'caller gone', params: {} } });
    this.waiting.clear();
    for (const [id, w] of this.shownWaiting) w({ type: 'pinpadShown', id, error: { code: 'CANCELLED', message: 'caller gone', params: {} } });
    this.shownWaiting.clear();
  }

  private ask(request: PinRequest, confirm: boolean): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.send({ type: 'pin', id, request, confirm });
    });
  }

  async pin(request: PinRequest): Promise<Buffer> {
    const r = await this.ask(request, false);
    if (r.error) throw deserializeError(r.error);
    if (!r.pin) throw new SiglaError('CANCELLED', 'no PIN given');
    const view = new Uint8Array(r.pin.buffer, r.pin.byteOffset, r.pin.byteLength);
    const pin = Buffer.from(view);
    view.fill(0);
    return pin;
  }

  async confirmFinalTry(request: PinRequest): Promise<boolean> {
    const r = await this.ask(request, true);
    if (r.error) throw deserializeError(r.error);
    return r.confirmed === true;
  }

  /**
   * Tells the caller that the reader waits for the PIN and waits for its `pinpadShown`: C_Login will block this
   * process, so the notice must have left before it. A caller that could not tell the user (it went away) stops the
   * login before it starts.
   */
  async pinpad(request: PinRequest): Promise<PinpadPrompt> {
    const id = this.nextId++;
    const shown = await new Promise<Shown>((resolve) => {
      this.shownWaiting.set(id, resolve);
      this.send({ type: 'pinpad', id, request, phase: 'start' });
    });
    if (shown.error) throw deserializeError(shown.error);
    let ended = false;
    return {
      end: () => {
        if (ended) return;
        ended = true;
        this.send({ type: 'pinpad', id, request, phase: 'end' });
      },
    };
  }
}
