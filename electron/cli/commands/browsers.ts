/**
 * `sigla browsers [status|register|unregister] [--module PATH] [--json]` (issue 17): the token's PKCS#11 module in
 * the browsers' certificate stores (io/browsers), and which of the token's certificates serves web authentication.
 * The module is --module (or SIGLA_MODULE), else the first module that shows a token now. The token's
 * certificates are read without a PIN (public objects) through the token host, as `sigla certs` does.
 */
import { SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { browserStateText, browserText, type BrowserTextKey } from '../../shared/i18n/browserText.js';
import { usageError } from '../../shared/i18n/usage.js';
import { tokenHostEnvironment } from '../../token/host/hostEnvironment.js';
import { discoverModules } from '../../token/moduleDiscovery.js';
import type { BrowserChange, BrowserDatabaseStatus, TokenCertificate } from '../../io/browsers/BrowserStores.js';
import { certificateUse } from '../../io/browsers/certificateUse.js';
import { localBrowserStores } from '../../io/browsers/localBrowserStores.js';
import { withTokenHost } from '../tokenHost.js';

export interface BrowsersOptions {
  readonly op: string | undefined;
  readonly module?: string;
  readonly json: boolean;
  readonly lang: Lang;
}

export interface WebCertificate {
  readonly token: string;
  readonly label: string;
  readonly subject: string;
  readonly name: string;
  /** NSS's nickname of the certificate on the token (`TOKEN:LABEL`), what tstclnt -n and Firefox show. */
  readonly nickname: string;
  readonly use: 'authentication' | 'signature';
}

const OPS = ['status', 'register', 'unregister'] as const;
type Op = (typeof OPS)[number];

async function moduleAndCertificates(explicit: string | undefined): Promise<{ module: string; certificates: TokenCertificate[]; rows: WebCertificate[] }> {
  return withTokenHost(null, async (h) => {
    const named = explicit ?? process.env['SIGLA_MODULE'];
    const { tokens } = await h.call('tokens', named !== undefined ? { module: named } : {});
    const module = named ?? tokens[0]?.module ?? discoverModules()[0]?.path;
    if (module === undefined) throw new SiglaError('TOKEN_NOT_FOUND', 'no module with a token', { params: { token: '', candidates: '' } });
    const certs = tokens.some((t) => t.module === module) ? await h.call('certs', { module }) : [];
    const certificates = certs.map((c) => ({ label: c.label, token: c.token, der: new Uint8Array(Buffer.from(c.der, 'base64')) }));
    const rows: WebCertificate[] = [];
    for (const [i, c] of certs.entries()) {
      const use = certificateUse(certificates[i]?.der ?? new Uint8Array());
      if (use === 'authentication' || use === 'signature') rows.push({ token: c.token, label: c.label, subject: c.subject, name: c.name, nickname: `${c.token}:${c.label}`, use });
    }
    return { module, certificates, rows };
  });
}

function line(s: BrowserDatabaseStatus | BrowserChange, lang: Lang): string {
  const params = { browser: browserText(`browser.${s.browser}` as BrowserTextKey, lang), profile: s.profile, path: s.path, state: browserStateText(s, lang) };
  return 'action' in s ? browserText('change', lang, { ...params, action: browserText(`action.${s.action}`, lang) }) : browserText('database', lang, params);
}

export async function runBrowsers(o: BrowsersOptions): Promise<number> {
  const op = (o.op ?? 'status') as Op;
  if (!OPS.includes(op)) throw usageError('unknownCommand', { command: `browsers ${o.op ?? ''}` });
  const { module, certificates, rows } = await moduleAndCertificates(o.module);
  const stores = localBrowserStores(tokenHostEnvironment(process.env));
  const request = { module, certificates };
  const databases = op === 'status' ? await stores.status(request) : op === 'register' ? await stores.register(request) : await stores.unregister(request);
  if (o.json) {
    process.stdout.write(JSON.stringify({ module, databases, certificates: rows }, null, 2) + '\n');
    return 0;
  }
  const out = [browserText('module', o.lang, { module })];
  if (databases.length === 0) out.push(browserText('noDatabases', o.lang));
  for (const d of databases) out.push(line(d, o.lang));
  for (const c of rows) out.push(browserText(c.use === 'authentication' ? 'certAuthentication' : 'certSignature', o.lang, { name: c.name, label: c.nickname }));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
