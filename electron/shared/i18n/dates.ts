/**
 * Dates as a clerk in Italy reads them: the calendar day in Italian local time (Europe/Rome), `31/12/2027`, whatever
 * the computer's time zone. Times with hours are findings.ts `formatTime`; JSON keeps ISO 8601.
 */
import type { Lang } from './locale.js';

const TIME_ZONE = 'Europe/Rome';

/** `dd/mm/yyyy` of `iso` in Italy (English output too: one format, as the report's times); `iso` itself if unreadable. */
export function formatDate(iso: string, _lang: Lang): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('it-IT', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(d);
  const p = (t: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === t)?.value ?? '??';
  return `${p('day')}/${p('month')}/${p('year')}`;
}
