/**
 * The Firma screen's state, kept by the App so that it survives moving to another screen while signing goes on.
 * A batch is one `sign:run` per format (PAdES for the PDFs kept as PAdES, CAdES for the rest).
 */
import { useCallback, useRef, useState } from 'react';
import { call, subscribe, type ApiError, type RequestOf, type SiglaDocument, type SignResult } from '../api';

export type SignFormat = 'cades' | 'pades';

export interface ChosenFile {
  doc: SiglaDocument;
  format: SignFormat;
}

export type FileOutcome =
  | { kind: 'ok'; id: string; name: string; output?: SiglaDocument }
  | { kind: 'error'; id: string; name: string; error: ApiError }
  | { kind: 'skipped'; id: string; name: string };

export interface SignOptions {
  detached: boolean;
  /** Add a time-stamp from a TSA account of the settings. */
  timestamp: boolean;
  /** The account chosen (id); empty: the default one. */
  tsaAccount: string;
  reason: string;
  token: string;
}

export interface SignSession {
  files: ChosenFile[];
  options: SignOptions;
  busy: boolean;
  picking: boolean;
  progress: { done: number; total: number } | null;
  outcomes: FileOutcome[] | null;
  error: ApiError | null;
  pick: () => Promise<void>;
  remove: (id: string) => void;
  setFormat: (id: string, format: SignFormat) => void;
  setOptions: (patch: Partial<SignOptions>) => void;
  run: (token: string | undefined, tsaAccount?: string) => Promise<void>;
  reset: () => void;
}

/** Errors after which main stops the batch: the files not yet done are not signed. */
const STOPPING = new Set(['TOKEN_REMOVED', 'DEVICE_ERROR', 'CANCELLED', 'TSA_UNAVAILABLE', 'PIN_LOCKED', 'PIN_FINAL_TRY_REFUSED']);

export const defaultFormat = (doc: SiglaDocument): SignFormat => (doc.kind === 'pdf' ? 'pades' : 'cades');

export function useSignSession(): SignSession {
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [options, setOptionsState] = useState<SignOptions>({ detached: false, timestamp: false, tsaAccount: '', reason: '', token: '' });
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<FileOutcome[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = useRef(false);

  const pick = useCallback(async () => {
    setPicking(true);
    const r = await call('documents:pick', { purpose: 'sign' });
    setPicking(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    if (r.value.length === 0) return;
    setOutcomes(null);
    setProgress(null);
    setFiles((old) => {
      const seen = new Set(old.map((f) => f.doc.id));
      return [...old, ...r.value.filter((d) => !seen.has(d.id)).map((doc) => ({ doc, format: defaultFormat(doc) }))];
    });
  }, []);

  const remove = useCallback((id: string) => setFiles((old) => old.filter((f) => f.doc.id !== id)), []);

  const setFormat = useCallback(
    (id: string, format: SignFormat) => setFiles((old) => old.map((f) => (f.doc.id === id ? { ...f, format: format === 'pades' && f.doc.kind !== 'pdf' ? 'cades' : format } : f))),
    [],
  );

  const setOptions = useCallback((patch: Partial<SignOptions>) => setOptionsState((o) => ({ ...o, ...patch })), []);

  const reset = useCallback(() => {
    if (running.current) return;
    setFiles([]);
    setOutcomes(null);
    setProgress(null);
    setError(null);
  }, []);

  const run = useCallback(
    async (token: string | undefined, tsaAccount?: string) => {
      if (running.current || files.length === 0) return;
      running.current = true;
      setBusy(true);
      setError(null);
      setOutcomes(null);
      const total = files.length;
      setProgress({ done: 0, total });
      const byId = new Map<string, FileOutcome>();
      const groups = (['pades', 'cades'] as const).map((format) => ({ format, files: files.filter((f) => f.format === format) })).filter((g) => g.files.length > 0);
      let offset = 0;
      let stopped = false;
      try {
        for (const g of groups) {
          if (stopped) break;
          const ids = new Set(g.files.map((f) => f.doc.id));
          const off = offset;
          const unsubscribe = subscribe('sign:progress', (p) => {
            if (ids.has(p.id)) setProgress({ done: Math.min(total, off + p.done), total });
          });
          const req: RequestOf<'sign:run'> = {
            documents: g.files.map((f) => f.doc.id),
            format: g.format,
            detached: g.format === 'cades' ? options.detached : false,
            ...(token ? { token } : {}),
            ...(tsaAccount ? { tsaAccount } : {}),
            ...(g.format === 'pades' && options.reason.trim() ? { reason: options.reason.trim().slice(0, 200) } : {}),
          };
          let r;
          try {
            r = await call('sign:run', req);
          } finally {
            unsubscribe();
          }
          if (!r.ok) {
            for (const f of g.files) byId.set(f.doc.id, { kind: 'error', id: f.doc.id, name: f.doc.name, error: r.error });
            if (STOPPING.has(r.error.code)) stopped = true;
          } else {
            for (const res of r.value as SignResult[]) {
              const name = g.files.find((f) => f.doc.id === res.id)?.doc.name ?? res.name;
              if (res.ok) byId.set(res.id, { kind: 'ok', id: res.id, name, ...(res.output ? { output: res.output } : {}) });
              else {
                const err = res.error ?? { code: 'INTERNAL', message: '' };
                byId.set(res.id, { kind: 'error', id: res.id, name, error: err });
                if (STOPPING.has(err.code)) stopped = true;
              }
            }
          }
          offset += g.files.length;
          setProgress({ done: Math.min(total, offset), total });
        }
      } finally {
        setOutcomes(files.map((f) => byId.get(f.doc.id) ?? { kind: 'skipped', id: f.doc.id, name: f.doc.name }));
        setBusy(false);
        running.current = false;
      }
    },
    [files, options],
  );

  return { files, options, busy, picking, progress, outcomes, error, pick, remove, setFormat, setOptions, run, reset };
}
