/**
 * NSS's `pkcs11.txt` (the module list of an sql: database, NSS "sql" format, secmod.db's successor): entries
 * separated by blank lines, each `library=PATH`, `name=NAME`, `parameters=…`, `NSS=…`. Read directly, so that a
 * status never loads any PKCS#11 module (what `modutil -list` does).
 */

export interface Pkcs11TxtEntry {
  readonly name: string;
  /** Empty for NSS's internal module. */
  readonly library: string;
}

/** At most this many bytes are read: a real pkcs11.txt is a few kilobytes. */
export const PKCS11_TXT_LIMIT = 1024 * 1024;

export function parsePkcs11Txt(text: string): Pkcs11TxtEntry[] {
  const out: Pkcs11TxtEntry[] = [];
  for (const block of text.slice(0, PKCS11_TXT_LIMIT).split(/\r?\n\s*\r?\n/)) {
    let name: string | undefined;
    let library = '';
    for (const line of block.split(/\r?\n/)) {
      const m = /^\s*(library|name)=(.*)$/.exec(line);
      if (m?.[1] === 'library') library = (m[2] ?? '').trim();
      else if (m?.[1] === 'name') name = (m[2] ?? '').trim();
    }
    if (name !== undefined) out.push({ name, library });
  }
  return out;
}
