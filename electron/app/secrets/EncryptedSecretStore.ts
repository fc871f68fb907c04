/**
 * Secrets encrypted by the operating system's keychain (Electron `safeStorage`: Keychain on macOS, DPAPI on
 * Windows, libsecret/KWallet on Linux) and kept as ciphertext in `secrets.json` of the data folder. The cipher is
 * injected, so this logic runs without Electron in tests; electron/main/safeStorageCipher.ts adapts safeStorage.
 *
 * Refuses to store when encryption is not available, and when Linux falls back to Chromium's `basic_text` backend
 * (a hard-coded key: as good as plain text, https://www.electronjs.org/docs/latest/api/safe-storage).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '../../io/writeFileAtomicSync.js';
import { storageUnavailable, type SecretStore, type SecretStoreProblem } from './SecretStore.js';

export interface SecretCipher {
  /** Undefined when strings can be encrypted safely here, otherwise why not. */
  problem(): Promise<SecretStoreProblem | undefined>;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(cipher: Uint8Array): Promise<string>;
}

interface SecretFile {
  version: 1;
  /** Account id → ciphertext, base64. */
  secrets: Record<string, string>;
}

export class EncryptedSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  async availability(): Promise<{ available: true } | { available: false; reason: SecretStoreProblem }> {
    const reason = await this.cipher.problem();
    return reason === undefined ? { available: true } : { available: false, reason };
  }

  async put(id: string, secret: string): Promise<void> {
    const reason = await this.cipher.problem();
    if (reason !== undefined) throw storageUnavailable(reason);
    const data = this.read();
    data.secrets[id] = Buffer.from(await this.cipher.encrypt(secret)).toString('base64');
    this.write(data);
  }

  async get(id: string): Promise<string | undefined> {
    const c = this.read().secrets[id];
    if (c === undefined) return undefined;
    const reason = await this.cipher.problem();
    if (reason !== undefined) throw storageUnavailable(reason);
    return this.cipher.decrypt(Buffer.from(c, 'base64'));
  }

  has(id: string): boolean {
    return Object.hasOwn(this.read().secrets, id);
  }

  delete(id: string): Promise<void> {
    const data = this.read();
    if (Object.hasOwn(data.secrets, id)) {
      delete data.secrets[id];
      this.write(data);
    }
    return Promise.resolve();
  }

  private read(): SecretFile {
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SecretFile>;
      const secrets: Record<string, string> = {};
      for (const [k, s] of Object.entries(v.secrets ?? {})) if (typeof s === 'string') secrets[k] = s;
      return { version: 1, secrets };
    } catch {
      return { version: 1, secrets: {} };
    }
  }

  private write(data: SecretFile): void {
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileAtomicSync(this.file, JSON.stringify(data, null, 2) + '\n');
  }
}
