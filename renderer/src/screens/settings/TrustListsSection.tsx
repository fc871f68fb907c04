import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, type ApiError, type SiglaDocument } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { countryName } from '../../countryName';
import { formatDate, formatDateTime } from '../../format';
import { currentLang, type Lang } from '../../i18n';
import type { TrustListState, TrustListsState, TrustListsStatus } from '../../state/trustLists';
import '../../components/TrustLists.css';

/** Known reasons a list is not used (io/trustedLists and core/tsl codes); other codes are named as they are. */
const KNOWN_REASONS = new Set(['NO_SIGNATURE', 'MALFORMED', 'SIGNATURE_INVALID', 'SIGNER_NOT_ALLOWED', 'NOT_WHOLE_DOCUMENT']);

function reasonText(l: TrustListState, t: TFunction): string {
  if (l.reasonText) return l.reasonText;
  if (l.reason && KNOWN_REASONS.has(l.reason)) return t(`trustLists.reason.${l.reason}`);
  return t('trustLists.reason.unknown', { code: l.reason ?? '?' });
}

function ListRow({ l, t, lang }: { l: TrustListState; t: TFunction; lang: Lang }) {
  const name = l.isLotl ? t('trustLists.lotl') : countryName(l.territory, lang);
  return (
    <tr data-territory={l.territory}>
      <th scope="row">
        <span className="cert-name">{name}</span>
        {l.services !== undefined && !l.isLotl ? <span className="muted break"> {t('trustLists.services', { count: l.services })}</span> : null}
      </th>
      <td className="nowrap">{l.sequenceNumber ?? '—'}</td>
      <td className="nowrap">{l.issued ? formatDate(l.issued, lang) : '—'}</td>
      <td>
        <span className="nowrap">{l.nextUpdate ? formatDate(l.nextUpdate, lang) : '—'}</span>
        {l.stale ? (
          <>
            {' '}
            <span className="badge badge-warning trust-list-stale">
              <span aria-hidden="true">! </span>
              {t('trustLists.expiredDays', { count: l.daysPastNextUpdate ?? 0 })}
            </span>
          </>
        ) : null}
      </td>
      <td>
        {l.valid ? (
          <span className="badge badge-ok">
            <span aria-hidden="true">✓ </span>
            {t('trustLists.valid')}
          </span>
        ) : (
          <>
            <span className="badge badge-error">
              <span aria-hidden="true">✕ </span>
              {t('trustLists.invalid')}
            </span>{' '}
            <span className="trust-list-reason">{reasonText(l, t)}</span>
            {l.inUseSequenceNumber !== undefined ? <span className="muted"> {t('trustLists.inUse', { n: l.inUseSequenceNumber })}</span> : null}
          </>
        )}
      </td>
    </tr>
  );
}

/** When the lists in use last changed: the last update, or a later import (a list's own fetch/import time). */
function lastChange(s: TrustListsStatus): string | undefined {
  const times = [s.lastUpdate, ...s.lists.filter((l) => l.valid).map((l) => l.fetchedAt)].filter((x): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x)));
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/** The files of an import, chosen through main (opaque ids), shown by name. */
function Picked({ docs, t }: { docs: SiglaDocument[]; t: TFunction }) {
  return docs.length === 0 ? <span className="muted">{t('trustLists.noneChosen')}</span> : <span>{docs.map((d) => d.name).join(', ')}</span>;
}

/**
 * Elenchi di fiducia (ETSI TS 119 612 lists of the EU and its member states): when they were last updated and last
 * tried, the lists in use (country, sequence number, issue date, next update, how old, valid or why not), "Aggiorna
 * ora" with progress and a way to stop it, and an offline import of TL/LOTL files with their signers' certificates.
 * Sigla trusts no certification authority of its own beyond what these lists (and the certificates added below) give.
 */
export function TrustListsSection({ state }: { state: TrustListsState }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const ids = { h: useId(), imp: useId() };
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState('');
  const [importing, setImporting] = useState(false);
  const [files, setFiles] = useState<SiglaDocument[]>([]);
  const [signers, setSigners] = useState<SiglaDocument[]>([]);
  const [busy, setBusy] = useState(false);
  const s = state.status;
  const running = state.progress;

  const update = async (): Promise<void> => {
    setError(null);
    setMessage('');
    const err = await state.update();
    if (!err) setMessage(t('trustLists.updated'));
    else if (err.code === 'CANCELLED') setMessage(t('trustLists.cancelled'));
    else setError(err);
  };

  const pick = async (purpose: 'trustedList' | 'listSigners', set: (d: SiglaDocument[]) => void): Promise<void> => {
    const r = await call('documents:pick', { purpose });
    if (r.ok) {
      if (r.value.length > 0) set(r.value);
    } else setError(r.error);
  };

  const doImport = async (): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    setError(null);
    setMessage('');
    const err = await state.importFiles(
      files.map((d) => d.id),
      signers.map((d) => d.id),
    );
    setBusy(false);
    if (err) {
      setError(err);
      return;
    }
    setMessage(t('trustLists.importedFiles', { count: files.length, names: files.map((d) => d.name).join(', ') }));
    setFiles([]);
    setSigners([]);
    setImporting(false);
  };

  const progressText = running ? (running.total > 0 ? t('trustLists.progress', { done: running.done, total: running.total }) : t('trustLists.starting')) : '';

  return (
    <section className="card trust-lists" aria-labelledby={ids.h}>
      <h2 id={ids.h}>{t('trustLists.title')}</h2>
      <p className="hint">{t('trustLists.intro')}</p>
      {s === null ? (
        <p className="muted section-gap">{t('common.loading')}</p>
      ) : (
        <>
          <dl className="facts facts-compact section-gap">
            <div>
              <dt>{t('trustLists.lastUpdate')}</dt>
              <dd className="trust-lists-last-update">{lastChange(s) ? formatDateTime(lastChange(s) ?? '', lang) : t('trustLists.never')}</dd>
            </div>
            <div>
              <dt>{t('trustLists.lastAttempt')}</dt>
              <dd>{s.lastAttempt ? formatDateTime(s.lastAttempt, lang) : t('trustLists.never')}</dd>
            </div>
          </dl>
          {s.lastError ? (
            <div className="callout callout-warning section-gap">
              <p className="callout-title">{t('trustLists.lastErrorTitle')}</p>
              <p>{s.lastError.message}</p>
              {s.lists.some((l) => l.valid) ? <p>{t('trustLists.keptCopy')}</p> : null}
            </div>
          ) : null}
          {s.lists.length === 0 ? (
            <p className="muted section-gap">{t('trustLists.none')}</p>
          ) : (
            // A region that may scroll sideways on a narrow window: reachable and named for keyboard users.
            <div className="table-wrap section-gap" role="region" tabIndex={0} aria-label={t('trustLists.caption')}>
              <table className="table">
                <caption className="visually-hidden">{t('trustLists.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('trustLists.colCountry')}</th>
                    <th scope="col">{t('trustLists.colSequence')}</th>
                    <th scope="col">{t('trustLists.colIssued')}</th>
                    <th scope="col">{t('trustLists.colNextUpdate')}</th>
                    <th scope="col">{t('trustLists.colState')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...s.lists]
                    .sort((a, b) => Number(b.isLotl) - Number(a.isLotl) || Number(b.territory === 'IT') - Number(a.territory === 'IT') || countryName(a.territory, lang).localeCompare(countryName(b.territory, lang), lang))
                    .map((l) => (
                      <ListRow key={`${l.isLotl ? 'lotl' : 'tl'}-${l.territory}-${l.valid ? 'ok' : 'ko'}`} l={l} t={t} lang={lang} />
                    ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <div className="card-foot">
        <button type="button" className="btn btn-primary" disabled={running !== null || busy} onClick={() => void update()}>
          {t('trustLists.update')}
        </button>
        {running ? (
          <button type="button" className="btn btn-secondary" onClick={() => void state.cancel()}>
            {t('trustLists.stop')}
          </button>
        ) : null}
        <button type="button" className="btn btn-secondary" aria-expanded={importing} aria-controls={ids.imp} disabled={running !== null} onClick={() => setImporting((v) => !v)}>
          {t('trustLists.import')}
        </button>
      </div>
      {running ? (
        <div className="section-gap">
          {running.total > 0 ? <progress className="progress" max={running.total} value={running.done} aria-label={t('trustLists.progressLabel')} /> : null}
        </div>
      ) : null}
      {importing ? (
        <div id={ids.imp} className="subform stack-tight section-gap" role="group" aria-label={t('trustLists.importTitle')}>
          <h3>{t('trustLists.importTitle')}</h3>
          <p className="hint">{t('trustLists.importHint')}</p>
          <div className="field">
            <button type="button" className="btn btn-secondary" onClick={() => void pick('trustedList', setFiles)}>
              {t('trustLists.chooseFiles')}
            </button>
            <p>
              {t('trustLists.chosenFiles')}: <Picked docs={files} t={t} />
            </p>
          </div>
          <div className="field">
            <button type="button" className="btn btn-secondary" onClick={() => void pick('listSigners', setSigners)}>
              {t('trustLists.chooseSigners')}
            </button>
            <p>
              {t('trustLists.chosenSigners')} <span className="optional">({t('common.optional')})</span>: <Picked docs={signers} t={t} />
            </p>
            <p className="hint">{t('trustLists.signersHint')}</p>
          </div>
          <div className="card-foot">
            <button type="button" className="btn btn-primary" disabled={files.length === 0 || busy} onClick={() => void doImport()}>
              {t('trustLists.importRun')}
            </button>
          </div>
        </div>
      ) : null}
      <Status>
        {running ? (
          <span className="progress-line">
            <span className="spinner" aria-hidden="true" />
            <span>{progressText}</span>
          </span>
        ) : (
          message
        )}
      </Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
