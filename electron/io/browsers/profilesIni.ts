/**
 * Firefox's `profiles.ini` (an INI file beside the profile folders): every profile folder it names, from the
 * `[ProfileN]` sections (`Path=`, `IsRelative=1` for a path relative to the ini's folder) and from the `[Install…]`
 * sections' `Default=` (always relative). A hostile or damaged file yields fewer profiles, never an exception.
 */
import { isAbsolute, join, resolve } from 'node:path';

export interface IniProfile {
  /** The profile's `Name=` (or the folder name when the section has none). */
  readonly name: string;
  /** The profile folder, absolute. */
  readonly path: string;
}

/** At most this many bytes of profiles.ini are read: a real one is a few hundred bytes. */
export const PROFILES_INI_LIMIT = 256 * 1024;

export function parseProfilesIni(text: string, iniDir: string): IniProfile[] {
  const sections: Array<{ name: string; keys: Map<string, string> }> = [];
  for (const raw of text.slice(0, PROFILES_INI_LIMIT).split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      sections.push({ name: header[1], keys: new Map() });
      continue;
    }
    const eq = line.indexOf('=');
    const current = sections.at(-1);
    if (eq > 0 && current) current.keys.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const out = new Map<string, IniProfile>();
  const add = (name: string, path: string, relative: boolean): void => {
    if (path === '') return;
    const abs = relative || !isAbsolute(path) ? resolve(join(iniDir, path)) : resolve(path);
    if (!out.has(abs)) out.set(abs, { name, path: abs });
  };
  for (const s of sections) {
    const path = s.keys.get('Path');
    if (/^Profile\d+$/.test(s.name) && path !== undefined) add(s.keys.get('Name') ?? path, path, s.keys.get('IsRelative') !== '0');
  }
  for (const s of sections) {
    const def = s.keys.get('Default');
    if (s.name.startsWith('Install') && def !== undefined) add(def, def, true);
  }
  return [...out.values()];
}
