/** "Importa certificato di fiducia": a file chosen through main, checked and added to the trust store there. */
import { call, type ApiError, type ResultOf } from '../api';

export type TrustImportOutcome = { kind: 'cancelled' } | { kind: 'error'; error: ApiError } | { kind: 'ok'; value: ResultOf<'trust:import'> };

export async function importTrustCertificate(): Promise<TrustImportOutcome> {
  const picked = await call('documents:pick', { purpose: 'certificate' });
  if (!picked.ok) return { kind: 'error', error: picked.error };
  const doc = picked.value[0];
  if (!doc) return { kind: 'cancelled' };
  const r = await call('trust:import', { document: doc.id });
  return r.ok ? { kind: 'ok', value: r.value } : { kind: 'error', error: r.error };
}
