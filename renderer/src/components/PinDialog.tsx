/**
 * The modal PIN dialog for a `pin:request` from main. The PIN lives in this component's state only until it is sent
 * with `pin:respond`; it is cleared right after. A request with `confirm: true` only asks whether to spend the final
 * try (main then sends a new request for the PIN itself).
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { trapTab, useModalDialog } from './modalDialog';
import type { PinRequest, RequestOf } from '../api';
import { describePinRule, pinFitsRule } from '../pinRule';

export type PinResponse = RequestOf<'pin:respond'>;


export function PinDialog({ request, onRespond }: { request: PinRequest; onRespond: (r: PinResponse) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const confirmNo = useRef<HTMLButtonElement>(null);
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const sent = useRef(false);
  const ids = { title: useId(), desc: useId(), field: useId(), repeat: useId(), problem: useId(), rule: useId() };
  const isPuk = request.kind === 'puk';
  const isNew = request.kind === 'new';

  // Open modally, focus the field (or "no" when asking about the last try), and give focus back on close.
  useModalDialog(dialog, () => (request.confirm ? confirmNo.current : firstField.current), [request.requestId, request.confirm]);

  const respond = (r: Omit<PinResponse, 'requestId'>): void => {
    if (sent.current) return;
    sent.current = true;
    onRespond({ requestId: request.requestId, ...r });
    setPin('');
    setRepeat('');
  };

  const cancel = (): void => respond(request.confirm ? { confirmed: false } : { cancel: true });

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (request.confirm) return;
    if (pin.length === 0) {
      setProblem(t('pin.empty'));
      firstField.current?.focus();
      return;
    }
    // The token's rule first: a PIN it would refuse is typed again here, before anything is sent.
    if (request.rule && !isPuk && !pinFitsRule(pin, request.rule)) {
      setProblem(t('devicesPin.dialog.ruleProblem', { rule: describePinRule(request.rule, t) }));
      firstField.current?.focus();
      return;
    }
    if (isNew && pin !== repeat) {
      setProblem(t('pin.mismatch'));
      setRepeat('');
      return;
    }
    respond({ pin });
  };

  const title = request.confirm
    ? t('pin.titleConfirm')
    : t({ user: 'pin.titleUser', context: 'pin.titleContext', current: 'pin.titleCurrent', new: 'pin.titleNew', puk: 'pin.titlePuk' }[request.kind]);
  const fieldLabel = isPuk ? t('pin.labelPuk') : isNew ? t('pin.labelNew') : t('pin.labelPin');

  const stateWarning = isNew ? null : request.state === 'countLow' && isPuk ? (
      <p className="callout callout-warning">{t('devicesPin.dialog.pukCountLow')}</p>
    ) : request.state === 'finalTry' ? (
      <p className="callout callout-error callout-strong">{isPuk ? t('pin.finalTryPuk') : t('pin.finalTry')}</p>
    ) : request.state === 'countLow' ? (
      <p className="callout callout-warning">{t('pin.countLow')}</p>
    ) : request.state === 'locked' && !isPuk ? (
      <p className="callout callout-error">{t('pin.locked')}</p>
    ) : null;

  return (
    <dialog
      ref={dialog}
      className="modal-dialog pin-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={ids.title}
      aria-describedby={ids.desc}
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
      onKeyDown={(e) => trapTab(dialog.current, e)}
    >
      <form onSubmit={submit} autoComplete="off" noValidate>
        <h2 id={ids.title}>{title}</h2>
        <div id={ids.desc}>
          <p className="pin-device">
            {t('pin.device')}: <strong className="token-label">{request.tokenLabel}</strong>
          </p>
          {request.retryAfter ? (
            <p className="callout callout-error callout-strong pin-retry">{request.retryAfter === 'PIN_FORMAT' ? t('devicesPin.dialog.retryFormat') : t('devicesPin.dialog.retryIncorrect')}</p>
          ) : null}
          {isPuk ? (
            <div className="callout callout-error puk-warning">
              <p className="callout-title">{t('pin.pukWarningTitle')}</p>
              <p>{t('devicesPin.dialog.pukWhat')}</p>
              {request.pukWarning ? <p>{request.pukWarning}</p> : request.pukLockedMeans === 'unusable' ? <p>{t('devicesPin.dialog.pukUnusable')}</p> : null}
            </div>
          ) : null}
          {request.confirm ? (
            <>
              <p className="callout callout-error callout-strong">{t('pin.confirmQuestion')}</p>
              <p>{isPuk ? t(request.pukLockedMeans === 'unusable' ? 'devicesPin.dialog.confirmTextPukUnusable' : 'devicesPin.dialog.confirmTextPuk', { label: request.tokenLabel }) : t('pin.confirmText', { label: request.tokenLabel })}</p>
            </>
          ) : (
            stateWarning
          )}
        </div>
        {request.confirm ? (
          <div className="dialog-actions">
            <button type="button" ref={confirmNo} className="btn btn-secondary" onClick={() => respond({ confirmed: false })}>
              {t('pin.confirmNo')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => respond({ confirmed: true })}>
              {isPuk ? t('devicesPin.dialog.confirmYesPuk') : t('pin.confirmYes')}
            </button>
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={ids.field}>{fieldLabel}</label>
              <input
                id={ids.field}
                ref={firstField}
                className="input input-pin"
                type="password"
                name="sigla-pin"
                autoComplete="off"
                autoCorrect="off"
                autoCapitalize="off"
                spellCheck={false}
                maxLength={64}
                required
                autoFocus
                value={pin}
                aria-invalid={problem ? true : undefined}
                aria-describedby={[problem ? ids.problem : '', request.rule && isNew ? ids.rule : ''].filter(Boolean).join(' ') || undefined}
                onChange={(e) => {
                  setPin(e.target.value);
                  setProblem(null);
                }}
              />
            </div>
            {request.rule && isNew ? (
              <p id={ids.rule} className="hint">
                {t('devicesPin.dialog.ruleHint', { rule: describePinRule(request.rule, t) })}
              </p>
            ) : null}
            {isNew ? (
              <div className="field">
                <label htmlFor={ids.repeat}>{t('pin.labelRepeat')}</label>
                <input
                  id={ids.repeat}
                  className="input input-pin"
                  type="password"
                  name="sigla-pin-repeat"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={64}
                  required
                  value={repeat}
                  onChange={(e) => {
                    setRepeat(e.target.value);
                    setProblem(null);
                  }}
                />
              </div>
            ) : null}
            {problem ? (
              <p id={ids.problem} className="field-error" role="alert">
                {problem}
              </p>
            ) : null}
            <div className="dialog-actions">
              <button type="button" className="btn btn-secondary" onClick={cancel}>
                {t('pin.cancel')}
              </button>
              <button type="submit" className="btn btn-primary">
                {t('pin.submit')}
              </button>
            </div>
          </>
        )}
      </form>
    </dialog>
  );
}
