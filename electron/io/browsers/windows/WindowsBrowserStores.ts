/**
 * Windows: Edge and Chrome use the user's certificate store, so the token's authentication certificate(s) are
 * propagated to CurrentUser\My and linked to the vendor's key provider (what the smart-card certificate
 * propagation service does for minidriver cards), so that the browser finds the key on the card. Only the
 * authentication certificates (certificateUse): never the signature one. Without a vendor provider the state is
 * `unsupported` / `no-provider` and the user is told to install the vendor's middleware. Firefox on Windows uses
 * its own NSS databases: see browserStores.ts (modutil, when installed); enterprise roots and policies are out of
 * scope.
 */
import { createHash } from 'node:crypto';
import type { BrowserChange, BrowserDatabaseStatus, BrowserRequest, BrowserStores } from '../BrowserStores.js';
import { certificateUse } from '../certificateUse.js';
import { KNOWN_PROVIDERS, type WindowsOps } from './WindowsOps.js';

const STORE = 'CurrentUser\\My';

function thumbprint(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

export class WindowsBrowserStores implements BrowserStores {
  constructor(private readonly ops: WindowsOps) {}

  private async provider(): Promise<string | undefined> {
    const installed = await this.ops.cryptoProviders();
    for (const k of KNOWN_PROVIDERS) {
      const p = installed.find((name) => k.pattern.test(name));
      if (p !== undefined) return p;
    }
    return undefined;
  }

  private async rows(request: BrowserRequest): Promise<{ status: BrowserDatabaseStatus; provider: string | undefined; missing: string[]; unlinked: string[]; ours: string[] }> {
    const provider = await this.provider();
    const auth = request.certificates.filter((c) => certificateUse(c.der) === 'authentication').map((c) => thumbprint(c.der));
    const inStore = new Map((await this.ops.userCertificates()).map((c) => [c.thumbprint.toUpperCase(), c]));
    const missing = auth.filter((t) => !inStore.has(t));
    const unlinked = auth.filter((t) => inStore.has(t) && inStore.get(t)?.provider !== provider);
    const ours = auth.filter((t) => provider !== undefined && inStore.get(t)?.provider === provider);
    const base = { browser: 'windows-store' as const, profile: STORE, path: `Cert:\\${STORE}` };
    const status: BrowserDatabaseStatus =
      provider === undefined ? { ...base, state: 'unsupported', reason: 'no-provider' }
      : auth.length > 0 && missing.length === 0 && unlinked.length === 0 ? { ...base, state: 'registered-by-sigla', entry: provider }
      : { ...base, state: 'not-registered' };
    return { status, provider, missing, unlinked, ours };
  }

  async status(request: BrowserRequest): Promise<BrowserDatabaseStatus[]> {
    return [(await this.rows(request)).status];
  }

  async register(request: BrowserRequest): Promise<BrowserChange[]> {
    const r = await this.rows(request);
    if (r.provider === undefined || r.status.state !== 'not-registered') return [{ ...r.status, action: 'unchanged' }];
    for (const c of request.certificates) {
      const t = thumbprint(c.der);
      if (r.missing.includes(t)) await this.ops.addUserCertificate(c.der);
      if (r.missing.includes(t) || r.unlinked.includes(t)) await this.ops.linkKeyProvider(t, r.provider);
    }
    return [{ ...(await this.rows(request)).status, action: 'added' }];
  }

  async unregister(request: BrowserRequest): Promise<BrowserChange[]> {
    const r = await this.rows(request);
    for (const t of r.ours) await this.ops.deleteUserCertificate(t);
    return [{ ...(r.ours.length > 0 ? (await this.rows(request)).status : r.status), action: r.ours.length > 0 ? 'removed' : 'unchanged' }];
  }
}
