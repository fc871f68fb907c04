/**
 * "Type the PIN on the reader": shown while a login on a reader with its own keypad waits (PKCS#11 v2.40 §5.6,
 * CKF_PROTECTED_AUTHENTICATION_PATH). It has no field (the PIN never reaches the computer) and no Cancel button:
 * C_Login cannot be interrupted from the computer, so the dialog says to use the reader's Cancel key, and it closes
 * when main says the login is over. Same look and focus handling as PinDialog.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinpadWait } from '../state/pinpad';

export function PinpadDialog({ wait }: { wait: PinpadWait }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [before] = useState<HTMLElement | null>(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const ids = { title: useId(), desc: useId() };

  // Modal while the reader waits (the page behind is inert); the heading takes focus so a screen reader reads the
  // dialog; focus goes back where it was when the login is over.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    heading.current?.focus();
    return () => {
      if (d?.open) d.close();
      if (before && before.isConnected) before.focus();
      if (!d?.contains(document.activeElement) && (document.activeElement === null || document.activeElement === document.body)) document.getElementById('main')?.focus();
    };
  }, [wait.requestId, before]);

  const stateWarning =
    wait.state === 'finalTry' ? (
      <p className="callout callout-error callout-strong">{t('pinpad.finalTry')}</p>
    ) : wait.state === 'countLow' ? (
      <p className="callout callout-warning">{t('pinpad.countLow')}</p>
    ) : null;

  return (
    <dialog
      ref={dialog}
      className="pin-dialog pinpad-dialog"
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
