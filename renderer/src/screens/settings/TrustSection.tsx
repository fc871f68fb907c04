import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type ResultOf } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import { importTrustCertificate } from '../../state/trustImport';
import { ConfirmButton } from './ConfirmButton';

type Anchor = ResultOf<'trust:list'>[number];

/**
 * Certificati di fiducia: the certification authorities the user trusts beyond those Sigla knows, used when
 * verifying signatures. A certificate file is chosen through main (the renderer gets an opaque id), checked there.
 */
export function TrustSection() {
  const { t } = useTranslation();
  const lang = currentLang();
  const h = useId();
  const [anchors, setAnchors] = useState<Anchor[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const r = await call('trust:list', {});
    if (r.ok) setAnchors(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const importFile = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setStatus('');
    const r = await importTrustCertificate();
    if (r.kind === 'ok') {
      setAnchors(r.value.anchors);
      setStatus(t('preferences.trust.imported', { count: r.value.imported.length, names: r.value.imported.map((a) => a.name).join(', ') }));
    } else if (r.kind === 'error') setError(r.error);
    setBusy(false);
  };

  const remove = async (a: Anchor): Promise<void> => {
    const r = await call('trust:remove', { id: a.id });
    if (r.ok) {
      setAnchors(r.value);
      setStatus(t('preferences.trust.removed', { name: a.name }));
      setError(null);
    } else setError(r.error);
  };

  return (
    <section className="card" aria-labelledby={h}>
      <h2 id={h}>{t('preferences.trust.title')}</h2>
      <p className="hint">{t('preferences.trust.intro')}</p>
      {anchors === null ? (
        <p className="muted section-gap">{t('common.loading')}</p>
      ) : anchors.length === 0 ? (
        <p className="muted section-gap">{t('preferences.trust.none')}</p>
      ) : (
        <div className="table-wrap section-gap">
          <table className="table">
            <caption className="visually-hidden">{t('preferences.trust.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('preferences.trust.colName')}</th>
                <th scope="col">{t('preferences.trust.colExpiry')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('preferences.trust.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {anchors.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <span className="cert-name">{a.name}</span>
                    <span className="cert-issuer muted break">{a.subject}</span>
                  </th>
                  <td className="nowrap">
                    {formatDate(a.notAfter, lang)}
                    {a.daysLeft < 0 ? (
                      <>
                        {' '}
                        <span className="badge badge-error">{t('certs.expired')}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="cell-actions">
                    <ConfirmButton label={t('preferences.remove')} ariaLabel={t('preferences.trust.removeFor', { name: a.name })} question={t('preferences.trust.removeQuestion', { name: a.name })} onConfirm={() => void remove(a)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card-foot">
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void importFile()}>
          {t('preferences.trust.import')}
        </button>
      </div>
      <Status>{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
