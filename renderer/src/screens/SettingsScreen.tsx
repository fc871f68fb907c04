import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { Screen, Status } from '../components/Screen';
import { currentLang, setLang, type Lang } from '../i18n';

export function SettingsScreen({ focusHeading }: { focusHeading: boolean }) {
  const { t } = useTranslation();
  const langId = useId();
  const hintId = useId();
  const [version, setVersion] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    let live = true;
    void call('app:info', {}).then((r) => {
      if (live) setVersion(r.ok ? r.value.version : '');
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <Screen title={t('settings.title')} focusHeading={focusHeading}>
      <div className="stack">
        <section className="card" aria-labelledby={`${langId}-h`}>
          <h2 id={`${langId}-h`}>{t('settings.languageTitle')}</h2>
          <div className="field">
            <label htmlFor={langId}>{t('settings.language')}</label>
            <p id={hintId} className="hint">
              {t('settings.languageHint')}
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
          <Status>{changed ? t('settings.languageSaved') : ''}</Status>
        </section>
        <section className="card" aria-labelledby={`${langId}-a`}>
          <h2 id={`${langId}-a`}>{t('settings.aboutTitle')}</h2>
          <p>{t('settings.about')}</p>
          <dl className="facts facts-compact">
            <div>
              <dt>{t('settings.version')}</dt>
              <dd className="app-version">{version === null ? t('common.loading') : version || t('settings.versionUnknown')}</dd>
            </div>
          </dl>
        </section>
      </div>
    </Screen>
  );
}
