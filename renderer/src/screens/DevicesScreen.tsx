import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Token } from '../api';
import { BrowsersPanel } from '../components/BrowsersPanel';
import { ModuleList } from '../components/ModuleList';
import { PinOutcomeView, stateTone, useStateText } from '../components/PinOutcome';
import { ListState, Screen, Status } from '../components/Screen';
import { UnblockDialog } from '../components/UnblockDialog';
import { runPinOp, succeeded, type PinOp, type PinOutcome } from '../state/pinActions';
import type { TokensState } from '../state/tokens';

/**
 * One device: its PIN and PUK state in words, and the PIN operations (check, change, unblock with the PUK). Main
 * asks for every code in the PIN dialog; the outcome is announced here (a polite live region) and takes focus.
 */
function DeviceCard({ token, onChanged }: { token: Token; onChanged: () => void }) {
  const { t } = useTranslation();
  const text = useStateText();
  const ids = { title: useId(), hint: useId(), actions: useId() };
  const [running, setRunning] = useState<PinOp | null>(null);
  const [outcome, setOutcome] = useState<PinOutcome | null>(null);
  const [unblocking, setUnblocking] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const unblockButton = useRef<HTMLButtonElement>(null);
  const [focusOutcome, setFocusOutcome] = useState(0);

  useEffect(() => {
    if (focusOutcome > 0) outcomeRef.current?.focus();
  }, [focusOutcome]);

  // An outcome says the state "now": once the token's state moves on (another program, a signature), it is dropped.
  const { userPin, soPin } = token;
  useEffect(() => {
    setOutcome((o) => (o && 'result' in o && (o.result.userPin !== userPin || o.result.soPin !== soPin) ? null : o));
  }, [userPin, soPin]);

  const run = async (op: PinOp): Promise<PinOutcome> => {
    setRunning(op);
    setOutcome(null);
    const o = await runPinOp(token, op);
    setOutcome(o);
    setRunning(null);
    onChanged();
    return o;
  };

  const pinLocked = token.userPin === 'locked';
  const pinUnset = token.userPin === 'notInitialized';
  const pukLocked = token.soPin === 'locked';
  const busy = running !== null || unblocking;
  const hint = token.pinpad ? t('devicesPin.pinpadHint') : pukLocked ? t('devicesPin.pukLockedHint') : pinLocked ? t('devicesPin.pinLockedHint') : null;

  return (
    <li className="card device" aria-labelledby={ids.title}>
      <div className="device-head">
        <span className="device-icon" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" focusable="false">
            <rect x="3" y="7" width="13" height="10" rx="2" />
            <path d="M16 10h3a2 2 0 0 1 2 2v0a2 2 0 0 1-2 2h-3" />
            <path d="M7 11h5" />
          </svg>
        </span>
        <div>
          <h2 id={ids.title} className="device-label token-label">
            {token.label}
          </h2>
          <p className="muted">{[token.manufacturer, token.model].filter(Boolean).join(' · ')}</p>
        </div>
      </div>
      <dl className="facts facts-compact">
        <div>
          <dt>{t('devices.pinState')}</dt>
          <dd>
            <span className={`badge badge-${stateTone(token.userPin)}`}>{text.pin(token.userPin)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('devices.pukState')}</dt>
          <dd>
            <span className={`badge badge-${stateTone(token.soPin)}`}>{text.puk(token.soPin)}</span>
          </dd>
        </div>
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
      <div className="device-actions" role="group" aria-label={t('devicesPin.actionsLabel', { label: token.label })}>
        <button type="button" className="btn btn-secondary btn-small" disabled={busy || pinLocked || pinUnset} aria-describedby={hint ? ids.hint : undefined} onClick={() => void run('check').then(() => setFocusOutcome((n) => n + 1))}>
          {t('devicesPin.check')}
        </button>
        <button type="button" className="btn btn-secondary btn-small" disabled={busy || pinLocked || pinUnset || token.pinpad} aria-describedby={hint ? ids.hint : undefined} onClick={() => void run('change').then(() => setFocusOutcome((n) => n + 1))}>
          {t('devicesPin.change')}
        </button>
        <button type="button" ref={unblockButton} className={`btn btn-small ${pinLocked ? 'btn-primary' : 'btn-secondary'}`} disabled={busy || pukLocked || token.pinpad} aria-describedby={hint ? ids.hint : undefined} onClick={() => setUnblocking(true)}>
          {t('devicesPin.unblock')}
        </button>
        {hint ? (
          <p id={ids.hint} className="hint">
            {hint}
          </p>
        ) : null}
      </div>
      {/* One live region: what is going on (visible), then the outcome in short (for screen readers: the callout below shows it). */}
      <Status className={running ? 'pin-status' : 'pin-status visually-hidden'}>
        {running ? (token.pinpad && running === 'check' ? t('devicesPin.runningPinpad') : t('devicesPin.running')) : outcome ? (succeeded(outcome) ? t(`devicesPin.done.${outcome.op}`) : t(`devicesPin.failed.${outcome.op}`)) : ''}
      </Status>
      {outcome && !running ? <PinOutcomeView ref={outcomeRef} outcome={outcome} /> : null}
      {unblocking ? (
        <UnblockDialog
          token={token}
          start={() => run('unblock')}
          onClose={() => {
            setUnblocking(false);
            // Back to the outcome when there is one, else to the button that opened the dialog.
            if (outcome || running) setFocusOutcome((n) => n + 1);
            else requestAnimationFrame(() => unblockButton.current?.focus());
          }}
        />
      ) : null}
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
            <DeviceCard key={`${tk.module}/${tk.slotId}`} token={tk} onChanged={() => void reload()} />
          ))}
        </ul>
      ) : null}
      <ModuleList version={tokens} />
      <BrowsersPanel version={tokens} />
    </Screen>
  );
}
