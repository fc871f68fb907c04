/**
 * Hot-plug: notices tokens inserted, removed or changed (PIN state) by polling. Each round drains
 * C_WaitForSlotEvent(CKF_DONT_BLOCK) (PKCS#11 v2.40 §5.5; modules that lack it are fine) and re-lists the slots; a
 * module whose profile says so is re-initialised first when none of its sessions is open, so that it sees new
 * readers. Polling, not a blocking C_WaitForSlotEvent, keeps the host responsive and works with every module.
 */
import * as pkcs11 from 'pkcs11js';
import type { SlotEvent, TokenSummary } from './host/protocol.js';
import type { Pkcs11Module } from './pkcs11/Pkcs11Module.js';
import { tokenSummary } from './tokenListing.js';

const keyOf = (t: TokenSummary): string => `${t.module}#${t.slotId}#${t.serial}#${t.label}`;

export class SlotWatcher {
  private known = new Map<string, TokenSummary>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly modules: () => readonly Pkcs11Module[],
    private readonly busy: (m: Pkcs11Module) => boolean,
    private readonly emit: (e: SlotEvent) => void,
  ) {}

  /** Starts polling; returns the tokens present now (no events for them). */
  start(intervalMs: number): TokenSummary[] {
    this.stop();
    const now = this.scan();
    this.known = new Map(now.map((t) => [keyOf(t), t]));
    this.timer = setInterval(() => this.round(), Math.max(100, intervalMs));
    return now;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One polling round; public for tests and for a caller that wants an immediate refresh. */
  round(): void {
    const now = this.scan();
    const at = new Date().toISOString();
    const next = new Map(now.map((t) => [keyOf(t), t]));
    for (const [k, t] of this.known) if (!next.has(k)) this.emit({ type: 'removed', token: t, at });
    for (const [k, t] of next) {
      const before = this.known.get(k);
      if (!before) this.emit({ type: 'inserted', token: t, at });
      else if (before.userPin !== t.userPin || before.soPin !== t.soPin) this.emit({ type: 'changed', token: t, at });
    }
    this.known = next;
  }

  private scan(): TokenSummary[] {
    const out: TokenSummary[] = [];
    for (const m of this.modules()) {
      if (m.profile.rescanByReinit && !this.busy(m)) {
        try {
          m.reinitialize();
        } catch {
          continue;
        }
      }
      try {
        for (let i = 0; i < 64; i++) {
          const slot = m.api.C_WaitForSlotEvent(pkcs11.CKF_DONT_BLOCK);
          if (slot === null || slot === undefined) break;
        }
      } catch {
        // CKR_NO_EVENT, or the module does not support it: the re-listing below is what counts.
      }
      try {
        out.push(...m.tokens().map(tokenSummary));
      } catch {
        // A module that cannot list now lists nothing: its tokens show as removed until it recovers.
      }
    }
    return out;
  }
}
