/**
 * Calendar fields of an instant in Italian local time (Europe/Rome) without ICU: building an Intl.DateTimeFormat
 * loads ICU's locale and time-zone data, ~20 ms of every `sigla verify` (issue 13), for a rule that is simple in the
 * years documents are signed in. From 1996 Italy follows the EU summer-time rule (Directive 2000/84/EC and the
 * directives before it): CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
 * last Sunday of October. Instants outside 1996–2037 (UTC year) are left to Intl, built once, on first need; a test
 * compares both over the whole range.
 */

export interface RomeTimeFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const FIRST_YEAR = 1996;
const LAST_YEAR = 2037;

/** Day of the month of the last Sunday of `month` (0-based) in `year`. */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** Hours Europe/Rome is ahead of UTC at `ms`, or undefined outside the years the rule above covers. */
export function romeOffsetHours(ms: number): number | undefined {
  const year = new Date(ms).getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) return undefined;
  const start = Date.UTC(year, 2, lastSunday(year, 2), 1);
  const end = Date.UTC(year, 9, lastSunday(year, 9), 1);
  return ms >= start && ms < end ? 2 : 1;
}

let intl: Intl.DateTimeFormat | undefined;

function byIntl(d: Date): RomeTimeFields {
  intl ??= new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Rome', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
  const parts = intl.formatToParts(d);
  const n = (t: Intl.DateTimeFormatPartTypes): number => Number(parts.find((x) => x.type === t)?.value ?? Number.NaN);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour'), minute: n('minute'), second: n('second') };
}

/** The Europe/Rome calendar fields of `d` (month 1–12; seconds truncated, as Intl does). */
export function romeTimeFields(d: Date): RomeTimeFields {
  const ms = d.getTime();
  const offset = romeOffsetHours(ms);
  if (offset === undefined) return byIntl(d);
  const l = new Date(ms + offset * 3_600_000);
  return { year: l.getUTCFullYear(), month: l.getUTCMonth() + 1, day: l.getUTCDate(), hour: l.getUTCHours(), minute: l.getUTCMinutes(), second: l.getUTCSeconds() };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `dd/mm/yyyy` in Italy. */
export function romeDate(d: Date): string {
  const f = romeTimeFields(d);
  return `${two(f.day)}/${two(f.month)}/${f.year}`;
}

/** `dd/mm/yyyy hh:mm:ss` in Italy (24-hour clock). */
export function romeDateTime(d: Date): string {
  const f = romeTimeFields(d);
  return `${two(f.day)}/${two(f.month)}/${f.year} ${two(f.hour)}:${two(f.minute)}:${two(f.second)}`;
}
