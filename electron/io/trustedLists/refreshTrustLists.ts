/**
 * The automatic refresh (issue 12 item 1): at most once a day, and only when a cache already exists (the first
 * fetch is the user's or the app's first start, never a side effect of `verify` in an empty data folder). Failures
 * are recorded in the state and otherwise silent: verification goes on with the copies in use.
 */
import { cacheExists, readState } from './state.js';
import { updateTrustLists } from './updateTrustLists.js';

const DAY = 86_400_000;

export async function refreshTrustListsIfDue(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Promise<boolean> {
  if (!cacheExists(env)) return false;
  const s = readState(env);
  const last = s.lastAttempt ? new Date(s.lastAttempt).getTime() : 0;
  if (Number.isFinite(last) && now.getTime() - last < DAY && now.getTime() >= last) return false;
  try {
    await updateTrustLists({ env, lotlUrl: s.lotlUrl });
  } catch {
    // Recorded in state.json by updateTrustLists; the copies in use stay.
  }
  return true;
}
