/**
 * Unblocking the PIN with the PUK, as a guided dialog that warns before anything can be spent:
 *  1. what the PUK is and where to find it (and the token profile's own note);
 *  2. how many PUK tries are left, and what a locked PUK means (on a BusinessKey: the device is unusable) — only
 *     "Ho capito, continua" goes on;
 *  then the dialog steps aside while main asks, through the PIN dialog, for the PUK and the new PIN twice (both
 *  checked before a try is spent), and comes back with
 *  3. the outcome and the state of the PIN and PUK now.
 * Modal, Escape cancels, Tab stays inside, each step's heading takes focus; the caller puts focus back when it
 * closes (`onClose`), on the outcome or on the button that opened it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { trapTab, useModalDialog } from './modalDialog';
import type { Token } from '../api';
import { tokenProfile, type PinOutcome, type TokenProfileInfo } from '../state/pinActions';
import { PinOutcomeView, stateTone, useStateText } from './PinOutcome';


type Phase = 'what' | 'risk' | 'running' | 'result';

export function UnblockDialog({ token, start, onClose }: { token: Token; start: () => Promise<PinOutcome>; onClose: () => void }) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('what');
  const [profile, setProfile] = useState<TokenProfileInfo | null>(null);
  const [outcome, setOutcome] = useState<PinOutcome | null>(null);

  useEffect(() => {
    let live = true;
    void tokenProfile(token).then((p) => {
      if (live) setProfile(p);
    });
    return () => {
      live = false;
    };
  }, [token]);

  const go = async (): Promise<void> => {
    setPhase('running');
    const o = await start();
    setOutcome(o);
    setPhase('result');
  };

  // While main asks for the PUK and the new PIN, only the PIN dialog is on screen.
  if (phase === 'running') return null;
  return (
    <StepDialog step={phase} onCancel={onClose} titleText={t('devicesPin.unblockDialog.title')}>
      {(ids) =>
        phase === 'what' ? (
          <>
            <StepHeading id={ids.step} n={1} text={t('devicesPin.unblockDialog.whatTitle')} />
            <div id={ids.desc} className="step-body">
              <p className="pin-device">
                {t('pin.device')}: <strong className="token-label">{token.label}</strong>
              </p>
              <p>{t('devicesPin.unblockDialog.what1')}</p>
              <p>{t('devicesPin.unblockDialog.what2')}</p>
              {profile?.pukWarning ? (
                <div className="callout callout-warning">
                  <p className="callout-title">{t('devicesPin.unblockDialog.profileNote', { name: profile.name })}</p>
                  <p>{profile.pukWarning}</p>
                </div>
              ) : null}
            </div>
            <div className="dialog-actions">
              <button type="button" className="btn btn-secondary" onClick={onClose}>
                {t('pin.cancel')}
              </button>
              <button type="button" className="btn btn-primary" onClick={() => setPhase('risk')}>
                {t('devicesPin.unblockDialog.next')}
              </button>
            </div>
          </>
        ) : phase === 'risk' ? (
          <RiskStep ids={ids} token={token} profile={profile} onBack={() => setPhase('what')} onCancel={onClose} onContinue={() => void go()} />
        ) : (
          <>
            <StepHeading id={ids.step} n={3} text={t('devicesPin.unblockDialog.resultTitle')} />
            <div id={ids.desc} className="step-body" role="status" aria-live="polite">
              {outcome ? <PinOutcomeView outcome={outcome} /> : null}
            </div>
            <div className="dialog-actions">
              <button type="button" className="btn btn-primary" onClick={onClose}>
                {t('devicesPin.unblockDialog.close')}
              </button>
            </div>
          </>
        )
      }
    </StepDialog>
  );
}

function RiskStep({ ids, token, profile, onBack, onCancel, onContinue }: { ids: StepIds; token: Token; profile: TokenProfileInfo | null; onBack: () => void; onCancel: () => void; onContinue: () => void }) {
  const { t } = useTranslation();
  const text = useStateText();
  const so = token.soPin;
  const locked = so === 'locked';
  const tries = ['ok', 'countLow', 'finalTry', 'locked', 'toBeChanged', 'notInitialized'].includes(so) ? so : 'unknown';
  return (
    <>
      <StepHeading id={ids.step} n={2} text={t('devicesPin.unblockDialog.riskTitle')} />
      <div id={ids.desc} className="step-body">
        <p>
          {t('devicesPin.unblockDialog.triesLabel')}: <span className={`badge badge-${stateTone(so)}`}>{text.puk(so)}</span> <span>({t(`devicesPin.unblockDialog.tries.${tries}`)})</span>
        </p>
        {locked ? (
          <p className="callout callout-error callout-strong">{t('devicesPin.unblockDialog.locked')}</p>
        ) : (
          <>
            {so === 'finalTry' ? <p className="callout callout-error callout-strong">{t('devicesPin.unblockDialog.finalTry')}</p> : null}
            <div className="callout callout-error">
              <p>{profile?.pukLockedMeans === 'reset-by-admin' ? t('devicesPin.unblockDialog.resetByAdmin') : t('devicesPin.unblockDialog.unusable')}</p>
            </div>
            <p className="callout callout-warning">{t('devicesPin.unblockDialog.doubt')}</p>
            <p>{t('devicesPin.unblockDialog.nextSteps')}</p>
          </>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onBack}>
          {t('devicesPin.unblockDialog.back')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {locked ? t('devicesPin.unblockDialog.close') : t('pin.cancel')}
        </button>
        {locked ? null : (
          <button type="button" className="btn btn-danger" onClick={onContinue}>
            {t('devicesPin.unblockDialog.understood')}
          </button>
        )}
      </div>
    </>
  );
}

interface StepIds {
  readonly title: string;
  readonly step: string;
  readonly desc: string;
}

function StepHeading({ id, n, text }: { id: string; n: number; text: string }) {
  const { t } = useTranslation();
  return (
    <h3 id={id} className="step-heading" tabIndex={-1} data-step-heading="">
      <span className="step-label">{t('devicesPin.unblockDialog.step', { n, total: 3 })}</span> {text}
    </h3>
  );
}

/** The modal frame of the steps: opened with showModal, each step's heading focused, Tab kept inside. */
function StepDialog({ step, titleText, onCancel, children }: { step: string; titleText: string; onCancel: () => void; children: (ids: StepIds) => ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const ids: StepIds = { title: useId(), step: useId(), desc: useId() };

  // The flow focuses its outcome itself when it ends (DevicesScreen): focus is not given back here.
  useModalDialog(dialog, () => null, [], { restoreFocus: false });

  // A new step: its heading takes focus, so that it is read from its start.
  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('[data-step-heading]')?.focus();
  }, [step]);

  return (
    <dialog
      ref={dialog}
      className="modal-dialog pin-dialog unblock-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${ids.title} ${ids.step}`}
      aria-describedby={ids.desc}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => trapTab(dialog.current, e)}
    >
      <div className="unblock-steps">
        <h2 id={ids.title}>{titleText}</h2>
        {children(ids)}
      </div>
    </dialog>
  );
}
