import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { currentLang, setLang, type Lang } from '../../i18n';
import type { SettingsState } from '../../state/settings';

/** Lingua: switches the interface at once and saves the choice in the settings (messages from main follow it). */
export function LanguageSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const langId = useId();
  const hintId = useId();
  const [changed, setChanged] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  return (
    <section className="card" aria-labelledby={`${langId}-h`}>
      <h2 id={`${langId}-h`}>{t('settings.languageTitle')}</h2>
      <div className="field">
        <label htmlFor={langId}>{t('settings.language')}</label>
        <p id={hintId} className="hint">
          {t('preferences.languageHint')}
        </p>
        <select
          id={langId}
          className="select select-narrow"
          value={currentLang()}
          aria-describedby={hintId}
          onChange={(e) => {
            const l: Lang = e.target.value === 'en' ? 'en' : 'it';
            setChanged(true);
            void setLang(l);
            void state.change('settings:update', { language: l }).then(setError);
          }}
        >
          <option value="it" lang="it">
            Italiano
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </div>
      <Status className="saved-status">{changed ? t('settings.languageSaved') : ''}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
