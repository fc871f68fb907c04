import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { formatDateTime } from '../../format';
import { currentLang } from '../../i18n';
import type { SettingsState, TsaAccountView } from '../../state/settings';
import { ConfirmButton } from './ConfirmButton';

/** An http(s) address with a host and no user:password written into it (those have their own fields). */
export function validServiceUrl(v: string): boolean {
  try {
    const u = new URL(v.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** A plain http:// address (credentials to it need the user's consent unless it is this computer; main decides). */
export function isPlainHttpUrl(v: string): boolean {
  try {
    return new URL(v.trim()).protocol === 'http:';
  } catch {
    return false;
  }
}

interface Draft {
  id?: string;
  name: string;
  url: string;
  username: string;
  password: string;
  clearPassword: boolean;
  policy: string;
  hasPassword: boolean;
  allowPlainHttp: boolean;
}

const empty: Draft = { name: '', url: '', username: '', password: '', clearPassword: false, policy: '', hasPassword: false, allowPlainHttp: false };

/** Marche temporali: the TSA accounts (name, address, user, password kept by main), added, changed, tried, deleted. */
export function TsaSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const ids = { h: useId(), name: useId(), url: useId(), urlHint: useId(), urlError: useId(), nameError: useId(), user: useId(), pass: useId(), passHint: useId(), clear: useId(), plain: useId(), plainWarning: useId(), policy: useId(), policyHint: useId(), policyError: useId(), def: useId() };
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<{ name?: boolean; url?: boolean; policy?: boolean }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState(0);
  const [closed, setClosed] = useState(0);
  const addId = useId();
  const accounts = state.settings?.tsaAccounts ?? [];

  // The form's first field takes the focus when the form opens.
  useEffect(() => {
    if (opened > 0) document.getElementById(ids.name)?.focus();
  }, [opened, ids.name]);
  // When the form closes, the focus goes back to the button that opens it (not lost on the page).
  useEffect(() => {
    if (closed > 0) document.getElementById(addId)?.focus();
  }, [closed, addId]);
  const close = (): void => {
    setDraft(null);
    setClosed((n) => n + 1);
  };
  const secure = state.settings?.secureStorage.available ?? true;

  const edit = (a: TsaAccountView | null): void => {
    setDraft(a ? { id: a.id, name: a.name, url: a.url, username: a.username ?? '', password: '', clearPassword: false, policy: a.policy ?? '', hasPassword: a.hasPassword, allowPlainHttp: a.allowPlainHttp === true } : { ...empty });
    setErrors({});
    setError(null);
    setStatus('');
    setOpened((n) => n + 1);
  };

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft || busy) return;
    const bad = { name: draft.name.trim() === '', url: !validServiceUrl(draft.url), policy: draft.policy.trim() !== '' && !/^[0-2](\.\d+)+$/.test(draft.policy.trim()) };
    setErrors(bad);
    if (bad.name || bad.url || bad.policy) {
      document.getElementById(bad.name ? ids.name : bad.url ? ids.url : ids.policy)?.focus();
      return;
    }
    setBusy(true);
    const err = await state.change('tsa:save', {
      account: {
        ...(draft.id ? { id: draft.id } : {}),
        name: draft.name.trim(),
        url: draft.url.trim(),
        ...(draft.username.trim() ? { username: draft.username.trim() } : {}),
        ...(draft.policy.trim() ? { policy: draft.policy.trim() } : {}),
        // Kept only for a plain http:// address: a consent for http is no consent for another address.
        ...(draft.allowPlainHttp && isPlainHttpUrl(draft.url) ? { allowPlainHttp: true } : {}),
      },
      ...(draft.password !== '' && secure ? { password: draft.password } : {}),
      clearPassword: draft.clearPassword,
    });
    setBusy(false);
    setError(err);
    if (!err) {
      setStatus(t('preferences.tsa.saved', { name: draft.name.trim() }));
      close();
    }
  };

  const test = async (a: TsaAccountView): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus(t('preferences.tsa.testing', { name: a.name }));
    const r = await call('tsa:test', { id: a.id });
    setBusy(false);
    if (r.ok) setStatus(t('preferences.tsa.testOk', { name: a.name, time: formatDateTime(r.value.time, lang), tsa: r.value.tsa }));
    else {
      setStatus('');
      setError(r.error);
    }
  };

  const remove = async (a: TsaAccountView): Promise<void> => {
    setBusy(true);
    const err = await state.change('tsa:delete', { id: a.id });
    setBusy(false);
    setError(err);
    if (!err) setStatus(t('preferences.tsa.deleted', { name: a.name }));
  };

  return (
    <section className="card" aria-labelledby={ids.h}>
      <h2 id={ids.h}>{t('preferences.tsa.title')}</h2>
      <p className="hint">{t('preferences.tsa.intro')}</p>
      {!secure ? (
        <div className="callout callout-warning section-gap">
          <p className="callout-title">{t('preferences.tsa.insecureTitle')}</p>
          <p>{t('preferences.tsa.insecure')}</p>
        </div>
      ) : null}
      {accounts.length === 0 ? (
        <div className="empty section-gap">
          <p>{t('preferences.tsa.none')}</p>
        </div>
      ) : (
        <ul className="settings-list section-gap">
          {accounts.map((a) => (
            <li key={a.id} className="settings-item">
              <div className="settings-item-body">
                <p className="settings-item-title">
                  {a.name} {state.settings?.defaultTsa === a.id ? <span className="badge badge-info">{t('preferences.tsa.default')}</span> : null}
                </p>
                <p className="muted break">{a.url}</p>
                <p className="hint">
                  {a.username ? t('preferences.tsa.user', { user: a.username }) : t('preferences.tsa.noUser')} · {a.hasPassword ? t('preferences.tsa.passwordSaved') : t('preferences.tsa.passwordNone')}
                </p>
                {a.allowPlainHttp ? <p className="hint">{t('preferences.tsa.plainHttpAllowed')}</p> : null}
              </div>
              <div className="settings-item-actions">
                <button type="button" className="btn btn-secondary btn-small" disabled={busy} aria-label={t('preferences.tsa.testFor', { name: a.name })} onClick={() => void test(a)}>
                  {t('preferences.tsa.test')}
                </button>
                <button type="button" className="btn btn-link" disabled={busy} aria-label={t('preferences.tsa.editFor', { name: a.name })} onClick={() => edit(a)}>
                  {t('preferences.edit')}
                </button>
                <ConfirmButton label={t('preferences.delete')} ariaLabel={t('preferences.tsa.deleteFor', { name: a.name })} question={t('preferences.tsa.deleteQuestion', { name: a.name })} disabled={busy} onConfirm={() => void remove(a)} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {accounts.length > 1 ? (
        <div className="field section-gap">
          <label htmlFor={ids.def}>{t('preferences.tsa.defaultLabel')}</label>
          <select id={ids.def} className="select select-narrow" value={state.settings?.defaultTsa ?? ''} onChange={(e) => void state.change('settings:update', { defaultTsa: e.target.value || null }).then(setError)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {draft ? (
        <form className="subform stack-tight" onSubmit={(e) => void save(e)} noValidate aria-labelledby={`${ids.h}-form`}>
          <h3 id={`${ids.h}-form`}>{draft.id ? t('preferences.tsa.editTitle', { name: draft.name }) : t('preferences.tsa.addTitle')}</h3>
          <div className="field">
            <label htmlFor={ids.name}>{t('preferences.tsa.name')}</label>
            <input id={ids.name} className="input" type="text" maxLength={100} autoComplete="off" value={draft.name} aria-invalid={errors.name || undefined} aria-describedby={errors.name ? ids.nameError : undefined} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            {errors.name ? (
              <p id={ids.nameError} className="field-error">
                {t('preferences.tsa.nameRequired')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={ids.url}>{t('preferences.tsa.url')}</label>
            <p id={ids.urlHint} className="hint">
              {t('preferences.tsa.urlHint')}
            </p>
            <input id={ids.url} className="input" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://" value={draft.url} aria-invalid={errors.url || undefined} aria-describedby={errors.url ? `${ids.urlHint} ${ids.urlError}` : ids.urlHint} onChange={(e) => setDraft({ ...draft, url: e.target.value })} />
            {errors.url ? (
              <p id={ids.urlError} className="field-error">
                {t('preferences.tsa.urlInvalid')}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={ids.user}>
              {t('preferences.tsa.username')} <span className="optional">({t('common.optional')})</span>
            </label>
            <input id={ids.user} className="input" type="text" maxLength={200} autoComplete="off" spellCheck={false} value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={ids.pass}>
              {t('preferences.tsa.password')} <span className="optional">({t('common.optional')})</span>
            </label>
            <p id={ids.passHint} className="hint">
              {!secure ? t('preferences.tsa.passwordInsecure') : draft.hasPassword ? t('preferences.tsa.passwordKeep') : t('preferences.tsa.passwordHint')}
            </p>
            <input id={ids.pass} className="input" type="password" maxLength={256} autoComplete="new-password" disabled={!secure || draft.clearPassword} value={draft.password} aria-describedby={ids.passHint} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          </div>
          {draft.hasPassword ? (
            <div className="field field-check">
              <input id={ids.clear} type="checkbox" className="checkbox" checked={draft.clearPassword} onChange={(e) => setDraft({ ...draft, clearPassword: e.target.checked, password: '' })} />
              <label htmlFor={ids.clear}>{t('preferences.tsa.clearPassword')}</label>
            </div>
          ) : null}
          {isPlainHttpUrl(draft.url) || draft.allowPlainHttp ? (
            <div className="field field-check">
              <input id={ids.plain} type="checkbox" className="checkbox" checked={draft.allowPlainHttp} aria-describedby={ids.plainWarning} onChange={(e) => setDraft({ ...draft, allowPlainHttp: e.target.checked })} />
              <div>
                <label htmlFor={ids.plain}>{t('preferences.tsa.allowPlainHttp')}</label>
                <p id={ids.plainWarning} className="hint">
                  {t('preferences.tsa.allowPlainHttpWarning')}
                </p>
              </div>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.policy}>
              {t('preferences.tsa.policy')} <span className="optional">({t('common.optional')})</span>
            </label>
            <p id={ids.policyHint} className="hint">
              {t('preferences.tsa.policyHint')}
            </p>
            <input id={ids.policy} className="input select-narrow" type="text" autoComplete="off" spellCheck={false} value={draft.policy} aria-invalid={errors.policy || undefined} aria-describedby={errors.policy ? `${ids.policyHint} ${ids.policyError}` : ids.policyHint} onChange={(e) => setDraft({ ...draft, policy: e.target.value })} />
            {errors.policy ? (
              <p id={ids.policyError} className="field-error">
                {t('preferences.tsa.policyInvalid')}
              </p>
            ) : null}
          </div>
          <div className="card-foot">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('preferences.tsa.save')}
            </button>
            <button type="button" className="btn btn-link" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="card-foot">
          <button type="button" id={addId} className="btn btn-secondary" disabled={busy} onClick={() => edit(null)}>
            {t('preferences.tsa.add')}
          </button>
        </div>
      )}
      <Status>{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
