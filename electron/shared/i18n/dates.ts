/**
 * Dates as a clerk in Italy reads them: the calendar day in Italian local time (Europe/Rome), `31/12/2027`, whatever
 * the computer's time zone. Times with hours are findings.ts `formatTime`; JSON keeps ISO 8601.
 */
import type { Lang } from './locale.js';
import { romeDate } from './romeTime.js';

/** `dd/mm/yyyy` of `iso` in Italy (English output too: one format, as the report's times); `iso` itself if unreadable. */
export function formatDate(iso: string, _lang: Lang): string {
  const d = new Date(iso);
  if (iso === '' || Number.isNaN(d.getTime())) return iso;
  return romeDate(d);
}
