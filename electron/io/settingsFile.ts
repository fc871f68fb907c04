/**
 * `settings.json` of the data folder as raw JSON, without the schema of io/Settings.ts: what start-up paths that
 * need one field read (`sigla modules` reads only the extra PKCS#11 modules) without loading the validation
 * library. io/Settings.ts builds on it, and takes the rule for `pkcs11Modules` from here.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './dataDir.js';

export const settingsPath = (env: NodeJS.ProcessEnv = process.env): string => join(dataDir(env), 'settings.json');

/** The whole file as JSON (an object; `{}` when missing or unreadable), unknown keys included. */
export function readRawSettings(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(settingsPath(env), 'utf8');
  } catch {
    return {};
  }
  try {
    const v = JSON.parse(text) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // below
  }
  // Not a JSON object (a hand edit gone wrong): kept aside, so that writing new settings does not lose it.
  try {
    copyFileSync(settingsPath(env), `${settingsPath(env)}.bad`);
  } catch {
    // best effort
  }
  return {};
}

/** The `pkcs11Modules` field: the non-empty strings of a list; anything else is no module. */
export function pkcs11ModuleList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}
