/**
 * The trusted lists in use (Impostazioni → Elenchi di fiducia, the first start's banner, Verifica's notice when the
 * lists are missing or old), kept by the App: loaded once, replaced by every `trustLists:changed`, with the progress
 * of a running fetch from `trustLists:progress`.
 */
import { useCallback, useEffect, useState } from 'react';
import { call, subscribe, type ApiError, type EventOf, type ResultOf } from '../api';

export type TrustListsStatus = ResultOf<'trustLists:status'>;
export type TrustListState = TrustListsStatus['lists'][number];
export type TrustListsProgress = EventOf<'trustLists:progress'>;

export interface TrustListsState {
  status: TrustListsStatus | null;
  /** The running fetch, or null. */
  progress: TrustListsProgress | null;
  error: ApiError | null;
  reload: () => Promise<void>;
  /** "Aggiorna ora": resolves with the error (CANCELLED when stopped), or null. */
  update: () => Promise<ApiError | null>;
  cancel: () => Promise<void>;
  /** TL/LOTL files and their signers' certificates, by the opaque ids main gave. */
  importFiles: (documents: string[], signers: string[]) => Promise<ApiError | null>;
}

/** What Verifica says about the lists: none usable, some past their next update (by how many days), or fine. */
export function listsHealth(s: TrustListsStatus | null): { kind: 'unknown' | 'missing' | 'stale' | 'ok'; days?: number } {
  if (!s) return { kind: 'unknown' };
  const usable = s.lists.filter((l) => l.valid);
  // As verification's TRUSTED_LISTS_MISSING: no member state's list in use (a LOTL alone lists no service).
  if (!usable.some((l) => !l.isLotl)) return { kind: 'missing' };
  const stale = usable.filter((l) => l.stale);
  if (stale.length === 0) return { kind: 'ok' };
  return { kind: 'stale', days: Math.max(0, ...stale.map((l) => l.daysPastNextUpdate ?? 0)) };
}

export function useTrustLists(): TrustListsState {
  const [status, setStatus] = useState<TrustListsStatus | null>(null);
  const [progress, setProgress] = useState<TrustListsProgress | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(async (first: boolean) => {
    const r = await call('trustLists:status', {});
    if (r.ok) {
      setStatus(r.value);
      setError(null);
      // A fetch started before the page listened (the first start's): shown as running until it ends.
      if (first && r.value.updating) setProgress((p) => p ?? { running: true, background: true, done: 0, total: 0 });
    } else setError(r.error);
  }, []);
  const reload = useCallback(() => load(false), [load]);

  useEffect(() => {
    void load(true);
    const offChanged = subscribe('trustLists:changed', (s) => setStatus(s));
    const offProgress = subscribe('trustLists:progress', (p) => setProgress(p.running ? p : null));
    return () => {
      offChanged();
      offProgress();
    };
  }, [load]);

  const update = useCallback(async (): Promise<ApiError | null> => {
    setProgress((p) => p ?? { running: true, background: false, done: 0, total: 0 });
    const r = await call('trustLists:update', {});
    setProgress(null);
    if (r.ok) {
      setStatus(r.value);
      return null;
    }
    void reload();
    return r.error;
  }, [reload]);

  const cancel = useCallback(async () => {
    await call('trustLists:cancel', {});
  }, []);

  const importFiles = useCallback(async (documents: string[], signers: string[]): Promise<ApiError | null> => {
    const r = await call('trustLists:import', { documents, signers });
    if (r.ok) {
      setStatus(r.value);
      return null;
    }
    // A refused list is recorded (it shows as not used): read the lists again.
    void reload();
    return r.error;
  }, [reload]);

  return { status, progress, error, reload, update, cancel, importFiles };
}
