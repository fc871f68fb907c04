import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Token } from '../api';
import { ListState, Screen } from '../components/Screen';
import type { TokensState } from '../state/tokens';

const KNOWN_STATES = new Set(['ok', 'countLow', 'finalTry', 'locked', 'toBeChanged', 'notInitialized']);
const tone = (s: string): string => (s === 'ok' ? 'ok' : s === 'countLow' || s === 'toBeChanged' || s === 'notInitialized' ? 'warning' : 'error');

function DeviceCard({ token }: { token: Token }) {
  const { t } = useTranslation();
  const noteId = useId();
  const titleId = useId();
  const pin = KNOWN_STATES.has(token.userPin) ? t(`devices.states.${token.userPin}`) : token.userPin;
  const puk = KNOWN_STATES.has(token.soPin) ? t(`devices.pukStates.${token.soPin}`) : token.soPin;
  return (
    <li className="card device" aria-labelledby={titleId}>
      <div className="device-head">
        <span className="device-icon" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" focusable="false">
            <rect x="3" y="7" width="13" height="10" rx="2" />
            <path d="M16 10h3a2 2 0 0 1 2 2v0a2 2 0 0 1-2 2h-3" />
            <path d="M7 11h5" />
          </svg>
        </span>
        <div>
          <h2 id={titleId} className="device-label token-label">
            {token.label}
          </h2>
          <p className="muted">{[token.manufacturer, token.model].filter(Boolean).join(' · ')}</p>
        </div>
      </div>
      <dl className="facts facts-compact">
        <div>
          <dt>{t('devices.pinState')}</dt>
          <dd>
            <span className={`badge badge-${tone(token.userPin)}`}>{pin}</span>
          </dd>
        </div>
        {token.soPin && token.soPin !== 'ok' ? (
          <div>
            <dt>{t('devices.pukState')}</dt>
            <dd>
              <span className={`badge badge-${tone(token.soPin)}`}>{puk}</span>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('devices.manufacturer')}</dt>
          <dd>{token.manufacturer || '—'}</dd>
        </div>
        <div>
          <dt>{t('devices.model')}</dt>
          <dd>{token.model || '—'}</dd>
        </div>
        {token.serial ? (
          <div>
            <dt>{t('devices.serial')}</dt>
            <dd className="mono">{token.serial}</dd>
          </div>
        ) : null}
      </dl>
      {token.pinpad ? (
        <p className="pinpad">
          <span className="badge badge-info">{t('devices.pinpad')}</span> <span className="hint">{t('devices.pinpadHint')}</span>
        </p>
      ) : null}
      <div className="device-actions">
        <button type="button" className="btn btn-secondary btn-small" disabled aria-describedby={noteId}>
          {t('devices.changePin')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" disabled aria-describedby={noteId}>
          {t('devices.unblockPin')}
        </button>
        <p id={noteId} className="hint">
          {t('devices.pinActionsNote')}
        </p>
      </div>
    </li>
  );
}

export function DevicesScreen({ state, focusHeading }: { state: TokensState; focusHeading: boolean }) {
  const { t } = useTranslation();
  const { tokens, loading, loaded, error, reload } = state;
  useEffect(() => {
    void reload();
  }, [reload]);
  return (
    <Screen
      title={t('devices.title')}
      intro={t('devices.intro')}
      focusHeading={focusHeading}
      actions={
        <button type="button" className="btn btn-secondary" disabled={loading} onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      }
    >
      <ListState loading={loading} loaded={loaded} error={error} count={tokens.length} loadingText={t('devices.loading')} foundText={t('devices.found', { count: tokens.length })} emptyText={t('common.noDevice')} />
      {tokens.length > 0 ? (
        <ul className="device-grid">
          {tokens.map((tk) => (
            <DeviceCard key={`${tk.module}/${tk.slotId}`} token={tk} />
          ))}
        </ul>
      ) : null}
    </Screen>
  );
}
