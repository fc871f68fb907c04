/**
 * PEC profiles (core/pec/PecProfile.ts) as JSON files: the shipped ones in resources/pec-profiles/ (`agid`, the
 * default: the formats of AgID's Linee guida sulla formazione, gestione e conservazione dei documenti informatici,
 * Allegato 2; `genova`, an example with Comune di Genova's published rules), and the user's own in the data folder,
 * `pec-profiles/NAME.json` (a user profile with a shipped profile's name replaces it). Each file is validated
 * (zod); a bad one is a coded error (PEC_PROFILE_INVALID) naming the file and the first problem, never a crash.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../core/pec/DocumentType.js';
import { PEC_FINDING_CODES } from '../../core/pec/PecFinding.js';
import type { PecProfile } from '../../core/pec/PecProfile.js';
import { SiglaError } from '../../shared/errors.js';
import { dataDir } from '../dataDir.js';
import { readInputFile } from '../readInputFile.js';

export const DEFAULT_PEC_PROFILE = 'agid';
export const SHIPPED_PROFILES_DIR = join(__dirname, '..', '..', '..', '..', 'resources', 'pec-profiles');

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const PROFILE_MAX_BYTES = 256 * 1024;

export const PecProfileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(NAME),
    title: z.object({ it: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict(),
    description: z.object({ it: z.string().max(4000), en: z.string().max(4000) }).strict().optional(),
    formats: z.array(z.enum(DOCUMENT_TYPES)).min(1).max(DOCUMENT_TYPES.length),
    maxTotalBytes: z.number().int().min(1).max(10 * 1024 * 1024 * 1024).optional(),
    requireSigned: z.boolean().optional(),
    requireQualified: z.boolean().optional(),
    requirePdfA: z.boolean().optional(),
    forbidLinks: z.boolean().optional(),
    severity: z.partialRecord(z.enum(PEC_FINDING_CODES), z.enum(['block', 'warn', 'off'])).optional(),
  })
  .strict();

export function userProfilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'pec-profiles');
}

/** `field`: where in the file (a JSON path, `/` for the whole file); `detail`, English, for logs and English output. */
function invalid(file: string, field: string, detail: string, cause?: unknown): SiglaError {
  return new SiglaError('PEC_PROFILE_INVALID', `PEC profile ${file}: ${field}: ${detail}`, { params: { file, field, detail: `${field}: ${detail}` }, ...(cause !== undefined ? { cause } : {}) });
}

/** One profile file, validated; its name must be the file's. */
export function readPecProfile(file: string): PecProfile {
  const bytes = readInputFile(file);
  if (bytes.length > PROFILE_MAX_BYTES) throw invalid(file, '/', `over ${PROFILE_MAX_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (e) {
    throw invalid(file, '/', 'not JSON', e);
  }
  const r = PecProfileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw invalid(file, issue?.path.join('.') || '/', issue?.message ?? 'invalid', r.error);
  }
  const expected = basename(file).replace(/\.json$/i, '');
  if (r.data.name !== expected) throw invalid(file, 'name', `"${r.data.name}" is not the file's name "${expected}"`);
  const { $schema: _schema, description: _description, ...profile } = r.data;
  return profile as PecProfile;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json') && NAME.test(n.slice(0, -5)))
    .sort()
    .map((n) => join(dir, n));
}

/** The names of the profiles available: shipped and the user's. */
export function pecProfileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...new Set([...jsonFiles(SHIPPED_PROFILES_DIR), ...jsonFiles(userProfilesDir(env))].map((f) => basename(f, '.json')))].sort();
}

/** The profile named `name` (default `agid`): the user's file first, then the shipped one. */
export function loadPecProfile(name: string = DEFAULT_PEC_PROFILE, env: NodeJS.ProcessEnv = process.env): PecProfile {
  if (!NAME.test(name)) throw new SiglaError('PEC_PROFILE_NOT_FOUND', `no PEC profile ${name}`, { params: { input: name, candidates: pecProfileNames(env).join(', ') } });
  for (const dir of [userProfilesDir(env), SHIPPED_PROFILES_DIR]) {
    const file = join(dir, `${name}.json`);
    if (existsSync(file)) return readPecProfile(file);
  }
  throw new SiglaError('PEC_PROFILE_NOT_FOUND', `no PEC profile ${name}`, { params: { input: name, candidates: pecProfileNames(env).join(', ') } });
}

/** Every profile that loads (a bad user file is left out, not fatal to the list), for the app's choice. */
export function pecProfiles(env: NodeJS.ProcessEnv = process.env): PecProfile[] {
  const out: PecProfile[] = [];
  for (const name of pecProfileNames(env)) {
    try {
      out.push(loadPecProfile(name, env));
    } catch {
      // a broken user profile: `pec check --profile NAME` reports it; the list shows the others
    }
  }
  return out;
}
