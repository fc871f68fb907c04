/**
 * {@link WindowsOps} with Windows' own `certutil` (argument arrays, no shell, bounded time). NOT run on real
 * Windows hardware while it was written: the parsing follows certutil's documented English output
 * (`Provider Name:` of -csplist; `Cert Hash(sha1):` and `Provider =` of -store) and is unit-tested on samples.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNssTool, toolFailure } from '../nssTool.js';
import type { UserStoreCertificate, WindowsOps } from './WindowsOps.js';

/** `certutil -csplist`: every `Provider Name: NAME` line. */
export function parseCspList(text: string): string[] {
  return [...text.matchAll(/^\s*Provider Name:\s*(.+?)\s*$/gm)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

/** `certutil -user -store My`: one block per certificate (`================ Certificate N ================`). */
export function parseUserStore(text: string): UserStoreCertificate[] {
  const out: UserStoreCertificate[] = [];
  for (const block of text.split(/^=+ Certificate \d+ =+$/m).slice(1)) {
    const hash = /Cert Hash\(sha1\):\s*([0-9a-fA-F ]+)/.exec(block)?.[1]?.replace(/\s+/g, '').toUpperCase();
    const provider = /^\s*Provider = (.+?)\s*$/m.exec(block)?.[1];
    if (hash) out.push({ thumbprint: hash, ...(provider !== undefined ? { provider } : {}) });
  }
  return out;
}

export class CertutilWindowsOps implements WindowsOps {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  private async certutil(args: string[]): Promise<string> {
    const run = await runNssTool('certutil', args, { env: this.env });
    if (run.status !== 0) throw toolFailure('certutil', run);
    return run.stdout;
  }

  async cryptoProviders(): Promise<string[]> {
    return parseCspList(await this.certutil(['-csplist']));
  }

  async userCertificates(): Promise<UserStoreCertificate[]> {
    return parseUserStore(await this.certutil(['-user', '-store', 'My']));
  }

  async addUserCertificate(der: Uint8Array): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'sigla-cert-'));
    try {
      const file = join(dir, 'cert.cer');
      writeFileSync(file, der, { mode: 0o600 });
      await this.certutil(['-user', '-addstore', 'My', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async linkKeyProvider(thumbprint: string, provider: string): Promise<void> {
    await this.certutil(['-user', '-repairstore', '-csp', provider, 'My', thumbprint]);
  }

  async deleteUserCertificate(thumbprint: string): Promise<void> {
    await this.certutil(['-user', '-delstore', 'My', thumbprint]);
  }
}
