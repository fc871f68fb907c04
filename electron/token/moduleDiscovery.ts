/**
 * Where PKCS#11 middleware lives on this machine. The list of known paths is data
 * (`resources/token-profiles.json`); a module can also be named with `--module` or `SIGLA_MODULE`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ModuleProfile {
  readonly id: string;
  readonly name: string;
  readonly paths: Readonly<Record<string, readonly string[]>>;
}

export interface FoundModule {
  readonly profile: string;
  readonly name: string;
  readonly path: string;
}

const PROFILES_FILE = join(__dirname, '..', '..', '..', 'resources', 'token-profiles.json');

export function loadProfiles(file = PROFILES_FILE): ModuleProfile[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { profiles: ModuleProfile[] };
  return data.profiles;
}

/** Modules present on disk: the explicit ones first (argument, then SIGLA_MODULE), then known middleware. */
export function discoverModules(explicit?: string, platform: string = process.platform): FoundModule[] {
  if (explicit) return [{ profile: 'explicit', name: explicit, path: explicit }];
  const env = process.env['SIGLA_MODULE'];
  if (env) return [{ profile: 'env', name: env, path: env }];
  const found: FoundModule[] = [];
  const seen = new Set<string>();
  for (const p of loadProfiles()) {
    for (const path of p.paths[platform] ?? []) {
      if (!seen.has(path) && existsSync(path)) {
        seen.add(path);
        found.push({ profile: p.id, name: p.name, path });
      }
    }
  }
  return found;
}
