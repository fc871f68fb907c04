import type { PinRule } from './pkcs11/pinFormat.js';
import type { PinState } from './pkcs11/PinState.js';

/**
 * What a PIN prompt is for:
 * - `user`: C_Login of a signing batch or `pin check`; `context`: the per-signature login of a
 *   CKA_ALWAYS_AUTHENTICATE key (PKCS#11 v2.40 §4.9);
 * - `current` and `new`: `pin change` (a prompt on a terminal asks for `new` twice);
 * - `puk`: `pin unblock`; the prompt must show {@link PinRequest.pukWarning} before the PUK is typed.
 */
export type PinKind = 'user' | 'context' | 'current' | 'new' | 'puk';

/** What a PIN prompt is told: never the PIN itself, only context to show the user. */
export interface PinRequest {
  readonly tokenLabel: string;
  /** State of the PIN being asked for (the SO/PUK state for `puk`). */
  readonly state: PinState;
  readonly kind: PinKind;
  /** For `puk`: what happens when the PUK locks, in the user's words, from the token profile. */
  readonly pukWarning?: { readonly it: string; readonly en: string };
  /** For `puk`: `unusable` when a locked PUK makes the device unusable. */
  readonly pukLockedMeans?: 'unusable' | 'reset-by-admin';
  /** For a user PIN (`user`, `context`, `current`, `new`): what the token accepts, so a prompt can refuse a PIN of
   * the wrong form before it is sent (it would cost no try, but the whole operation would have to start again). */
  readonly rule?: PinRule;
}

/**
 * Where PINs come from (a hidden TTY prompt, stdin lines, the GUI). A PIN is a Buffer so that it can be zeroed when
 * no longer needed; `pin` throws a CANCELLED SiglaError when the user cancels. A PinSource never hands out a PIN it
 * was given for an earlier request.
 */
export interface PinSource {
  pin(request: PinRequest): Promise<Buffer>;
  /** Asked before the final try (of a PIN or a PUK) is spent; true only on an explicit yes. */
  confirmFinalTry(request: PinRequest): Promise<boolean>;
  /**
   * Optional: a login on a reader with its own keypad (CKF_PROTECTED_AUTHENTICATION_PATH, PKCS#11 v2.40 §5.6) is
   * about to start. C_Login then blocks until the user types the PIN on the reader or presses its Cancel key, and
   * nothing reaches the computer: this is the only way the user learns that the reader is waiting. Resolves once
   * the user has been told (the login waits for it); {@link PinpadPrompt.end} is called when C_Login returns,
   * whatever the outcome. The final-try consent, when needed, has been asked before (`confirmFinalTry`).
   */
  pinpad?(request: PinRequest): Promise<PinpadPrompt>;
}

/** A "type the PIN on the reader" notice being shown; `end` takes it away (called once, never throws). */
export interface PinpadPrompt {
  end(): void;
}
