/**
 * The TSA account of a command: `--tsa URL` with `--tsa-user U` and `--tsa-policy OID`, or `--tsa NAME` naming an
 * account of the app's settings (settings.json: its URL, user and policy; the flags still override them). The
 * password comes from SIGLA_TSA_PASSWORD only (never argv; the app's encrypted store is the app's alone). The proxy
 * is the environment's (HTTPS_PROXY...), else the one of the settings. Credentials go over plain http to another
 * computer only with `--tsa-allow-http` or the saved account's consent (net/tsaCredentials.ts).
 */
import { envWithProxy, findTsaAccount, readSettings } from '../io/Settings.js';
import { checkTsaAccount, type TsaAccount } from '../net/TsaClient.js';
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';

export interface TsaArgs {
  readonly tsa?: string;
  readonly tsaUser?: string;
  readonly tsaPolicy?: string;
  /** `--tsa-allow-http`: the user allows user and password over plain http:// to a TSA on another computer. */
  readonly tsaAllowHttp?: boolean;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function tsaAccount(a: TsaArgs, env: NodeJS.ProcessEnv = process.env): TsaAccount | undefined {
  if (!a.tsa) return undefined;
  const settings = readSettings(env);
  let url = a.tsa;
  let user = a.tsaUser;
  let policy = a.tsaPolicy;
  let allowPlainHttp = a.tsaAllowHttp === true;
  if (!a.tsa.includes('://')) {
    const saved = findTsaAccount(settings, a.tsa);
    if (!saved) throw new SiglaError('TSA_ACCOUNT_NOT_FOUND', `no TSA account ${a.tsa}`, { params: { account: a.tsa } });
    url = saved.url;
    user ??= saved.username;
    policy ??= saved.policy;
    allowPlainHttp ||= saved.allowPlainHttp === true;
  }
  const password = env['SIGLA_TSA_PASSWORD'];
  const netEnv = PROXY_VARS.some((v) => env[v]) ? env : envWithProxy(env, settings.proxy);
  return {
    url,
    ...(user !== undefined ? { user } : {}),
    ...(user !== undefined && password !== undefined ? { password } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(allowPlainHttp ? { allowPlainHttp } : {}),
    env: netEnv,
  };
}

const PLAIN_HTTP_WARNING = {
  it: (url: string) => `Attenzione: nome utente e password del servizio di marca temporale viaggiano senza cifratura verso ${url}, come consentito (--tsa-allow-http o Impostazioni): chiunque sulla rete può leggerli.\n`,
  en: (url: string) => `Warning: the time-stamping service's user name and password travel unencrypted to ${url}, as allowed (--tsa-allow-http or Settings): anyone on the network can read them.\n`,
} as const;

/**
 * Checks the account's credentials route before anything else happens (before a PIN is asked, before any output):
 * TSA_INSECURE when refused; a warning on stderr when the user allowed plain http to another computer.
 */
export function checkTsaRoute(account: TsaAccount, lang: Lang): void {
  if (checkTsaAccount(account) === 'allowed-plain-http') {
    let where = '(URL)';
    try {
      const u = new URL(account.url);
      where = `${u.protocol}//${u.host}${u.pathname}`;
    } catch {
      // an unparseable URL fails later with its own message
    }
    process.stderr.write(PLAIN_HTTP_WARNING[lang](where));
  }
}
