/**
 * Bouncy Castle's view of CAdES B-LT/B-LTA files (test/helpers/java/BcCadesLtvCheck.java, written from ETSI EN 319
 * 122-1 §5.5 and RFC 5940, independent of Sigla's code): every SignerInfo verified, the counts of certificates,
 * CRLs and RFC 5940 OCSP responses (each written out for openssl), and for each archive-time-stamp-v3 whether its
 * token validates, its ats-hash-index-v3 entries all match and its message imprint recomputed per §5.5.3 matches.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { bcClasspath } from './bouncyCastle.js';
import { compileJavaTool } from './javaTool.js';

const SOURCE = path.resolve(__dirname, '../../..', 'test', 'helpers', 'java', 'BcCadesLtvCheck.java');

export interface BcArchive {
  tokenValid: boolean;
  imprintMatches: boolean;
  indexMatches: boolean;
  /** 3: ats-hash-index-v3; 1: the earlier ats-hash-index / -v2 (whole attributes hashed). */
  indexVersion: 1 | 3;
  indexAlgorithm: string;
  genTime: string;
}

export interface BcCadesLtv {
  version: number;
  certificates: number;
  crls: number;
  ocsp: number;
  signers: { verified: boolean; archive: BcArchive[] }[];
  error: string | null;
}

/** Checks `file`; CRLs go to `outDir`/crl-N.der and OCSP responses to `outDir`/ocsp-N.der. */
export function bcCadesLtv(file: string, outDir: string, detachedContent?: string): BcCadesLtv {
  const dir = compileJavaTool(SOURCE, 'BcCadesLtvCheck', bcClasspath());
  const args = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', bcClasspath(dir), 'BcCadesLtvCheck', file, outDir];
  if (detachedContent !== undefined) args.push(detachedContent);
  let out: string;
  try {
    out = execFileSync('java', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const line = out.split(/\r?\n/).filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`BcCadesLtvCheck printed nothing for ${file}`);
  return JSON.parse(line) as BcCadesLtv;
}
