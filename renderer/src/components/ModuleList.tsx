/**
 * Dispositivi's list of PKCS#11 modules (the manufacturers' middleware): which were found, how many devices each
 * shows, and why one did not load. Read again whenever the device list changes (hot-plug).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useModules } from '../state/useModules';
import { ErrorBox } from './Screen';

export function ModuleList({ version }: { version: unknown }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { modules, error } = useModules(version);


  return (
    <section className="card module-list" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('devicesPin.modules.title')}</h2>
      <p className="hint">{t('devicesPin.modules.intro')}</p>
      {error ? <ErrorBox error={error} /> : null}
      {modules === null && !error ? <p className="muted">{t('devicesPin.modules.loading')}</p> : null}
      {modules && modules.length === 0 ? <p>{t('devicesPin.modules.none')}</p> : null}
      {modules && modules.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('devicesPin.modules.name')}</th>
                <th scope="col">{t('devicesPin.modules.path')}</th>
                <th scope="col">{t('devicesPin.modules.tokens')}</th>
                <th scope="col">{t('devicesPin.modules.state')}</th>
              </tr>
            </thead>
            <tbody>
              {modules.map((m) => (
                <tr key={m.path}>
                  <th scope="row">{m.name}</th>
                  <td className="mono module-path">{m.path}</td>
                  <td>{m.error ? '—' : m.tokens}</td>
                  <td>
                    {m.error ? (
                      <>
                        <span className="badge badge-error">{t('devicesPin.modules.failed')}</span> <span className="module-error">{m.error}</span>
                      </>
                    ) : (
                      <span className="badge badge-ok">{t('devicesPin.modules.loaded')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
