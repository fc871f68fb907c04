/**
 * Where the app keeps secrets the user typed once and wants remembered — today the TSA passwords — keyed by account
 * id. A secret only ever goes from the store to the network client that needs it: never back to the renderer
 * (which learns `hasPassword` only), never into logs, errors or IPC traces.
 */
import { SiglaError } from '../../shared/errors.js';

/** Why the store cannot keep secrets safely on this computer. */
export type SecretStoreProblem = 'no-encryption' | 'weak-backend';

export interface SecretStore {
  /** Whether secrets can be stored; when not, why (the settings screen tells the user). */
  availability(): Promise<{ available: true } | { available: false; reason: SecretStoreProblem }>;
  /** Stores (or replaces) the secret; SECURE_STORAGE_UNAVAILABLE when it could only be kept unprotected. */
  put(id: string, secret: string): Promise<void>;
  get(id: string): Promise<string | undefined>;
  has(id: string): boolean;
  delete(id: string): Promise<void>;
}

export function storageUnavailable(reason: SecretStoreProblem): SiglaError {
  // `storage` is said in words in the user's language (shared/i18n/messages.ts PARAM_WORDS).
  return new SiglaError('SECURE_STORAGE_UNAVAILABLE', `secrets cannot be stored safely (${reason})`, { params: { storage: reason } });
}

/** Secrets kept in memory only, for the browser harness and tests: gone when the process ends. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  availability(): Promise<{ available: true }> {
    return Promise.resolve({ available: true });
  }

  put(id: string, secret: string): Promise<void> {
    this.secrets.set(id, secret);
    return Promise.resolve();
  }

  get(id: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(id));
  }

  has(id: string): boolean {
    return this.secrets.has(id);
  }

  delete(id: string): Promise<void> {
    this.secrets.delete(id);
    return Promise.resolve();
  }
}
