/**
 * Token profiles: what Sigla knows about a family of PKCS#11 middleware, as data (`resources/token-profiles.json`,
 * described for editors by `token-profiles.schema.json`): install paths per OS, how the PIN is typed, how the PUK
 * unblock works and what a locked PUK means. Validated at load time; a broken file is an internal error, never a
 * silent fallback.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { SiglaError } from '../../shared/errors.js';

const Text = z.strictObject({ it: z.string(), en: z.string() });

/** How a PUK unblocks the user PIN (PKCS#11 v2.40 §5.5 C_InitPIN / C_SetPIN / C_Login). */
export const PukStrategy = z.enum(['so-initpin', 'setpin-unlogged', 'context-initpin']);
export type PukStrategy = z.infer<typeof PukStrategy>;

const Profile = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  paths: z.partialRecord(z.enum(['linux', 'win32', 'darwin']), z.array(z.string())),
  pin: z
    .strictObject({
      minLength: z.number().int().min(1).optional(),
      maxLength: z.number().int().min(1).optional(),
      digitsOnly: z.boolean().optional(),
      transform: z.enum(['none', 'cie-last4']).optional(),
    })
    .optional(),
  puk: z.strictObject({
    strategy: PukStrategy,
    lockedMeans: z.enum(['unusable', 'reset-by-admin']),
    warning: Text.optional(),
  }),
  notes: Text.optional(),
  rescanByReinit: z.boolean().optional(),
});

const ProfilesFile = z.strictObject({ $schema: z.string().optional(), profiles: z.array(Profile) });

export type TokenProfile = z.infer<typeof Profile>;

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
    parsed = ProfilesFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new SiglaError('INTERNAL', `token profiles ${file} are invalid`, { params: { detail: `token profiles: ${(e as Error).message}` }, cause: e });
  }
  if (file === PROFILES_FILE) cached = parsed.profiles;
  return parsed.profiles;
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
