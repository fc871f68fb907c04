/**
 * "Type the PIN on the reader": shown while a login on a reader with its own keypad waits (PKCS#11 v2.40 §5.6,
 * CKF_PROTECTED_AUTHENTICATION_PATH). It has no field (the PIN never reaches the computer) and no Cancel button:
 * C_Login cannot be interrupted from the computer, so the dialog says to use the reader's Cancel key, and it closes
 * when main says the login is over. Same look and focus handling as PinDialog.
 */
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from './modalDialog';
import type { PinpadWait } from '../state/pinpad';

export function PinpadDialog({ wait }: { wait: PinpadWait }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const ids = { title: useId(), desc: useId() };

  // Modal while the reader waits (the page behind is inert); the heading takes focus so a screen reader reads the
  // dialog; focus goes back where it was when the login is over.
  useModalDialog(dialog, () => heading.current, [wait.requestId]);

  const stateWarning =
    wait.state === 'finalTry' ? (
      <p className="callout callout-error callout-strong">{t('pinpad.finalTry')}</p>
    ) : wait.state === 'countLow' ? (
      <p className="callout callout-warning">{t('pinpad.countLow')}</p>
    ) : null;

  return (
    <dialog
      ref={dialog}
      className="modal-dialog pin-dialog pinpad-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={ids.title}
      aria-describedby={ids.desc}
      onCancel={(e) => {
        // Esc cannot stop the reader: the dialog stays until the login is over.
        e.preventDefault();
      }}
    >
      <div className="pinpad-body">
        <h2 id={ids.title} ref={heading} tabIndex={-1}>
          {t(wait.kind === 'context' ? 'pinpad.titleContext' : 'pinpad.title')}
        </h2>
        <div id={ids.desc} aria-live="polite">
          <p className="pin-device">
            {t('pin.device')}: <strong className="token-label">{wait.tokenLabel}</strong>
          </p>
          {wait.retryAfter ? <p className="callout callout-error callout-strong pin-retry">{t('pinpad.retryIncorrect')}</p> : null}
          {stateWarning}
          <p className="pinpad-waiting">
            <span className="spinner" aria-hidden="true" /> <span>{t('pinpad.waiting')}</span>
          </p>
          <p className="hint">{t('pinpad.cancelHint')}</p>
        </div>
      </div>
    </dialog>
  );
}
