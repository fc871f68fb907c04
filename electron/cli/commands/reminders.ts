/**
 * `sigla reminders [--days N] [--json]`: signing certificates Sigla has seen that expire within N days (default 90),
 * with what to do. Lead times from `reminderDays` in settings.json (default 90, 60, 30 and 7 days), as the app's
 * notifications; an office's own renewal instructions come from `renewalInstructions` there.
 */
import { rememberedCertificates } from '../../io/certificateMemory.js';
import { readSettings } from '../../io/Settings.js';
import { SiglaError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/locale.js';

const DAY = 86_400_000;

export function runReminders(a: { days?: string; json: boolean; lang: Lang }): number {
  const days = Number(a.days ?? '90');
  if (!Number.isFinite(days) || days < 0) throw new SiglaError('USAGE', '--days takes a number of days', { params: { detail: '--days N' } });
  const settings = readSettings();
  const leads = [...settings.reminderDays].sort((x, y) => x - y);
  const now = Date.now();
  const due = rememberedCertificates()
    .map((c) => ({ ...c, daysLeft: Math.floor((new Date(c.notAfter).getTime() - now) / DAY) }))
    .filter((c) => c.daysLeft <= days)
    .sort((x, y) => x.daysLeft - y.daysLeft)
    .map((c) => ({ ...c, lead: leads.find((l) => c.daysLeft <= l) ?? null, expired: c.daysLeft < 0 }));
  if (a.json) {
    process.stdout.write(JSON.stringify(due, null, 2) + '\n');
    return 0;
  }
  const it = a.lang === 'it';
  if (due.length === 0) {
    process.stdout.write(it ? `Nessun certificato di firma scade entro ${days} giorni.\n` : `No signing certificate expires within ${days} days.\n`);
    return 0;
  }
  const how = settings.renewalInstructions ?? (it ? "Chiedi il rinnovo prima della scadenza all'ente che ha emesso il dispositivo (o all'ufficio che lo gestisce): dopo la scadenza non potrai più firmare." : 'Ask the issuer of your device (or the office that manages it) to renew it before it expires: after that you can no longer sign.');
  for (const c of due) {
    const when = c.notAfter.slice(0, 10);
    process.stdout.write(
      c.expired
        ? it ? `SCADUTO il ${when}: ${c.name}\n` : `EXPIRED on ${when}: ${c.name}\n`
        : it ? `Scade tra ${c.daysLeft} giorni (${when}): ${c.name}\n` : `Expires in ${c.daysLeft} days (${when}): ${c.name}\n`,
    );
  }
  process.stdout.write(`${how}\n`);
  return 0;
}
