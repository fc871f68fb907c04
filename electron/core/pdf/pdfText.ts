/**
 * PDF text strings and dates (ISO 32000-2 §7.9.2.2 text strings, §7.9.4 dates), written as bytes.
 */

/** A text string: a literal in PDFDocEncoding when plain ASCII, else UTF-16BE with its byte order mark (hex). */
export function textString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const units: string[] = ['FEFF'];
  for (let i = 0; i < s.length; i++) units.push(s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase());
  return `<${units.join('')}>`;
}

/** `D:YYYYMMDDHHmmSS+00'00'` in UTC. */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

/** Longest date string read: the full form `D:YYYYMMDDHHmmSSOHH'mm'` is 23 characters; a little slack for spaces. */
const MAX_DATE_LENGTH = 40;

/**
 * A PDF date (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm` with every field after the year optional, O one of `+`,
 * `-`, `Z` (UT; an absent O means the time zone is unknown, read as UT), the apostrophes optional (PDF 2.0 drops the
 * trailing one, older writers wrote `+01'00'`). Undefined for anything else: out-of-range fields, extra characters,
 * a string longer than any date. The prefix `D:` is recommended, not required; it is accepted without.
 */
export function parsePdfDate(s: string): Date | undefined {
  if (s.length > MAX_DATE_LENGTH) return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)(?:00'?(?:00'?)?)?|([+-])(\d{2})(?:'?(\d{2})'?)?)?$/.exec(s.trim());
  if (!m) return undefined;
  const n = (v: string | undefined, dflt: number): number => (v === undefined ? dflt : Number(v));
  const [year, month, day, hour, minute, second] = [n(m[1], 0), n(m[2], 1), n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  // setUTCFullYear, not Date.UTC: years 0–99 stay what they say.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const utc = d.getTime();
  // 31 February and the like do not roll over into the next month.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  let offset = 0;
  if (m[8]) {
    const oh = n(m[9], 0);
    const om = n(m[10], 0);
    if (oh > 23 || om > 59) return undefined;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(utc - offset * 60_000);
}
