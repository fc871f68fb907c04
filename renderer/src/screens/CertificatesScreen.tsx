import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type Certificate } from '../api';
import { ErrorBox, ListState, Screen, Status } from '../components/Screen';
import { formatDate } from '../format';
import { currentLang } from '../i18n';
import { importTrustCertificate } from '../state/trustImport';
import { issuerName } from '../certificateNames';

const SOON_DAYS = 30;


/** Signature certificates first (the ones people renew), then authentication (CNS), then CA certificates. */
function byRole(a: Certificate, b: Certificate): number {
  const rank = (c: Certificate): number => (c.isCA ? 2 : c.nonRepudiation ? 0 : 1);
  return rank(a) - rank(b) || a.daysLeft - b.daysLeft;
}

export function CertificatesScreen({ focusHeading, devicesVersion }: { focusHeading: boolean; devicesVersion: number }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [certs, setCerts] = useState<Certificate[]>([]);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const exportCert = async (c: Certificate): Promise<void> => {
    setActionError(null);
    setNote('');
    const r = await call('certs:export', { token: c.token, id: c.id, fingerprintSha256: c.fingerprintSha256, format: 'der' });
    if (!r.ok) setActionError(r.error);
    else if (r.value.saved) setNote(t('preferences.certs.exported', { name: r.value.name ?? '' }));
  };

  const importTrust = async (): Promise<void> => {
    setActionError(null);
    setNote('');
    const r = await importTrustCertificate();
    if (r.kind === 'error') setActionError(r.error);
    else if (r.kind === 'ok') setNote(t('preferences.trust.imported', { count: r.value.imported.length, names: r.value.imported.map((a) => a.name).join(', ') }));
  };

  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    const r = await call('certs:list', {});
    if (mine !== seq.current) return;
    setLoading(false);
    setLoaded(true);
    if (r.ok) {
      setCerts(r.value);
      setError(null);
    } else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load, devicesVersion]);

  const usage = (c: Certificate): string => (c.isCA ? t('certs.usageCa') : c.nonRepudiation ? t('certs.usageSign') : t('certs.usageAuth'));
  const anySoon = certs.some((c) => c.daysLeft < SOON_DAYS);

  return (
    <Screen
      title={t('certs.title')}
      intro={t('certs.intro')}
      focusHeading={focusHeading}
      actions={
        <>
          <button type="button" className="btn btn-secondary" onClick={() => void importTrust()}>
            {t('preferences.certs.importTrust')}
          </button>
          <button type="button" className="btn btn-secondary" disabled={loading} onClick={() => void load()}>
            {t('common.refresh')}
          </button>
        </>
      }
    >
      <Status>{note}</Status>
      {actionError ? <ErrorBox error={actionError} /> : null}
      <ListState loading={loading} loaded={loaded} error={error} count={certs.length} loadingText={t('certs.loading')} foundText={t('certs.found', { count: certs.length })} emptyText={t('certs.empty')} />
      {certs.length > 0 ? (
        <div className="card card-flush">
          <div className="table-wrap">
            <table className="table certs-table">
              <caption className="visually-hidden">{t('certs.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('certs.colName')}</th>
                  <th scope="col">{t('certs.colDevice')}</th>
                  <th scope="col">{t('certs.colUsage')}</th>
                  <th scope="col">{t('certs.colExpiry')}</th>
                  <th scope="col">{t('certs.colDaysLeft')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('preferences.certs.colActions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...certs].sort(byRole).map((c) => {
                  const expired = c.daysLeft < 0;
                  const soon = !expired && c.daysLeft < SOON_DAYS;
                  return (
                    <tr key={`${c.token}/${c.id}/${c.fingerprintSha256}`} className={expired ? 'row-error' : soon ? 'row-warning' : undefined}>
                      <th scope="row">
                        <span className="cert-name">{c.name}</span>
                        <span className="cert-issuer muted" title={c.issuer}>
                          {t('certs.issuedBy', { name: issuerName(c.issuer) })}
                        </span>
                      </th>
                      <td>{c.token}</td>
                      <td>
                        {usage(c)}
                        {c.qualified ? <span className="badge badge-ok cert-qualified">{t('certs.qualifiedBadge')}</span> : null}
                      </td>
                      <td className="nowrap">{formatDate(c.notAfter, lang)}</td>
                      <td className="nowrap">
                        {expired ? (
                          <span className="badge badge-error">{t('certs.expired')}</span>
                        ) : soon ? (
                          <span className="days-soon">
                            <span>{t('certs.daysLeft', { count: Math.floor(c.daysLeft) })}</span>
                            <span className="badge badge-warning">{t('certs.expiringSoon')}</span>
                          </span>
                        ) : (
                          t('certs.daysLeft', { count: Math.floor(c.daysLeft) })
                        )}
                      </td>
                      <td className="cell-actions">
                        <button type="button" className="btn btn-link" aria-label={t('preferences.certs.exportFor', { name: c.name, usage: usage(c) })} onClick={() => void exportCert(c)}>
                          {t('preferences.certs.export')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {anySoon ? <p className="table-note hint">{t('certs.expiringNote')}</p> : null}
        </div>
      ) : null}
    </Screen>
  );
}
