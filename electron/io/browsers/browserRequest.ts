/**
 * Which module the browsers are about, and the token's certificates with their web use: the module named
 * (--module, SIGLA_MODULE, the app's settings), else the first module that shows a token now, else the first module
 * found. Shared by `sigla browsers` and the app; the token's objects come through the caller's token host (public
 * objects, no PIN).
 */
import type { BrowserRequest } from './BrowserStores.js';
import { certificateUse } from './certificateUse.js';

/** What this needs of the token host: its `tokens` and `certs` calls. */
export interface TokenLister {
  tokens(module?: string): Promise<ReadonlyArray<{ readonly module: string; readonly label: string; readonly userPin: string }>>;
  certs(module: string): Promise<ReadonlyArray<{ readonly token: string; readonly label: string; readonly subject: string; readonly name: string; readonly der: string }>>;
}

export interface WebCertificate {
  readonly token: string;
  readonly label: string;
  readonly subject: string;
  readonly name: string;
  /** NSS's nickname of the certificate on the token (`TOKEN:LABEL`), what Firefox shows and tstclnt -n takes. */
  readonly nickname: string;
  readonly use: 'authentication' | 'signature';
}

export interface ResolvedRequest extends BrowserRequest {
  /** The authentication and signature certificates, in the token's order; CA certificates left out. */
  readonly web: readonly WebCertificate[];
  /** The tokens of the module now, with their PIN state. */
  readonly tokens: ReadonlyArray<{ readonly label: string; readonly userPin: string }>;
}

export async function resolveBrowserRequest(lister: TokenLister, named: string | undefined, fallback: () => Promise<string | undefined> | string | undefined): Promise<ResolvedRequest | null> {
  const tokens = await lister.tokens(named);
  const module = named ?? tokens[0]?.module ?? (await fallback());
  if (module === undefined) return null;
  const mine = tokens.filter((t) => t.module === module);
  const rows = mine.length > 0 ? await lister.certs(module) : [];
  const certificates = rows.map((c) => ({ label: c.label, token: c.token, der: new Uint8Array(Buffer.from(c.der, 'base64')) }));
  const web: WebCertificate[] = [];
  for (const [i, c] of rows.entries()) {
    const use = certificateUse(certificates[i]?.der ?? new Uint8Array());
    if (use === 'authentication' || use === 'signature') web.push({ token: c.token, label: c.label, subject: c.subject, name: c.name, nickname: `${c.token}:${c.label}`, use });
  }
  return { module, certificates, web, tokens: mine.map((t) => ({ label: t.label, userPin: t.userPin })) };
}
