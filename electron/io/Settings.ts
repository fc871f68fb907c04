/**
 * `settings.json` of the data folder (io/dataDir.ts), shared by the app and the CLI: language, extra PKCS#11
 * modules (read by token/moduleDiscovery.ts), TSA accounts (never their passwords: those sit encrypted in the
 * app's secret store), renewal reminder lead times and the office's renewal instructions (CLI `reminders`), proxy.
 *
 * Reading is tolerant: a field with a wrong shape falls back to its default instead of losing the whole file, and
 * keys this version does not know (written by a newer Sigla, or by hand) are kept as they are when the file is
 * written back. Writes are atomic (temp file + rename).
 */
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { dataDir } from './dataDir.js';
import { pkcs11ModuleList, readRawSettings as readRaw, settingsPath } from './settingsFile.js';
import { writeFileAtomicSync } from './writeFileAtomicSync.js';
import { DEFAULT_PEC_MAX_MEGABYTES, DEFAULT_REMINDER_DAYS, PecMaxMegabytesSchema, ProxySchema, ReminderDaysSchema, TsaAccountSchema, type ProxySettings, type SettingsPatch, type TsaAccountSettings } from '../shared/settingsSchema.js';

export { DEFAULT_REMINDER_DAYS, settingsPath };

/** The known fields, each falling back to its default when the file holds something else. */
const KNOWN = {
  language: z.enum(['it', 'en']).optional().catch(undefined),
  theme: z.enum(['system', 'light', 'dark']).catch('system'),
  pkcs11Modules: z.array(z.unknown()).catch([]).transform(pkcs11ModuleList),
  tsaAccounts: z.array(z.unknown()).catch([]).transform((list) => list.flatMap((a) => {
    const r = TsaAccountSchema.safeParse(a);
    return r.success ? [r.data] : [];
  })),
  defaultTsa: z.string().optional().catch(undefined),
  reminderDays: ReminderDaysSchema.catch([...DEFAULT_REMINDER_DAYS]),
  proxy: ProxySchema.catch({}),
  renewalInstructions: z.string().max(4000).optional().catch(undefined),
  /** The PEC mailbox's message size limit in MB (10^6 bytes), for the PEC check; a profile may set its own. */
  pecMaxMegabytes: PecMaxMegabytesSchema.catch(DEFAULT_PEC_MAX_MEGABYTES),
};

export const SettingsSchema = z.object(KNOWN);
export type Settings = z.infer<typeof SettingsSchema>;

/** The settings, each field valid or at its default. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return SettingsSchema.parse(readRaw(env));
}

/**
 * Reads the file, lets `change` edit the known fields, and writes it back atomically with every key it did not
 * touch (unknown ones included) as it was. `undefined` removes a field.
 */
export function updateSettings(change: (s: Settings) => Partial<Record<keyof Settings, unknown>>, env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readRaw(env);
  const edits = change(SettingsSchema.parse(raw));
  const next: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(edits)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  mkdirSync(dataDir(env), { recursive: true });
  writeFileAtomicSync(settingsPath(env), JSON.stringify(next, null, 2) + '\n');
  return SettingsSchema.parse(next);
}

/** Applies a validated patch (null clears an optional field). */
export function applySettingsPatch(patch: SettingsPatch, env: NodeJS.ProcessEnv = process.env): Settings {
  return updateSettings((s) => {
    const edits: Partial<Record<keyof Settings, unknown>> = {};
    if (patch.language !== undefined) edits.language = patch.language;
    if (patch.theme !== undefined) edits.theme = patch.theme;
    if (patch.pkcs11Modules !== undefined) edits.pkcs11Modules = [...new Set(patch.pkcs11Modules)];
    if (patch.reminderDays !== undefined) edits.reminderDays = [...new Set(patch.reminderDays)].sort((a, b) => b - a);
    if (patch.proxy !== undefined) edits.proxy = cleanProxy(patch.proxy);
    if (patch.pecMaxMegabytes !== undefined) edits.pecMaxMegabytes = patch.pecMaxMegabytes;
    if (patch.renewalInstructions !== undefined) edits.renewalInstructions = patch.renewalInstructions?.trim() || undefined;
    if (patch.defaultTsa !== undefined) edits.defaultTsa = patch.defaultTsa !== null && s.tsaAccounts.some((a) => a.id === patch.defaultTsa) ? patch.defaultTsa : undefined;
    return edits;
  }, env);
}

function cleanProxy(p: ProxySettings): ProxySettings {
  const url = p.url?.trim();
  const noProxy = p.noProxy?.trim();
  return { ...(url ? { url } : {}), ...(noProxy ? { noProxy } : {}) };
}

/**
 * The environment network requests should use: the proxy of the settings when one is set (HTTPS_PROXY/HTTP_PROXY
 * and NO_PROXY, as net/proxy.ts reads them), otherwise the process environment unchanged.
 */
export function envWithProxy(env: NodeJS.ProcessEnv, proxy: Settings['proxy']): NodeJS.ProcessEnv {
  if (!proxy.url) return env;
  const out: NodeJS.ProcessEnv = { ...env, HTTPS_PROXY: proxy.url, https_proxy: proxy.url, HTTP_PROXY: proxy.url, http_proxy: proxy.url };
  if (proxy.noProxy !== undefined) {
    out['NO_PROXY'] = proxy.noProxy;
    out['no_proxy'] = proxy.noProxy;
  }
  return out;
}

/** A TSA account of the settings by id, or by name (case-insensitive) for the CLI's `--tsa NAME`. */
export function findTsaAccount(s: Settings, idOrName: string): TsaAccountSettings | undefined {
  return s.tsaAccounts.find((a) => a.id === idOrName) ?? s.tsaAccounts.find((a) => a.name.toLowerCase() === idOrName.toLowerCase());
}
