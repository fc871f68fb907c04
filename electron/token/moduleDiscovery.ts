/**
 * Where PKCS#11 middleware lives on this machine. The known paths are data (`resources/token-profiles.json`); the
 * user adds modules in the settings (`pkcs11Modules` in `settings.json` of the data folder, shared with the app),
 * names one with `--module`, or with `SIGLA_MODULE`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { pkcs11ModuleList, readRawSettings } from '../io/settingsFile.js';
import { loadProfiles, profileForModule, type TokenProfile } from './profiles/TokenProfile.js';

export interface FoundModule {
  /** Profile id, or `explicit` / `env` / `settings` for modules named by the user and matched to no profile. */
  readonly profile: string;
  readonly name: string;
  readonly path: string;
  /** How it was found. */
  readonly source: 'explicit' | 'env' | 'settings' | 'known-path';
}

/** Modules the user added in the settings (ignored when the file is missing or unreadable). */
export function configuredModules(env: NodeJS.ProcessEnv = process.env): string[] {
  return pkcs11ModuleList(readRawSettings(env)['pkcs11Modules']);
}

function describe(path: string, source: FoundModule['source']): FoundModule {
  const p: TokenProfile = profileForModule(path);
  return { profile: p.id === 'generic' ? source : p.id, name: p.id === 'generic' ? path : p.name, path, source };
}

/** Modules present: the explicit one alone (argument, else SIGLA_MODULE); otherwise configured, then known ones. */
export function discoverModules(explicit?: string, platform: string = process.platform, env: NodeJS.ProcessEnv = process.env): FoundModule[] {
  if (explicit) return [describe(explicit, 'explicit')];
  const fromEnv = env['SIGLA_MODULE'];
  if (fromEnv) return [describe(fromEnv, 'env')];
  const found: FoundModule[] = [];
  // One entry per library file: a symlink and its target must not be loaded (and C_Initialize'd) twice.
  const seen = new Set<string>();
  const fresh = (path: string): boolean => {
    if (!existsSync(path)) return false;
    const real = realpathSync(path);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  for (const path of configuredModules(env)) if (fresh(path)) found.push(describe(path, 'settings'));
  for (const p of loadProfiles()) {
    for (const path of p.paths[platform as 'linux'] ?? []) {
      if (fresh(path)) found.push({ profile: p.id, name: p.name, path, source: 'known-path' });
    }
  }
  return found;
}
