/**
 * "Wrong PIN, type it again" for the app: a login that fails with a wrong PIN is run again from the start, so the
 * token host re-reads the PIN state and applies its rules anew (PKCS#11 v2.40 §5.5 C_Login; the rules of
 * token/pkcs11/login.ts): the next prompt shows the new state and says the last PIN was wrong, the final try is
 * spent only after the user confirms it, and a locked PIN stops without a try. Nothing here ever holds a PIN: every
 * attempt asks the user for a freshly typed one. The CLI does not retry (it exits 3 on a wrong PIN).
 */
import { SiglaError } from '../shared/errors.js';
import type { RetryReason } from './GuiPinSource.js';

/** Where the retry notes go (GuiPinSource): what the next PIN prompt for a token says about the previous PIN. */
export interface RetryNotes {
  noteRetry(tokenLabel: string, reason: RetryReason): void;
  clearRetry(tokenLabel: string): void;
}

/** More attempts than any token allows before locking (3 to 15 in practice); a safety stop for tokens that never lock. */
export const MAX_PIN_ATTEMPTS = 10;

/**
 * Why `e` allows another attempt, or undefined: a wrong PIN whose token is not locked now, or a PIN of the wrong
 * form (refused before any try was spent). Cancelling, a refused final try, a locked PIN and every other error stop.
 */
export function retryReason(e: unknown): RetryReason | undefined {
  if (!(e instanceof SiglaError)) return undefined;
  if (e.code === 'PIN_FORMAT') return 'PIN_FORMAT';
  if (e.code === 'PIN_INCORRECT' && e.params['state'] !== 'locked') return 'PIN_INCORRECT';
  return undefined;
}

/**
 * Runs `attempt` (which asks for the PIN and logs in) until it succeeds or fails for a reason that is not a wrong
 * PIN; between attempts the next prompt for the token is told why it is shown again.
 */
export async function withPinRetry<T>(attempt: () => Promise<T>, notes: RetryNotes, maxAttempts = MAX_PIN_ATTEMPTS): Promise<T> {
  const noted = new Set<string>();
  try {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (e) {
        const reason = retryReason(e);
        const label = e instanceof SiglaError ? e.params['token'] : undefined;
        if (!reason || typeof label !== 'string' || n >= maxAttempts) throw e;
        notes.noteRetry(label, reason);
        noted.add(label);
      }
    }
  } finally {
    for (const label of noted) notes.clearRetry(label);
  }
}
