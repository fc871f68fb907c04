/**
 * Bouncy Castle's view of time-stamps (test/helpers/java/BcTimestampCheck.java): CAdES signature-time-stamps (token
 * valid, imprint = hash of the signature value) and RFC 5544 .tsd files (CMSTimeStampedData). Independent of Sigla.
 */
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bcClasspath, hasBouncyCastle } from './bouncyCastle.js';

const SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'BcTimestampCheck.java');

export interface BcCadesTimestamps {
  signers: { hasTimestamp: boolean; imprintMatchesSignature?: boolean; tokenValid?: boolean; genTime?: string }[];
}

export interface BcTsd {
  tokens: number;
  imprintOk: boolean;
  tokensValid: boolean;
  contentSha256: string;
  fileName: string | null;
}

export const hasBcTimestamp = (): boolean => hasBouncyCastle() && fs.existsSync(SOURCE);

let dir: string | undefined;
function compiled(): string {
  if (dir) return dir;
  const hash = crypto.createHash('sha256').update(fs.readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const target = path.join(os.tmpdir(), `sigla-bcts-${hash}`);
  if (!fs.existsSync(path.join(target, 'BcTimestampCheck.class'))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sigla-bcts-build-'));
    execFileSync('javac', ['-nowarn', '-encoding', 'UTF-8', '-cp', bcClasspath(), '-d', work, SOURCE], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      fs.renameSync(work, target);
    } catch {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  dir = target;
  return target;
}

function run<T>(mode: 'cades' | 'tsd', file: string): T {
  const out = execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', bcClasspath(compiled()), 'BcTimestampCheck', mode, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const line = out.split(/\r?\n/).filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`BcTimestampCheck printed nothing for ${file}`);
  return JSON.parse(line) as T;
}

export const bcCadesTimestamps = (file: string): BcCadesTimestamps => run<BcCadesTimestamps>('cades', file);
export const bcTsd = (file: string): BcTsd => run<BcTsd>('tsd', file);
