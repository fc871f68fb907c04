/**
 * The PKCS#11 modules Sigla found (`modules:list`), read again whenever `version` changes (a hot-plug event, or
 * «Cerca di nuovo»): Dispositivi's module list and Firma's «Collega il dispositivo di firma».
 */
import { useEffect, useState } from 'react';
import { call, type ApiError, type ResultOf } from '../api';

export type Module = ResultOf<'modules:list'>[number];

export function useModules(version: unknown): { readonly modules: Module[] | null; readonly error: ApiError | null } {
  const [modules, setModules] = useState<Module[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    void call('modules:list', {}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setModules(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [version]);
  return { modules, error };
}
