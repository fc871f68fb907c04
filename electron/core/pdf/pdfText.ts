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
