/**
 * The shapes of Sigla's settings that both sides know: the file (io/Settings.ts) and the IPC contract
 * (ipc/contract.ts). TSA passwords are no part of them: the renderer sees only `hasPassword`.
 */
import { z } from 'zod';

/** Lead times of the renewal reminders, in days before expiry (CLI `reminders`, the app's notifications). */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [90, 60, 30, 7];

function parsedUrl(v: string): URL | undefined {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
}

/** An http(s) URL with a host and no credentials written into it (they go in the account's user + password). */
export function isServiceUrl(v: string): boolean {
  const u = parsedUrl(v.trim());
  return u !== undefined && (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
}

export const TsaAccountSchema = z.object({
  /** Stable id: the secret store keys the password by it. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().trim().min(1).max(100),
  url: z.string().trim().max(2000).refine(isServiceUrl, 'http(s) URL without credentials'),
  username: z.string().max(200).optional(),
  /** reqPolicy OID (RFC 3161 §2.4.1), when the TSA wants one. */
  policy: z.string().regex(/^[0-2](\.\d+)+$/).optional(),
  /**
   * The user allowed sending user and password over plain http:// to this service although it is not on this
   * computer (net/tsaCredentials.ts); absent: refused.
   */
  allowPlainHttp: z.boolean().optional(),
});
export type TsaAccountSettings = z.infer<typeof TsaAccountSchema>;

export const ProxySchema = z.object({
  /** As HTTPS_PROXY: `http://host:port`, or `host:port`. */
  url: z.string().trim().max(2000).refine((v) => v === '' || parsedUrl(v.includes('://') ? v : `http://${v}`) !== undefined, 'proxy URL').optional(),
  /** Hosts reached directly, comma separated, as NO_PROXY. */
  noProxy: z.string().max(2000).optional(),
});
export type ProxySettings = z.infer<typeof ProxySchema>;

export const ReminderDaysSchema = z.array(z.number().int().min(1).max(365)).max(10);

/** The PEC mailbox's size limit for one message, in MB (most providers: 30 MB). */
export const DEFAULT_PEC_MAX_MEGABYTES = 30;
export const PecMaxMegabytesSchema = z.number().int().min(1).max(10_000);

/** What settings:update may change at once: every known field but the TSA accounts (tsa:save / tsa:delete). */
export const SettingsPatchSchema = z
  .object({
    language: z.enum(['it', 'en']),
    /** The colour theme: the system's (`prefers-color-scheme`), light or dark. */
    theme: z.enum(['system', 'light', 'dark']),
    pkcs11Modules: z.array(z.string().trim().min(1).max(4096)).max(50),
    /** null: no default account. */
    defaultTsa: z.string().max(64).nullable(),
    reminderDays: ReminderDaysSchema,
    proxy: ProxySchema,
    renewalInstructions: z.string().max(4000).nullable(),
    pecMaxMegabytes: PecMaxMegabytesSchema,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** A TSA account as the renderer sees it. */
export const TsaAccountViewSchema = TsaAccountSchema.extend({ hasPassword: z.boolean() });

/** The settings as the renderer sees them (settings:get). */
export const SettingsViewSchema = z.object({
  language: z.enum(['it', 'en']).optional(),
  theme: z.enum(['system', 'light', 'dark']),
  pkcs11Modules: z.array(z.string()),
  tsaAccounts: z.array(TsaAccountViewSchema),
  defaultTsa: z.string().optional(),
  reminderDays: z.array(z.number().int()),
  proxy: z.object({ url: z.string().optional(), noProxy: z.string().optional() }),
  renewalInstructions: z.string().optional(),
  /** The PEC mailbox's size limit in MB (the PEC check). */
  pecMaxMegabytes: z.number().int().optional(),
  /** Whether TSA passwords can be kept protected on this computer. */
  secureStorage: z.object({ available: z.boolean(), reason: z.enum(['no-encryption', 'weak-backend']).optional() }),
});

/** tsa:save: the account (without id: a new one) and, when given, its new password; clearPassword forgets it. */
export const TsaSaveSchema = z.object({
  account: TsaAccountSchema.extend({ id: TsaAccountSchema.shape.id.optional() }),
  password: z.string().min(1).max(256).optional(),
  clearPassword: z.boolean().default(false),
});

export const TrustAnchorSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
  isCA: z.boolean(),
});
