import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { ErrorBox, Screen } from '../components/Screen';
import type { SettingsState } from '../state/settings';
import type { TrustListsState } from '../state/trustLists';
import { LanguageSection } from './settings/LanguageSection';
import { ModulesSection } from './settings/ModulesSection';
import { ProxySection } from './settings/ProxySection';
import { RemindersSection } from './settings/RemindersSection';
import { TrustListsSection } from './settings/TrustListsSection';
import { TrustSection } from './settings/TrustSection';
import { TsaSection } from './settings/TsaSection';

/** Impostazioni: time-stamping services, extra devices, reminders, language, trusted lists and certificates, proxy. */
export function SettingsScreen({ focusHeading, settings, trustLists }: { focusHeading: boolean; settings: SettingsState; trustLists: TrustListsState }) {
  const { t } = useTranslation();
  const aboutId = useId();
  const [version, setVersion] = useState<string | null>(null);

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
    <Screen title={t('settings.title')} intro={t('preferences.intro')} focusHeading={focusHeading}>
      <div className="stack">
        {settings.error ? <ErrorBox error={settings.error} /> : null}
        <TsaSection state={settings} />
        <ModulesSection state={settings} />
        <RemindersSection state={settings} />
        <LanguageSection state={settings} />
        <TrustListsSection state={trustLists} />
        <TrustSection />
        <ProxySection state={settings} />
        <section className="card" aria-labelledby={aboutId}>
          <h2 id={aboutId}>{t('settings.aboutTitle')}</h2>
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
