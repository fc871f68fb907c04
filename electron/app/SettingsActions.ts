/**
 * Impostazioni behind the contract: settings:get / settings:update, TSA accounts (tsa:save, tsa:delete, tsa:test),
 * and what signing needs from them (the chosen account with its password, the proxy). Passwords live in the
 * SecretStore only; the renderer learns `hasPassword` and nothing more.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { certificateInfo } from '../core/cert/CertificateInfo.js';
import type { Timestamper } from '../core/tsp/Timestamper.js';
import { applySettingsPatch, envWithProxy, readSettings, updateSettings, type Settings } from '../io/Settings.js';
import { checkTsaAccount, requestTimeStamp, tsaTimestamper, type TsaAccount } from '../net/TsaClient.js';
import { SiglaError } from '../shared/errors.js';
import type { Lang } from '../shared/i18n/locale.js';
import type { SettingsPatch, SettingsViewSchema, TsaSaveSchema } from '../shared/settingsSchema.js';
import type { SecretStore } from './secrets/SecretStore.js';

export type SettingsView = z.output<typeof SettingsViewSchema>;
export type TsaSave = z.output<typeof TsaSaveSchema>;

const notFound = (account: string): SiglaError => new SiglaError('TSA_ACCOUNT_NOT_FOUND', `no TSA account ${account}`, { params: { account } });

export class SettingsActions {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly secrets: SecretStore,
  ) {}

  /** The settings as the renderer may see them. */
  async view(s: Settings = readSettings(this.env)): Promise<SettingsView> {
    const storage = await this.secrets.availability();
    return {
      ...(s.language ? { language: s.language } : {}),
      theme: s.theme,
      pkcs11Modules: s.pkcs11Modules,
      tsaAccounts: s.tsaAccounts.map((a) => ({ ...a, hasPassword: this.secrets.has(a.id) })),
      ...(s.defaultTsa && s.tsaAccounts.some((a) => a.id === s.defaultTsa) ? { defaultTsa: s.defaultTsa } : {}),
      reminderDays: s.reminderDays,
      proxy: s.proxy,
      ...(s.renewalInstructions ? { renewalInstructions: s.renewalInstructions } : {}),
      pecMaxMegabytes: s.pecMaxMegabytes,
      secureStorage: storage.available ? { available: true } : { available: false, reason: storage.reason },
    };
  }

  update(patch: SettingsPatch): Promise<SettingsView> {
    return this.view(applySettingsPatch(patch, this.env));
  }

  /** The language chosen in Impostazioni, if any (messages from main follow it). */
  language(): Lang | undefined {
    return readSettings(this.env).language;
  }

  /**
   * Adds or changes an account. A new password is stored first: when it cannot be kept protected nothing is saved
   * and the user is told (SECURE_STORAGE_UNAVAILABLE).
   */
  async saveTsa(req: TsaSave): Promise<SettingsView> {
    const current = readSettings(this.env);
    const id = req.account.id ?? `tsa-${randomBytes(6).toString('hex')}`;
    if (req.account.id !== undefined && !current.tsaAccounts.some((a) => a.id === id)) throw notFound(req.account.id);
    const username = req.account.username?.trim();
    const policy = req.account.policy?.trim();
    const account = {
      id,
      name: req.account.name.trim(),
      url: req.account.url.trim(),
      ...(username ? { username } : {}),
      ...(policy ? { policy } : {}),
      ...(req.account.allowPlainHttp === true ? { allowPlainHttp: true } : {}),
    };
    if (req.password !== undefined) await this.secrets.put(id, req.password);
    else if (req.clearPassword) await this.secrets.delete(id);
    const next = updateSettings((s) => {
      const exists = s.tsaAccounts.some((a) => a.id === id);
      const tsaAccounts = exists ? s.tsaAccounts.map((a) => (a.id === id ? account : a)) : [...s.tsaAccounts, account];
      return { tsaAccounts, ...(s.defaultTsa && tsaAccounts.some((a) => a.id === s.defaultTsa) ? {} : { defaultTsa: id }) };
    }, this.env);
    return this.view(next);
  }

  async deleteTsa(id: string): Promise<SettingsView> {
    if (!readSettings(this.env).tsaAccounts.some((a) => a.id === id)) throw notFound(id);
    await this.secrets.delete(id);
    const next = updateSettings((s) => {
      const tsaAccounts = s.tsaAccounts.filter((a) => a.id !== id);
      return { tsaAccounts, defaultTsa: s.defaultTsa === id ? tsaAccounts[0]?.id : s.defaultTsa };
    }, this.env);
    return this.view(next);
  }

  /** The environment for network requests: the proxy of the settings, else the process's own. */
  networkEnv(): NodeJS.ProcessEnv {
    return envWithProxy(this.env, readSettings(this.env).proxy);
  }

  /** An account with its password, ready for TsaClient. Its credentials route is checked by TsaClient (TSA_INSECURE). */
  async tsaAccount(id: string): Promise<TsaAccount> {
    const s = readSettings(this.env);
    const a = s.tsaAccounts.find((x) => x.id === id);
    if (!a) throw notFound(id);
    const password = await this.secrets.get(a.id);
    return {
      url: a.url,
      ...(a.username !== undefined ? { user: a.username } : password !== undefined ? { user: '' } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(a.policy !== undefined ? { policy: a.policy } : {}),
      ...(a.allowPlainHttp === true ? { allowPlainHttp: true } : {}),
      env: envWithProxy(this.env, s.proxy),
    };
  }

  async timestamper(id: string): Promise<Timestamper> {
    return tsaTimestamper(await this.tsaAccount(id));
  }

  /** The default account's timestamper (else the first account's); none when no account is set up. */
  async defaultTimestamper(): Promise<Timestamper | undefined> {
    const s = readSettings(this.env);
    const id = s.tsaAccounts.find((a) => a.id === s.defaultTsa)?.id ?? s.tsaAccounts[0]?.id;
    return id === undefined ? undefined : this.timestamper(id);
  }

  /** Asks the TSA for a time-stamp on random bytes and checks the answer: the account works as configured. */
  async testTsa(id: string): Promise<{ time: string; tsa: string }> {
    const account = await this.tsaAccount(id);
    // The same rule as signing: credentials over plain http to another computer only with the account's consent.
    checkTsaAccount(account);
    const digest = new Uint8Array(createHash('sha256').update(randomBytes(32)).digest());
    const ts = await requestTimeStamp({ ...account, timeoutMs: 15_000 }, 'sha256', digest);
    return { time: ts.info.genTime.toISOString(), tsa: certificateInfo(ts.tsaCertificate).displayName };
  }
}
