/**
 * The TSA account of a command: `--tsa URL` with `--tsa-user U` and `--tsa-policy OID`, or `--tsa NAME` naming an
 * account of the app's settings (settings.json: its URL, user and policy; the flags still override them). The
 * password comes from SIGLA_TSA_PASSWORD only (never argv; the app's encrypted store is the app's alone). The proxy
 * is the environment's (HTTPS_PROXY...), else the one of the settings.
 */
import { envWithProxy, findTsaAccount, readSettings } from '../io/Settings.js';
import type { TsaAccount } from '../net/TsaClient.js';
import { SiglaError } from '../shared/errors.js';

export interface TsaArgs {
  readonly tsa?: string;
  readonly tsaUser?: string;
  readonly tsaPolicy?: string;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function tsaAccount(a: TsaArgs, env: NodeJS.ProcessEnv = process.env): TsaAccount | undefined {
  if (!a.tsa) return undefined;
  const settings = readSettings(env);
  let url = a.tsa;
  let user = a.tsaUser;
  let policy = a.tsaPolicy;
  if (!a.tsa.includes('://')) {
    const saved = findTsaAccount(settings, a.tsa);
    if (!saved) throw new SiglaError('TSA_ACCOUNT_NOT_FOUND', `no TSA account ${a.tsa}`, { params: { account: a.tsa } });
    url = saved.url;
    user ??= saved.username;
    policy ??= saved.policy;
  }
  const password = env['SIGLA_TSA_PASSWORD'];
  const netEnv = PROXY_VARS.some((v) => env[v]) ? env : envWithProxy(env, settings.proxy);
  return {
    url,
    ...(user !== undefined ? { user } : {}),
    ...(user !== undefined && password !== undefined ? { password } : {}),
    ...(policy !== undefined ? { policy } : {}),
    env: netEnv,
  };
}
