/** The Verifica screen's state, kept by the App (a signed output can be sent here from Firma). */
import { useCallback, useRef, useState } from 'react';
import { call, type ApiError, type SiglaDocument } from '../api';
import { readReports, type FileReportView } from '../verifyReport';

/** `content`: the document the user chose for a detached signature (.p7s) whose document was not beside it. */
export type VerifyOutcome = { doc: SiglaDocument; reports: FileReportView[]; content?: SiglaDocument } | { doc: SiglaDocument; error: ApiError };

export interface VerifySession {
  busy: boolean;
  outcomes: VerifyOutcome[] | null;
  error: ApiError | null;
  pick: () => Promise<void>;
  verify: (docs: SiglaDocument[]) => Promise<void>;
  /** A detached signature (.p7s) whose document was not found beside it: the user picks it, then it is verified again. */
  verifyWithContent: (doc: SiglaDocument) => Promise<void>;
}

export function useVerifySession(): VerifySession {
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<VerifyOutcome[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);

  const verify = useCallback(async (docs: SiglaDocument[]) => {
    if (running.current || docs.length === 0) return;
    running.current = true;
    setBusy(true);
    setError(null);
    setOutcomes(null);
    const out: VerifyOutcome[] = [];
    try {
      for (const doc of docs) {
        const r = await call('verify:run', { document: doc.id });
        out.push(r.ok ? { doc, reports: readReports(r.value, doc.name) } : { doc, error: r.error });
      }
    } finally {
      setOutcomes(out);
      setBusy(false);
      running.current = false;
    }
  }, []);

  const pick = useCallback(async () => {
    if (running.current) return;
    const r = await call('documents:pick', { purpose: 'verify' });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    await verify(r.value);
  }, [verify]);

  const verifyWithContent = useCallback(async (doc: SiglaDocument) => {
    if (running.current) return;
    const picked = await call('documents:pick', { purpose: 'content' });
    if (!picked.ok) {
      setError(picked.error);
      return;
    }
    const content = picked.value[0];
    if (!content) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      const r = await call('verify:run', { document: doc.id, content: content.id });
      const next: VerifyOutcome = r.ok ? { doc, reports: readReports(r.value, doc.name), content } : { doc, error: r.error };
      setOutcomes((list) => (list ?? []).map((o) => (o.doc.id === doc.id ? next : o)));
    } finally {
      setBusy(false);
      running.current = false;
    }
  }, []);

  return { busy, outcomes, error, pick, verify, verifyWithContent };
}
