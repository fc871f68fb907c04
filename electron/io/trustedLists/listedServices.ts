/**
 * The services of the validated TLs in use, as verification needs them (from the derived index, not the XML),
 * memoised per process on state.json's identity so that a batch `verify` or the app reads them once per change.
 */
import { statSync } from 'node:fs';
import type { ListedService } from '../../core/tsl/TrustedList.js';
import { statePath } from './cacheFiles.js';
import { readServices } from './serviceIndex.js';
import { readState } from './state.js';

let memo: { key: string; services: readonly ListedService[] } | undefined;

export function listedServices(env: NodeJS.ProcessEnv = process.env): readonly ListedService[] {
  let key: string;
  try {
    const st = statSync(statePath(env));
    key = `${statePath(env)}:${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return [];
  }
  if (memo?.key === key) return memo.services;
  const services = readState(env).lists.filter((l) => !l.isLotl).flatMap((l) => readServices(l.territory, env));
  memo = { key, services };
  return services;
}
