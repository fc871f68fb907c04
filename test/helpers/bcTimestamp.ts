/**
 * Bouncy Castle's view of time-stamps (test/helpers/java/BcTimestampCheck.java): CAdES signature-time-stamps (token
 * valid, imprint = hash of the signature value) and RFC 5544 .tsd files (CMSTimeStampedData). Independent of Sigla.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bcClasspath, hasBouncyCastle } from './bouncyCastle.js';
import { compileJavaTool } from './javaTool.js';

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

const compiled = (): string => compileJavaTool(SOURCE, 'BcTimestampCheck', bcClasspath());

function run<T>(mode: 'cades' | 'tsd', file: string): T {
  const out = execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', bcClasspath(compiled()), 'BcTimestampCheck', mode, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const line = out.split(/\r?\n/).filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`BcTimestampCheck printed nothing for ${file}`);
  return JSON.parse(line) as T;
}

export const bcCadesTimestamps = (file: string): BcCadesTimestamps => run<BcCadesTimestamps>('cades', file);
export const bcTsd = (file: string): BcTsd => run<BcTsd>('tsd', file);
