/**
 * Hot-plug for the app: asks the token host to poll its modules' slots (SlotWatcher, `watchStart`) so that
 * `tokens:changed` events reach the window when a token is inserted or removed or its PIN state changes. Started
 * with the app; if no module could be loaded yet (nothing installed, a broken module) it is tried again the next
 * time the device list is read. The host stops polling when it shuts down.
 */
import type { TokenHostClient } from '../token/host/TokenHostClient.js';

/** Often enough that a token plugged in shows within a couple of seconds; cheap (C_GetSlotList, C_GetTokenInfo). */
export const SLOT_WATCH_INTERVAL_MS = 1500;

export class SlotWatch {
  private started: Promise<boolean> | undefined;

  constructor(
    private readonly host: Pick<TokenHostClient, 'call'>,
    private readonly intervalMs = SLOT_WATCH_INTERVAL_MS,
  ) {}

  /** Starts polling unless it already runs (or is starting); resolves to whether it runs. Never throws. */
  ensure(): Promise<boolean> {
    if (!this.started) {
      const attempt = this.host.call('watchStart', { intervalMs: this.intervalMs }).then(
        () => true,
        () => false,
      );
      this.started = attempt;
      void attempt.then((ok) => {
        if (!ok && this.started === attempt) this.started = undefined;
      });
    }
    return this.started;
  }
}
