/**
 * Dispositivi → «Usa la CNS nei browser» (issue 17): each browser database (Firefox profiles, Chrome/Chromium/Edge's
 * shared store) with the state of the token's module in it, one button that registers it everywhere it is missing
 * and one that removes Sigla's registration, which certificate serves signing in to sites, and «Prova l'accesso»:
 * a real TLS client authentication through that browser's store (main asks the PIN in the PIN dialog).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type ResultOf } from '../api';
import { ErrorBox, Status } from './Screen';

type View = ResultOf<'browsers:status'>;
type Database = View['databases'][number];
type TestResult = ResultOf<'browsers:test'>;

const TONE: Record<Database['state'], string> = {
  'registered-by-sigla': 'ok',
  registered: 'ok',
  'via-p11-kit': 'ok',
  'not-registered': 'warning',
  locked: 'error',
  unsupported: 'info',
};

const REACHABLE = new Set<Database['state']>(['registered-by-sigla', 'registered', 'via-p11-kit']);

export function BrowsersPanel({ version }: { version: unknown }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'register' | 'unregister' | 'test' | null>(null);
  const [done, setDone] = useState<string>('');
  const [test, setTest] = useState<{ path: string; result: TestResult } | null>(null);

  const load = useCallback(async (channel: 'browsers:status' | 'browsers:register' | 'browsers:unregister') => {
    const r = await call(channel, {});
    if (r.ok) {
      setView(r.value);
      setError(null);
    } else setError(r.error);
    return r.ok;
  }, []);

  useEffect(() => {
    void load('browsers:status');
  }, [load, version]);

  const change = async (op: 'register' | 'unregister') => {
    setBusy(op);
    setDone('');
    setTest(null);
    const ok = await load(op === 'register' ? 'browsers:register' : 'browsers:unregister');
    setBusy(null);
    if (ok) setDone(t(op === 'register' ? 'browsers.registered' : 'browsers.unregistered'));
    else void load('browsers:status').then(() => undefined);
  };

  const tryAccess = async (path: string) => {
    setBusy('test');
    setDone('');
    setTest(null);
    const r = await call('browsers:test', { path });
    setBusy(null);
    if (r.ok) {
      setTest({ path, result: r.value });
      setError(null);
    } else setError(r.error);
  };

  const stateText = (d: Database) => {
    const s = t(`browsers.states.${d.state}`, { entry: d.entry ?? '' });
    return d.reason ? `${s}: ${t(`browsers.reasons.${d.reason}`)}` : s;
  };
  const canRegister = view?.databases.some((d) => d.state === 'not-registered') ?? false;
  const canRemove = view?.databases.some((d) => d.state === 'registered-by-sigla') ?? false;
  const testText = (r: TestResult) => (r.authenticated && r.subject ? t('browsers.testOk', { subject: r.subject, use: t(`browsers.uses.${r.use ?? 'other'}`) }) : t('browsers.testNoCert'));

  return (
    <section className="card browsers-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('browsers.title')}</h2>
      <p className="hint">{t('browsers.intro')}</p>
      {/* The test's outcome is announced here and shown in the callout below: visible here only while working or after a change. */}
      <Status className={busy !== null || done ? '' : 'visually-hidden'}>{busy === 'register' ? t('browsers.registering') : busy === 'unregister' ? t('browsers.unregistering') : busy === 'test' ? t('browsers.testing') : done || (test ? testText(test.result) : '')}</Status>
      {error ? <ErrorBox error={error} /> : null}
      {view === null && !error ? <p className="muted">{t('browsers.loading')}</p> : null}
      {view && view.module === null ? <p>{t('browsers.noModule')}</p> : null}
      {view && view.module !== null ? (
        <>
          <p className="muted">
            {t('browsers.module', { module: '' })}
            <span className="mono">{view.module}</span>
          </p>
          {view.databases.length === 0 ? <p>{t('browsers.none')}</p> : null}
          {view.databases.length > 0 ? (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('browsers.browser')}</th>
                    <th scope="col">{t('browsers.profile')}</th>
                    <th scope="col">{t('browsers.state')}</th>
                    {view.canTest ? <th scope="col">{t('browsers.test')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {view.databases.map((d) => (
                    <tr key={d.path}>
                      <th scope="row">{t(`browsers.kind.${d.browser}`)}</th>
                      <td>
                        {d.profile}
                        <br />
                        <span className="mono module-path">{d.path}</span>
                      </td>
                      <td>
                        <span className={`badge badge-${TONE[d.state]}`}>{stateText(d)}</span>
                      </td>
                      {view.canTest ? (
                        <td>
                          {REACHABLE.has(d.state) && d.browser !== 'windows-store' ? (
                            <button type="button" className="btn btn-secondary btn-small" disabled={busy !== null} aria-label={t('browsers.tryAccessFor', { browser: t(`browsers.kind.${d.browser}`), profile: d.profile })} onClick={() => void tryAccess(d.path)}>
                              {t('browsers.tryAccess')}
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {test ? <p className={`callout ${test.result.authenticated ? 'callout-ok' : 'callout-error'}`}>{testText(test.result)}</p> : null}
          <div className="device-actions">
            <button type="button" className="btn btn-primary btn-small" disabled={busy !== null || !canRegister} onClick={() => void change('register')}>
              {t('browsers.register')}
            </button>
            <button type="button" className="btn btn-secondary btn-small" disabled={busy !== null || !canRemove} onClick={() => void change('unregister')}>
              {t('browsers.unregister')}
            </button>
          </div>
          {view.certificates.length > 0 ? (
            <>
              <h3>{t('browsers.certificates')}</h3>
              <ul>
                {view.certificates.map((c) => (
                  <li key={c.nickname}>{t(c.use === 'authentication' ? 'browsers.certAuthentication' : 'browsers.certSignature', { name: c.name, label: c.nickname })}</li>
                ))}
              </ul>
            </>
          ) : null}
          {!view.canTest && view.databases.length > 0 ? <p className="hint">{t('browsers.needsTstclnt')}</p> : null}
        </>
      ) : null}
    </section>
  );
}
