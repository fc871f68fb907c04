import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

/** Dispositivi aggiuntivi: PKCS#11 libraries of devices Sigla does not know, by path (settings `pkcs11Modules`). */
export function ModulesSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const ids = { h: useId(), path: useId(), hint: useId(), err: useId() };
  const [path, setPath] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const modules = state.settings?.pkcs11Modules ?? [];

  const save = async (list: string[], done: string): Promise<boolean> => {
    const err = await state.change('settings:update', { pkcs11Modules: list });
    setError(err);
    setStatus(err ? '' : done);
    return err === null;
  };

  const add = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = path.trim();
    if (p === '') {
      setInvalid(true);
      document.getElementById(ids.path)?.focus();
      return;
    }
    if (await save([...modules, p], t('preferences.modules.added', { path: p }))) setPath('');
  };

  return (
    <section className="card" aria-labelledby={ids.h}>
      <h2 id={ids.h}>{t('preferences.modules.title')}</h2>
      <p className="hint">{t('preferences.modules.intro')}</p>
      {modules.length === 0 ? (
        <p className="muted section-gap">{t('preferences.modules.none')}</p>
      ) : (
        <ul className="settings-list section-gap">
          {modules.map((m) => (
            <li key={m} className="settings-item">
              <code className="settings-item-body break">{m}</code>
              <button type="button" className="btn btn-link" aria-label={t('preferences.modules.removeFor', { path: m })} onClick={() => void save(modules.filter((x) => x !== m), t('preferences.modules.removed', { path: m }))}>
                {t('preferences.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form section-gap" onSubmit={(e) => void add(e)} noValidate>
        <div className="field grow">
          <label htmlFor={ids.path}>{t('preferences.modules.path')}</label>
          <p id={ids.hint} className="hint">
            {t('preferences.modules.pathHint')}
          </p>
          <input id={ids.path} className="input" type="text" autoComplete="off" spellCheck={false} value={path} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${ids.hint} ${ids.err}` : ids.hint} onChange={(e) => { setPath(e.target.value); setInvalid(false); }} />
          {invalid ? (
            <p id={ids.err} className="field-error">
              {t('preferences.modules.pathRequired')}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-secondary">
          {t('preferences.modules.add')}
        </button>
      </form>
      <Status>{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
