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
import type { BrowserChange, BrowserDatabaseStatus } from '../../io/browsers/BrowserStores.js';
import { resolveBrowserRequest, type ResolvedRequest } from '../../io/browsers/browserRequest.js';
import { localBrowserStores } from '../../io/browsers/localBrowserStores.js';
import { withTokenHost } from '../tokenHost.js';

export interface BrowsersOptions {
  readonly op: string | undefined;
  readonly module?: string;
  readonly json: boolean;
  readonly lang: Lang;
}

const OPS = ['status', 'register', 'unregister'] as const;
type Op = (typeof OPS)[number];

async function moduleAndCertificates(explicit: string | undefined): Promise<ResolvedRequest> {
  const r = await withTokenHost(null, (h) =>
    resolveBrowserRequest({ tokens: async (module) => (await h.call('tokens', module !== undefined ? { module } : {})).tokens, certs: (module) => h.call('certs', { module }) }, explicit ?? process.env['SIGLA_MODULE'], () => discoverModules()[0]?.path),
  );
  if (r === null) throw new SiglaError('TOKEN_NOT_FOUND', 'no module with a token', { params: { token: '', candidates: '' } });
  return r;
}

function line(s: BrowserDatabaseStatus | BrowserChange, lang: Lang): string {
  const params = { browser: browserText(`browser.${s.browser}` as BrowserTextKey, lang), profile: s.profile, path: s.path, state: browserStateText(s, lang) };
  return 'action' in s ? browserText('change', lang, { ...params, action: browserText(`action.${s.action}`, lang) }) : browserText('database', lang, params);
}

export async function runBrowsers(o: BrowsersOptions): Promise<number> {
  const op = (o.op ?? 'status') as Op;
  if (!OPS.includes(op)) throw usageError('unknownCommand', { command: `browsers ${o.op ?? ''}` });
  const { module, certificates, web: rows } = await moduleAndCertificates(o.module);
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
