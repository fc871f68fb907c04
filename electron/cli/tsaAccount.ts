/** The TSA account of a command: `--tsa URL`, `--tsa-user U`, `--tsa-policy OID`; the password from SIGLA_TSA_PASSWORD. */
import type { TsaAccount } from '../net/TsaClient.js';

export interface TsaArgs {
  readonly tsa?: string;
  readonly tsaUser?: string;
  readonly tsaPolicy?: string;
}

export function tsaAccount(a: TsaArgs, env: NodeJS.ProcessEnv = process.env): TsaAccount | undefined {
  if (!a.tsa) return undefined;
  const password = env['SIGLA_TSA_PASSWORD'];
  return {
    url: a.tsa,
    ...(a.tsaUser !== undefined ? { user: a.tsaUser } : {}),
    ...(a.tsaUser !== undefined && password !== undefined ? { password } : {}),
    ...(a.tsaPolicy !== undefined ? { policy: a.tsaPolicy } : {}),
    env,
  };
}
