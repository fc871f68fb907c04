/**
 * `sigla reminders [--days N] [--json]`: signing certificates Sigla has seen that expire within N days (default: the
 * largest lead time, 90), with what to do. Lead times (90, 60, 30, 7 or settings.json `reminderDays`) and the
 * office's renewal instructions (`renewalInstructions`) are the app's: electron/io/renewalReminders.ts.
 */
import { dueCertificates, reminderDays, renewalInstructions } from '../../io/renewalReminders.js';
import { reminderLine, renewalAdvice } from '../../shared/i18n/reminderText.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { usageError } from '../../shared/i18n/usage.js';
import { cliText } from '../../shared/i18n/cliText.js';

export function runReminders(a: { days?: string; json: boolean; lang: Lang }): number {
  const leads = reminderDays();
  const days = Number(a.days ?? String(leads[0] ?? 90));
  if (!Number.isFinite(days) || days < 0) throw usageError('days');
  const due = dueCertificates({ withinDays: days, leads }).map((c) => ({ ...c, lead: c.expired || c.daysLeft > (leads[0] ?? 0) ? null : c.threshold }));
  if (a.json) {
    process.stdout.write(JSON.stringify(due.map(({ threshold: _t, ...c }) => c), null, 2) + '\n');
    return 0;
  }
  if (due.length === 0) {
    process.stdout.write(`${cliText('noReminders', a.lang, { n: days })}\n`);
    return 0;
  }
  for (const c of due) process.stdout.write(`${reminderLine(a.lang, c)}\n`);
  process.stdout.write(`${renewalAdvice(a.lang, renewalInstructions())}\n`);
  return 0;
}
