/**
 * Electron's safeStorage as a SecretCipher (app/secrets/EncryptedSecretStore.ts). On Linux the `basic_text`
 * backend (no keyring found: a fixed key) counts as not secure, so the store refuses to keep passwords there.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../app/secrets/EncryptedSecretStore.js';
import type { SecretStoreProblem } from '../app/secrets/SecretStore.js';

export const safeStorageCipher: SecretCipher = {
  async problem(): Promise<SecretStoreProblem | undefined> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'no-encryption';
    if (process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend())) return 'weak-backend';
    return undefined;
  },
  encrypt: async (plain) => new Uint8Array(await safeStorage.encryptStringAsync(plain)),
  decrypt: async (cipher) => (await safeStorage.decryptStringAsync(Buffer.from(cipher))).result,
};
