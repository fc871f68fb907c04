import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

function validProxy(v: string): boolean {
  if (v.trim() === '') return true;
  try {
    const u = new URL(v.includes('://') ? v.trim() : `http://${v.trim()}`);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** Proxy: the office's proxy for time-stamps and revocation checks (empty: the system's environment, if any). */
export function ProxySection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const ids = { h: useId(), url: useId(), urlHint: useId(), urlError: useId(), no: useId(), noHint: useId() };
  const [url, setUrl] = useState('');
  const [noProxy, setNoProxy] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const saved = state.settings?.proxy;

  useEffect(() => {
    setUrl(saved?.url ?? '');
    setNoProxy(saved?.noProxy ?? '');
  }, [saved?.url, saved?.noProxy]);

  /** Saved when a field is left or Enter is pressed (Impostazioni saves every change), if something changed. */
  const save = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (url.trim() === (saved?.url ?? '') && noProxy.trim() === (saved?.noProxy ?? '')) return;
    if (!validProxy(url)) {
      setInvalid(true);
      // Back to the address only on Enter: leaving the field must not be undone.
      if (e) document.getElementById(ids.url)?.focus();
      return;
    }
    const err = await state.change('settings:update', { proxy: { url: url.trim(), noProxy: noProxy.trim() } });
    setError(err);
    setStatus(err ? '' : url.trim() ? t('preferences.proxy.saved') : t('preferences.proxy.cleared'));
  };

  return (
    <section className="card" aria-labelledby={ids.h}>
      <h2 id={ids.h}>{t('preferences.proxy.title')}</h2>
      <form className="stack-tight" onSubmit={(e) => void save(e)} noValidate>
        <div className="field">
          <label htmlFor={ids.url}>
            {t('preferences.proxy.url')} <span className="optional">({t('common.optional')})</span>
          </label>
          <p id={ids.urlHint} className="hint">
            {t('preferences.proxy.urlHint')}
          </p>
          <input id={ids.url} className="input" type="text" inputMode="url" autoComplete="off" spellCheck={false} placeholder="http://proxy.ente.it:8080" value={url} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${ids.urlHint} ${ids.urlError}` : ids.urlHint} onChange={(e) => { setUrl(e.target.value); setInvalid(false); }} onKeyDown={(e) => e.key === 'Enter' && void save(e)} onBlur={() => void save()} />
          {invalid ? (
            <p id={ids.urlError} className="field-error">
              {t('preferences.proxy.urlInvalid')}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.no}>
            {t('preferences.proxy.noProxy')} <span className="optional">({t('common.optional')})</span>
          </label>
          <p id={ids.noHint} className="hint">
            {t('preferences.proxy.noProxyHint')}
          </p>
          <input id={ids.no} className="input" type="text" autoComplete="off" spellCheck={false} value={noProxy} aria-describedby={ids.noHint} onChange={(e) => setNoProxy(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void save(e)} onBlur={() => void save()} />
        </div>
      </form>
      <Status className="saved-status">{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
