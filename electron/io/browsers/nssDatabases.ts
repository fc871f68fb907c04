/**
 * The NSS databases browsers use on Linux: every Firefox / Firefox ESR profile named by a `profiles.ini` (the
 * classic folder, the snap's and the Flatpak's), and the shared `~/.pki/nssdb` of Chrome, Chromium, Edge and Brave
 * (and the snap Chromium's own copy). HOME is the environment's, so that tests can point it at a temporary folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfilesIni, PROFILES_INI_LIMIT } from './profilesIni.js';

export type BrowserKind = 'firefox' | 'firefox-snap' | 'firefox-flatpak' | 'chrome-shared' | 'chromium-snap' | 'windows-store';

/** How an NSS database is stored: `sql` (cert9.db + pkcs11.txt, NSS ≥ 3.35), legacy `dbm` (cert8.db + secmod.db), or nothing yet. */
export type NssFormat = 'sql' | 'dbm' | 'none';

export interface NssDatabase {
  readonly browser: BrowserKind;
  /** The Firefox profile's name, or `nssdb` for the shared database. */
  readonly profile: string;
  /** The database folder (a Firefox profile folder is its own NSS database). */
  readonly path: string;
  readonly format: NssFormat;
  /** Firefox profiles can be locked by a running Firefox; the shared database has no such lock. */
  readonly firefoxProfile: boolean;
}

const FIREFOX_ROOTS: ReadonlyArray<readonly [BrowserKind, readonly string[]]> = [
  ['firefox', ['.mozilla', 'firefox']],
  ['firefox-snap', ['snap', 'firefox', 'common', '.mozilla', 'firefox']],
  ['firefox-flatpak', ['.var', 'app', 'org.mozilla.firefox', '.mozilla', 'firefox']],
];

const SHARED_DBS: ReadonlyArray<readonly [BrowserKind, readonly string[]]> = [
  ['chrome-shared', ['.pki', 'nssdb']],
  ['chromium-snap', ['snap', 'chromium', 'current', '.pki', 'nssdb']],
];

export function nssFormat(dir: string): NssFormat {
  if (existsSync(join(dir, 'cert9.db'))) return 'sql';
  if (existsSync(join(dir, 'cert8.db'))) return 'dbm';
  return 'none';
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function findNssDatabases(home: string): NssDatabase[] {
  const out: NssDatabase[] = [];
  for (const [browser, parts] of FIREFOX_ROOTS) {
    const root = join(home, ...parts);
    let text: string;
    try {
      text = readFileSync(join(root, 'profiles.ini'), 'utf8').slice(0, PROFILES_INI_LIMIT);
    } catch {
      continue;
    }
    for (const p of parseProfilesIni(text, root)) {
      if (isDir(p.path)) out.push({ browser, profile: p.name, path: p.path, format: nssFormat(p.path), firefoxProfile: true });
    }
  }
  for (const [browser, parts] of SHARED_DBS) {
    const dir = join(home, ...parts);
    if (isDir(dir)) out.push({ browser, profile: 'nssdb', path: dir, format: nssFormat(dir), firefoxProfile: false });
  }
  return out;
}
