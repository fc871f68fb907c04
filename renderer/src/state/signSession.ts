/**
 * The Firma screen's state, kept by the App so that it survives moving to another screen while signing goes on.
 * A batch is one `sign:run` whatever the formats, so a mixed PAdES/CAdES batch asks for the PIN once.
 */
import { useCallback, useRef, useState } from 'react';
import { call, subscribe, type ApiError, type RequestOf, type SiglaDocument, type SignResult } from '../api';

export type SignFormat = 'cades' | 'pades';

/** Where a PAdES signature is drawn: page (1-based) and x, y, width, height in points, origin bottom-left. */
export interface VisiblePlacement {
  page: number;
  rect: [number, number, number, number];
}

export interface ChosenFile {
  doc: SiglaDocument;
  format: SignFormat;
  visible?: VisiblePlacement;
}

export type FileOutcome =
  | { kind: 'ok'; id: string; name: string; output?: SiglaDocument; warning?: string }
  | { kind: 'error'; id: string; name: string; error: ApiError }
  | { kind: 'skipped'; id: string; name: string };

export interface SignOptions {
  detached: boolean;
  /** Add a time-stamp from a TSA account of the settings. */
  timestamp: boolean;
  /** The account chosen (id); empty: the default one. */
  tsaAccount: string;
  /** The baseline level: B-B without a time-stamp, B-T/B-LT/B-LTA with one (`timestamp` follows it). */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  reason: string;
  /** The device chosen under "Chi firma" (its label); empty: the one Firma proposes. */
  token: string;
  /** The certificate chosen on that device (its id); empty: the one Firma proposes. */
  certificate: string;
}

/** Who signs, as Firma showed it: sent with the batch so that what the user saw is what signs. */
export interface SignerSelection {
  token?: string;
  certificate?: string;
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
  /** Adds documents given by main (files opened from the OS). */
  add: (docs: SiglaDocument[]) => void;
  remove: (id: string) => void;
  /** Puts `doc` in the place of document `id` (its PDF/A copy), with the format a new document gets. */
  replace: (id: string, doc: SiglaDocument) => void;
  setFormat: (id: string, format: SignFormat) => void;
  setVisible: (id: string, visible: VisiblePlacement | null) => void;
  cancel: () => void;
  cancelling: boolean;
  setOptions: (patch: Partial<SignOptions>) => void;
  run: (signer: SignerSelection, tsaAccount?: string) => Promise<void>;
  reset: () => void;
}

export const defaultFormat = (doc: SiglaDocument): SignFormat => (doc.kind === 'pdf' ? 'pades' : 'cades');

export function useSignSession(): SignSession {
  const [files, setFiles] = useState<ChosenFile[]>([]);
  const [options, setOptionsState] = useState<SignOptions>({ detached: false, timestamp: false, tsaAccount: '', level: 'B-B', reason: '', token: '', certificate: '' });
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<FileOutcome[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const running = useRef(false);

  const add = useCallback((docs: SiglaDocument[]) => {
    if (docs.length === 0) return;
    setOutcomes(null);
    setProgress(null);
    setFiles((old) => {
      const seen = new Set(old.map((f) => f.doc.id));
      return [...old, ...docs.filter((d) => !seen.has(d.id)).map((doc) => ({ doc, format: defaultFormat(doc) }))];
    });
  }, []);

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
    add(r.value);
  }, [add]);

  const remove = useCallback((id: string) => setFiles((old) => old.filter((f) => f.doc.id !== id)), []);

  const replace = useCallback(
    (id: string, doc: SiglaDocument) => setFiles((old) => old.filter((f) => f.doc.id !== doc.id).map((f) => (f.doc.id === id ? { doc, format: defaultFormat(doc) } : f))),
    [],
  );

  const setFormat = useCallback(
    (id: string, format: SignFormat) => setFiles((old) => old.map((f) => (f.doc.id === id ? { ...f, format: format === 'pades' && f.doc.kind !== 'pdf' ? 'cades' : format } : f))),
    [],
  );

  const setVisible = useCallback(
    (id: string, visible: VisiblePlacement | null) =>
      setFiles((old) =>
        old.map((f) => {
          if (f.doc.id !== id) return f;
          const { visible: _old, ...rest } = f;
          return visible ? { ...rest, visible } : rest;
        }),
      ),
    [],
  );

  const cancel = useCallback(() => {
    if (!running.current) return;
    setCancelling(true);
    void call('sign:cancel', {});
  }, []);

  const setOptions = useCallback((patch: Partial<SignOptions>) => setOptionsState((o) => ({ ...o, ...patch })), []);

  const reset = useCallback(() => {
    if (running.current) return;
    setFiles([]);
    setOutcomes(null);
    setProgress(null);
    setError(null);
  }, []);

  const run = useCallback(
    async (signer: SignerSelection, tsaAccount?: string) => {
      if (running.current || files.length === 0) return;
      running.current = true;
      setBusy(true);
      setError(null);
      setOutcomes(null);
      setCancelling(false);
      const total = files.length;
      setProgress({ done: 0, total });
      const byId = new Map<string, FileOutcome>();
      const unsubscribe = subscribe('sign:progress', (p) => setProgress({ done: Math.min(total, p.done), total }));
      const anyPades = files.some((f) => f.format === 'pades');
      const req: RequestOf<'sign:run'> = {
        items: files.map((f) => ({ document: f.doc.id, format: f.format, ...(f.format === 'pades' && f.visible ? { visible: f.visible } : {}) })),
        detached: options.detached,
        ...(signer.token ? { token: signer.token } : {}),
        ...(signer.token && signer.certificate ? { certificate: signer.certificate } : {}),
        ...(tsaAccount ? { tsaAccount, level: options.level === 'B-B' ? 'B-T' : options.level } : { level: 'B-B' }),
        ...(anyPades && options.reason.trim() ? { reason: options.reason.trim().slice(0, 200) } : {}),
      };
      try {
        let r;
        try {
          r = await call('sign:run', req);
        } finally {
          unsubscribe();
        }
        if (!r.ok) {
          for (const f of files) byId.set(f.doc.id, { kind: 'error', id: f.doc.id, name: f.doc.name, error: r.error });
        } else {
          for (const res of r.value as SignResult[]) {
            const name = files.find((f) => f.doc.id === res.id)?.doc.name ?? res.name;
            if (res.ok) byId.set(res.id, { kind: 'ok', id: res.id, name, ...(res.output ? { output: res.output } : {}), ...(res.warning ? { warning: res.warning.message } : {}) });
            else byId.set(res.id, { kind: 'error', id: res.id, name, error: res.error ?? { code: 'INTERNAL', message: '' } });
          }
        }
      } finally {
        setOutcomes(files.map((f) => byId.get(f.doc.id) ?? { kind: 'skipped', id: f.doc.id, name: f.doc.name }));
        setBusy(false);
        setCancelling(false);
        running.current = false;
      }
    },
    [files, options],
  );

  return { files, options, busy, picking, progress, outcomes, error, pick, add, remove, replace, setFormat, setVisible, cancel, cancelling, setOptions, run, reset };
}
