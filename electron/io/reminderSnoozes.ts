/**
 * "Rimanda" (snooze) for renewal reminders, per certificate fingerprint and lead time, in `reminders.json` of the
 * data folder (fingerprints and dates only). A snoozed reminder stays hidden until the certificate reaches the next
 * lead time (snoozed at the 60-day reminder → shown again at 30 days). In the last lead time (e.g. the final 7
 * days) a snooze lasts one day, so the last week still reminds daily; an expired certificate's reminder, once
 * snoozed, stays hidden (there is nothing left to remind).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './dataDir.js';
import { writeFileAtomicSync } from './writeFileAtomicSync.js';

export interface Snooze {
  readonly threshold: number;
  /** ISO time; set only for the one-day snoozes of the last lead time. */
  readonly until?: string;
}

const DAY = 86_400_000;
const file = (env: NodeJS.ProcessEnv): string => join(dataDir(env), 'reminders.json');

function read(env: NodeJS.ProcessEnv): Record<string, Snooze> {
  try {
    const data = JSON.parse(readFileSync(file(env), 'utf8')) as { snoozed?: unknown };
    return data.snoozed && typeof data.snoozed === 'object' ? (data.snoozed as Record<string, Snooze>) : {};
  } catch {
    return {};
  }
}

/** True when the reminder of this certificate at this lead time was snoozed and the snooze still holds. */
export function isSnoozed(fingerprint: string, threshold: number, now: Date, env: NodeJS.ProcessEnv = process.env): boolean {
  const s = read(env)[fingerprint];
  if (!s || s.threshold !== threshold) return false;
  return s.until === undefined || now.getTime() < new Date(s.until).getTime();
}

/** Records a snooze; `lastLead` is the smallest lead time in use (its snoozes last one day). */
export function snooze(fingerprint: string, threshold: number, lastLead: number, now: Date, env: NodeJS.ProcessEnv = process.env): void {
  const all = read(env);
  all[fingerprint] = threshold > 0 && threshold <= lastLead ? { threshold, until: new Date(now.getTime() + DAY).toISOString() } : { threshold };
  mkdirSync(dataDir(env), { recursive: true });
  writeFileAtomicSync(file(env), JSON.stringify({ snoozed: all }, null, 2) + '\n');
}
