/**
 * Which remembered signing certificates are due for a renewal reminder (issue: "at 90, 60, 30, 7 days before
 * expiry"), shared by `sigla reminders` and the app's banner and notifications. Lead times come from
 * `reminderDays` in settings.json when it holds a list of day counts, else 90/60/30/7; the office's renewal
 * instructions from `renewalInstructions`. settings.json is read tolerantly: a missing or odd file or key means the
 * defaults, never an error (reminders are a convenience).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rememberedCertificates, type RememberedCertificate } from './certificateMemory.js';
import { dataDir } from './dataDir.js';

export const DEFAULT_REMINDER_DAYS: readonly number[] = [90, 60, 30, 7];
const DAY = 86_400_000;

export interface DueCertificate extends RememberedCertificate {
  /** Whole days until notAfter (rounded down, as the certificate list shows it); negative once expired. */
  readonly daysLeft: number;
  /** The lead time this reminder belongs to (the smallest one ≥ daysLeft); 0 once expired. */
  readonly threshold: number;
  readonly expired: boolean;
}

function setting(env: NodeJS.ProcessEnv, key: string): unknown {
  try {
    const s = JSON.parse(readFileSync(join(dataDir(env), 'settings.json'), 'utf8')) as unknown;
    return s && typeof s === 'object' ? (s as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** Lead times in days, largest first: settings.json `reminderDays` (positive whole numbers) or the defaults. */
export function reminderDays(env: NodeJS.ProcessEnv = process.env): number[] {
  const v = setting(env, 'reminderDays');
  // A list ([90, 60, 30, 7], numbers or numeric strings) or one string ("90, 60, 30, 7"); anything else is ignored.
  const raw: unknown[] = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,;]+/) : [];
  const list = raw.map((d) => (typeof d === 'string' && d.trim() !== '' ? Number(d) : d)).filter((d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0 && d <= 3650);
  return [...new Set(list.length ? list : DEFAULT_REMINDER_DAYS)].sort((a, b) => b - a);
}

/** The office's own renewal instructions (settings.json `renewalInstructions`), when set. */
export function renewalInstructions(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = setting(env, 'renewalInstructions');
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY);
}

/**
 * Remembered certificates expiring within `withinDays` (default: the largest lead time), soonest first, each with
 * the lead time it falls under. Expired certificates are included (threshold 0).
 */
export function dueCertificates(o: { env?: NodeJS.ProcessEnv; now?: Date; withinDays?: number; leads?: readonly number[] } = {}): DueCertificate[] {
  const env = o.env ?? process.env;
  const now = o.now ?? new Date();
  const leads = [...(o.leads ?? reminderDays(env))].sort((a, b) => a - b);
  const within = o.withinDays ?? leads[leads.length - 1] ?? 0;
  return rememberedCertificates(env)
    .map((c) => ({ ...c, daysLeft: daysLeft(c.notAfter, now) }))
    .filter((c) => Number.isFinite(c.daysLeft) && c.daysLeft <= within)
    .sort((x, y) => x.daysLeft - y.daysLeft)
    .map((c) => ({ ...c, expired: c.daysLeft < 0, threshold: c.daysLeft < 0 ? 0 : (leads.find((l) => c.daysLeft <= l) ?? within) }));
}
