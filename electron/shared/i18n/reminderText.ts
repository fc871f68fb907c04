/**
 * The words of a renewal reminder, in Italian and English, shared by `sigla reminders`, the app's banner and its
 * OS notification: what expires when, and what to do (the office's own instructions from the settings, or a plain
 * default: renew before expiry, after it no signature is possible).
 */
import { formatDate } from './dates.js';
import type { Lang } from './locale.js';

export function renewalAdvice(lang: Lang, instructions: string | undefined): string {
  if (instructions) return instructions;
  return lang === 'it'
    ? "Chiedi il rinnovo prima della scadenza all'ente che ha emesso il dispositivo (o all'ufficio che lo gestisce): dopo la scadenza non potrai più firmare."
    : 'Ask the issuer of your device (or the office that manages it) to renew it before it expires: after that you can no longer sign.';
}

/** One line: "Scade tra 40 giorni (02/01/2027): ROSSI MARIO" / "SCADUTO il …"; the date is the day in Italy. */
export function reminderLine(lang: Lang, c: { name: string; notAfter: string; daysLeft: number }): string {
  const when = formatDate(c.notAfter, lang);
  const n = c.daysLeft;
  if (n < 0) return lang === 'it' ? `SCADUTO il ${when}: ${c.name}` : `EXPIRED on ${when}: ${c.name}`;
  return lang === 'it' ? `Scade tra ${n} ${n === 1 ? 'giorno' : 'giorni'} (${when}): ${c.name}` : `Expires in ${n} ${n === 1 ? 'day' : 'days'} (${when}): ${c.name}`;
}

/** Title of the OS notification. */
export function reminderTitle(lang: Lang, count: number): string {
  if (lang === 'it') return count === 1 ? 'Certificato di firma in scadenza' : `${count} certificati di firma in scadenza`;
  return count === 1 ? 'Signing certificate about to expire' : `${count} signing certificates about to expire`;
}
