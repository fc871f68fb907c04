import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { ErrorBox, Screen } from '../components/Screen';
import type { SettingsState } from '../state/settings';
import type { TrustListsState } from '../state/trustLists';
import { LanguageSection } from './settings/LanguageSection';
import { ModulesSection } from './settings/ModulesSection';
import { PecSection } from './settings/PecSection';
import { ProxySection } from './settings/ProxySection';
import { RemindersSection } from './settings/RemindersSection';
import { SETTINGS_TABS, tabAfterKey, tabFromHash, type SettingsTab } from './settings/settingsTabs';
import { ThemeSection } from './settings/ThemeSection';
import { TrustListsSection } from './settings/TrustListsSection';
import { TrustSection } from './settings/TrustSection';
import { TsaSection } from './settings/TsaSection';
import './settings/SettingsTabs.css';

function About() {
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
  );
}

/**
 * Impostazioni as tabs (WAI-ARIA tabs with automatic activation): Generale (language, theme, about), Dispositivi
 * (PKCS#11 modules), Marca temporale, Rete (proxy), Elenchi di fiducia e CA, Promemoria. One save model: every choice is
 * saved when made (a field when it is left or Enter is pressed), with a discreet status; adding or editing a TSA
 * service or a module is an action of its own.
 */
export function SettingsScreen({ focusHeading, settings, trustLists }: { focusHeading: boolean; settings: SettingsState; trustLists: TrustListsState }) {
  const { t } = useTranslation();
  const base = useId();
  const [tab, setTab] = useState<SettingsTab>(() => tabFromHash(window.location.hash));
  const tabs = useRef(new Map<SettingsTab, HTMLButtonElement>());

  useEffect(() => {
    const onHash = (): void => setTab(tabFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const select = (next: SettingsTab, focus: boolean): void => {
    setTab(next);
    // The address names the tab (a reload or a link opens it) without a new history entry.
    window.history.replaceState(null, '', `#/impostazioni/${next}`);
    if (focus) tabs.current.get(next)?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    const next = tabAfterKey(tab, e.key);
    if (next === null) return;
    e.preventDefault();
    select(next, true);
  };

  const tabId = (k: SettingsTab): string => `${base}-tab-${k}`;
  const panelId = (k: SettingsTab): string => `${base}-panel-${k}`;

  return (
    <Screen title={t('settings.title')} intro={t('settings.intro')} focusHeading={focusHeading}>
      {settings.error ? <ErrorBox error={settings.error} /> : null}
      <div className="settings-layout">
        <div className="settings-tabs" role="tablist" aria-label={t('settings.tabsLabel')} aria-orientation="vertical">
          {SETTINGS_TABS.map((k) => (
            <button
              key={k}
              ref={(el) => {
                if (el) tabs.current.set(k, el);
                else tabs.current.delete(k);
              }}
              type="button"
              role="tab"
              id={tabId(k)}
              className="settings-tab"
              aria-selected={tab === k}
              aria-controls={panelId(k)}
              tabIndex={tab === k ? 0 : -1}
              onClick={() => select(k, false)}
              onKeyDown={onKey}
            >
              {t(`settings.tabs.${k}`)}
            </button>
          ))}
        </div>
        <div className="settings-panel stack" role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} tabIndex={0}>
          {tab === 'generale' ? (
            <>
              <LanguageSection state={settings} />
              <ThemeSection state={settings} />
              <PecSection state={settings} />
              <About />
            </>
          ) : null}
          {tab === 'dispositivi' ? <ModulesSection state={settings} /> : null}
          {tab === 'marca-temporale' ? <TsaSection state={settings} /> : null}
          {tab === 'rete' ? <ProxySection state={settings} /> : null}
          {tab === 'fiducia' ? (
            <>
              <TrustListsSection state={trustLists} />
              <TrustSection />
            </>
          ) : null}
          {tab === 'promemoria' ? <RemindersSection state={settings} /> : null}
        </div>
      </div>
    </Screen>
  );
}
