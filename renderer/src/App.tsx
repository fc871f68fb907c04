import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, subscribe, type EventOf, type PinRequest, type SiglaDocument } from './api';
import { IconCertificates, IconDevices, IconSettings, IconSign, IconVerify, Logo } from './components/Icons';
import { PinDialog, type PinResponse } from './components/PinDialog';
import { PinpadDialog } from './components/PinpadDialog';
import { usePinpadWait } from './state/pinpad';
import { ReminderBanner } from './components/ReminderBanner';
import { TrustListBanner } from './components/TrustListBanner';
import { CertificatesScreen } from './screens/CertificatesScreen';
import { DevicesScreen } from './screens/DevicesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SignScreen } from './screens/SignScreen';
import { VerifyScreen } from './screens/VerifyScreen';
import { useOpenedDocuments, type OpenedBatch } from './state/openedDocuments';
import { useReminders } from './state/reminders';
import { useSettings } from './state/settings';
import { useSignSession } from './state/signSession';
import { useTokens } from './state/tokens';
import { useTrustLists } from './state/trustLists';
import { applyTheme } from './theme';
import { useVerifySession } from './state/verifySession';

export type Route = 'firma' | 'verifica' | 'dispositivi' | 'certificati' | 'impostazioni';

const ROUTES: readonly { route: Route; key: string; icon: () => ReactNode }[] = [
  { route: 'firma', key: 'nav.sign', icon: IconSign },
  { route: 'verifica', key: 'nav.verify', icon: IconVerify },
  { route: 'dispositivi', key: 'nav.devices', icon: IconDevices },
  { route: 'certificati', key: 'nav.certificates', icon: IconCertificates },
  { route: 'impostazioni', key: 'nav.settings', icon: IconSettings },
];

function routeFromHash(): Route {
  // `#/impostazioni/fiducia`: the screen, then what the screen itself reads (Impostazioni's tab).
  const h = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return ROUTES.find((r) => r.route === h)?.route ?? 'firma';
}

export function App() {
  const { t } = useTranslation();
  const [route, setRoute] = useState<Route>(routeFromHash);
  // Focus the new screen's heading only after the user moved, not when the app opens.
  const [moved, setMoved] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [pinQueue, setPinQueue] = useState<PinRequest[]>([]);
  const [devicesVersion, setDevicesVersion] = useState(0);
  const main = useRef<HTMLElement>(null);

  const onTokensChanged = useCallback(
    (e: EventOf<'tokens:changed'>) => {
      setAnnouncement(t(`devices.changed.${e.type}`, { label: e.token.label }));
      setDevicesVersion((v) => v + 1);
    },
    [t],
  );
  const tokens = useTokens(onTokensChanged);
  const sign = useSignSession();
  const verify = useVerifySession();
  const reminders = useReminders();
  const settings = useSettings();
  const trustLists = useTrustLists();

  // The colour theme setting, at start and whenever Impostazioni changes it.
  const theme = settings.settings?.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    const onHash = (): void => {
      const r = routeFromHash();
      setRoute((old) => {
        if (old !== r) setMoved(true);
        return r;
      });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // The devices list is wanted by Firma (device choice) as soon as the app opens.
  const { reload } = tokens;
  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      subscribe('pin:request', (req) => {
        setPinQueue((q) => (q.some((x) => x.requestId === req.requestId) ? q : [...q, req]));
      }),
    [],
  );

  const respondPin = useCallback((r: PinResponse) => {
    setPinQueue((q) => q.filter((x) => x.requestId !== r.requestId));
    void call('pin:respond', r);
  }, []);

  const go = (r: Route): void => {
    if (window.location.hash !== `#/${r}`) window.location.hash = `#/${r}`;
  };

  // Files opened from the OS: signed files (and signed PDFs) are verified at once, the others wait in Firma.
  useOpenedDocuments((b: OpenedBatch) => {
    setAnnouncement(t('opened.announce', { count: b.documents.length }));
    go(b.route);
    if (b.route === 'verifica') void verify.verify(b.documents);
    else sign.add(b.documents);
  });

  // A click on a reminder's OS notification.
  useEffect(() => subscribe('reminders:show', () => go('certificati')), []);

  const verifyOutput = (doc: SiglaDocument): void => {
    go('verifica');
    void verify.verify([doc]);
  };

  const skip = (e: MouseEvent<HTMLAnchorElement>): void => {
    e.preventDefault();
    main.current?.focus();
  };

  const pin = pinQueue[0];
  const pinpadWait = usePinpadWait();

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skip}>
        {t('app.skipLink')}
      </a>
      <header className="sidebar">
        <div className="brand">
          <Logo />
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <nav aria-label={t('app.navLabel')}>
          <ul className="nav-list">
            {ROUTES.map(({ route: r, key, icon: Icon }) => (
              <li key={r}>
                <a href={`#/${r}`} className="nav-link" aria-current={route === r ? 'page' : undefined}>
                  <Icon />
                  <span>{t(key)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <ReminderBanner state={reminders} onSnoozedLast={() => main.current?.focus()} />
        <TrustListBanner state={trustLists} />
        {route === 'firma' ? <SignScreen session={sign} tokens={tokens} tsaAccounts={settings.settings?.tsaAccounts ?? []} defaultTsa={settings.settings?.defaultTsa} focusHeading={moved} onVerify={verifyOutput} /> : null}
        {route === 'verifica' ? <VerifyScreen session={verify} focusHeading={moved} trustLists={trustLists} /> : null}
        {route === 'dispositivi' ? <DevicesScreen state={tokens} focusHeading={moved} /> : null}
        {route === 'certificati' ? <CertificatesScreen focusHeading={moved} devicesVersion={devicesVersion} /> : null}
        {route === 'impostazioni' ? <SettingsScreen focusHeading={moved} settings={settings} trustLists={trustLists} /> : null}
      </main>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {pin ? <PinDialog key={pin.requestId} request={pin} onRespond={respondPin} /> : pinpadWait ? <PinpadDialog key={pinpadWait.requestId} wait={pinpadWait} /> : null}
    </div>
  );
}
