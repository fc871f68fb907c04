/**
 * The settings as main shows them (settings:get): TSA accounts for Firma, everything Impostazioni edits. Loaded
 * once when the app opens, replaced by the answer of every change. The language saved there wins over the one
 * remembered by this browser profile, so the app and its messages from main speak the same language.
 */
import { useCallback, useEffect, useState } from 'react';
import { call, type ApiError, type RequestOf, type Result, type ResultOf } from '../api';
import { currentLang, setLang } from '../i18n';

export type SettingsView = ResultOf<'settings:get'>;
export type TsaAccountView = SettingsView['tsaAccounts'][number];

export interface SettingsState {
  settings: SettingsView | null;
  error: ApiError | null;
  reload: () => Promise<void>;
  /** Runs a call whose answer is the new settings; returns the error, if any. */
  change: <C extends 'settings:update' | 'tsa:save' | 'tsa:delete'>(channel: C, args: RequestOf<C>) => Promise<ApiError | null>;
}

export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reload = useCallback(async () => {
    const r = await call('settings:get', {});
    if (r.ok) {
      setSettings(r.value);
      setError(null);
      if (r.value.language && r.value.language !== currentLang()) await setLang(r.value.language);
    } else setError(r.error);
  }, []);

  const change = useCallback(async <C extends 'settings:update' | 'tsa:save' | 'tsa:delete'>(channel: C, args: RequestOf<C>): Promise<ApiError | null> => {
    const r = (await call(channel, args)) as Result<SettingsView>;
    if (!r.ok) return r.error;
    setSettings(r.value);
    return null;
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { settings, error, reload, change };
}
