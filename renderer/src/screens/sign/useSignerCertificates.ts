/**
 * The certificates of the connected devices, for Firma's "who signs": read with `certs:list` (the listing Certificati
 * uses) whenever the set of devices or their state changes (hot-plug), the newest request winning.
 */
import { useEffect, useRef, useState } from 'react';
import { call, type ApiError, type Certificate, type Token } from '../../api';

export interface SignerCertificates {
  certs: Certificate[];
  loading: boolean;
  error: ApiError | null;
}

export function useSignerCertificates(tokens: readonly Token[]): SignerCertificates {
  const [certs, setCerts] = useState<Certificate[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const key = tokens.map((t) => `${t.module}/${t.slotId}/${t.label}/${t.userPin}`).join('|');

  useEffect(() => {
    const mine = ++seq.current;
    if (key === '') {
      setCerts([]);
      setError(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    void call('certs:list', {}).then((r) => {
      if (mine !== seq.current) return;
      setLoading(false);
      if (r.ok) {
        setCerts(r.value);
        setError(null);
      } else setError(r.error);
    });
  }, [key]);

  return { certs, loading, error };
}
