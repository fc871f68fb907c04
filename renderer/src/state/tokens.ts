/** The connected devices: loaded on demand and again on every `tokens:changed` event. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, subscribe, type ApiError, type EventOf, type Token } from '../api';

export interface TokensState {
  tokens: Token[];
  loading: boolean;
  loaded: boolean;
  error: ApiError | null;
  reload: () => Promise<void>;
}

const key = (t: Token): string => `${t.module}\u0000${t.slotId}`;

function apply(list: Token[], e: EventOf<'tokens:changed'>): Token[] {
  const rest = list.filter((t) => key(t) !== key(e.token));
  if (e.type === 'removed') return rest;
  const i = list.findIndex((t) => key(t) === key(e.token));
  if (i < 0) return [...list, e.token];
  return list.map((t, j) => (j === i ? e.token : t));
}

export function useTokens(onChange?: (e: EventOf<'tokens:changed'>) => void): TokensState {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    const r = await call('tokens:list', {});
    if (mine !== seq.current) return; // a newer request answers instead
    setLoading(false);
    setLoaded(true);
    if (r.ok) {
      setTokens(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(
    () =>
      subscribe('tokens:changed', (e) => {
        setTokens((list) => apply(list, e));
        onChangeRef.current?.(e);
        void reload();
      }),
    [reload],
  );

  return { tokens, loading, loaded, error, reload };
}
