/**
 * Token profiles: what Sigla knows about a family of PKCS#11 middleware, as data (`resources/token-profiles.json`,
 * described for editors by `token-profiles.schema.json`): install paths per OS, how the PIN is typed, how the PUK
 * unblock works and what a locked PUK means. Validated at load time; a broken file is an internal error, never a
 * silent fallback.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SiglaError } from '../../shared/errors.js';

/** Italian and English text. */
export interface ProfileText {
  readonly it: string;
  readonly en: string;
}

/** How a PUK unblocks the user PIN (PKCS#11 v2.40 §5.5 C_InitPIN / C_SetPIN / C_Login). */
export type PukStrategy = 'so-initpin' | 'setpin-unlogged' | 'context-initpin';

/** One profile: the shape of `$defs.profile` in `resources/token-profiles.schema.json`. */
export interface TokenProfile {
  readonly id: string;
  readonly name: string;
  readonly paths: Partial<Record<'linux' | 'win32' | 'darwin', string[]>>;
  readonly pin?: {
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly digitsOnly?: boolean;
    readonly transform?: 'none' | 'cie-last4';
  };
  readonly puk: { readonly strategy: PukStrategy; readonly lockedMeans: 'unusable' | 'reset-by-admin'; readonly warning?: ProfileText };
  readonly notes?: ProfileText;
  readonly rescanByReinit?: boolean;
}

/**
 * Checks parsed JSON against the rules of `token-profiles.schema.json` (the test suite holds the two to the same
 * verdicts with Ajv). Written out rather than with zod: `sigla modules`, `tokens` and the token host read the
 * profiles at start-up, and loading a validation library there cost more than the rest of the command.
 */
function checkProfilesFile(data: unknown): TokenProfile[] {
  const fail = (where: string): never => {
    throw new Error(`${where} does not match token-profiles.schema.json`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const only = (o: Record<string, unknown>, keys: readonly string[], where: string): void => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where}.${k}`);
  };
  const str = (v: unknown, where: string): void => void (typeof v === 'string' || fail(where));
  const optional = (o: Record<string, unknown>, k: string, check: (v: unknown, where: string) => void, where: string): void => {
    if (k in o) check(o[k], `${where}.${k}`);
  };
  const oneOf = (values: readonly string[]) => (v: unknown, where: string): void => void ((typeof v === 'string' && values.includes(v)) || fail(where));
  const bool = (v: unknown, where: string): void => void (typeof v === 'boolean' || fail(where));
  const count = (v: unknown, where: string): void => void ((Number.isInteger(v) && (v as number) >= 1) || fail(where));
  const text = (v: unknown, where: string): void => {
    if (!isObject(v)) return fail(where);
    only(v, ['it', 'en'], where);
    str(v['it'], `${where}.it`);
    str(v['en'], `${where}.en`);
  };
  if (!isObject(data)) return fail('the file');
  only(data, ['$schema', 'profiles'], 'the file');
  optional(data, '$schema', str, 'the file');
  const profiles = data['profiles'];
  if (!Array.isArray(profiles)) return fail('profiles');
  profiles.forEach((p: unknown, i) => {
    const at = `profiles[${i}]`;
    if (!isObject(p)) return fail(at);
    only(p, ['id', 'name', 'paths', 'pin', 'puk', 'notes', 'rescanByReinit'], at);
    if (typeof p['id'] !== 'string' || !/^[a-z0-9-]+$/.test(p['id'])) fail(`${at}.id`);
    str(p['name'], `${at}.name`);
    const paths = p['paths'];
    if (!isObject(paths)) return fail(`${at}.paths`);
    only(paths, ['linux', 'win32', 'darwin'], `${at}.paths`);
    for (const [os, list] of Object.entries(paths)) {
      if (!Array.isArray(list)) fail(`${at}.paths.${os}`);
      else list.forEach((path: unknown, j) => str(path, `${at}.paths.${os}[${j}]`));
    }
    optional(p, 'pin', (pin, where) => {
      if (!isObject(pin)) return fail(where);
      only(pin, ['minLength', 'maxLength', 'digitsOnly', 'transform'], where);
      optional(pin, 'minLength', count, where);
      optional(pin, 'maxLength', count, where);
      optional(pin, 'digitsOnly', bool, where);
      optional(pin, 'transform', oneOf(['none', 'cie-last4']), where);
    }, at);
    const puk = p['puk'];
    if (!isObject(puk)) return fail(`${at}.puk`);
    only(puk, ['strategy', 'lockedMeans', 'warning'], `${at}.puk`);
    oneOf(['so-initpin', 'setpin-unlogged', 'context-initpin'])(puk['strategy'], `${at}.puk.strategy`);
    oneOf(['unusable', 'reset-by-admin'])(puk['lockedMeans'], `${at}.puk.lockedMeans`);
    optional(puk, 'warning', text, `${at}.puk`);
    optional(p, 'notes', text, at);
    optional(p, 'rescanByReinit', bool, at);
  });
  return profiles as TokenProfile[];
}

export const PROFILES_FILE = join(__dirname, '..', '..', '..', '..', 'resources', 'token-profiles.json');

/** The profile used for a module no profile knows: the PKCS#11 default flows. */
export const GENERIC_PROFILE: TokenProfile = {
  id: 'generic',
  name: 'PKCS#11',
  paths: {},
  puk: { strategy: 'so-initpin', lockedMeans: 'unusable' },
};

let cached: TokenProfile[] | undefined;

export function loadProfiles(file = PROFILES_FILE): TokenProfile[] {
  if (file === PROFILES_FILE && cached) return cached;
  let parsed;
  try {
    parsed = checkProfilesFile(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new SiglaError('INTERNAL', `token profiles ${file} are invalid`, { params: { detail: `token profiles: ${(e as Error).message}` }, cause: e });
  }
  if (file === PROFILES_FILE) cached = parsed;
  return parsed;
}

/** The profile of a module path: an exact known path first, then the same file name under another folder. */
export function profileForModule(path: string, profiles: readonly TokenProfile[] = loadProfiles()): TokenProfile {
  for (const p of profiles) if (Object.values(p.paths).some((list) => list.includes(path))) return p;
  const name = basename(path.replace(/\\/g, '/')).toLowerCase();
  for (const p of profiles) {
    if (Object.values(p.paths).some((list) => list.some((q) => basename(q.replace(/\\/g, '/')).toLowerCase() === name))) return p;
  }
  return GENERIC_PROFILE;
}
