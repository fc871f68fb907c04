import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A destructive action asked twice, in place: the button turns into a question with "Sì" (focused) and "No", so
 * nothing is lost by one stray click or key press, and no modal is needed.
 */
export function ConfirmButton({ label, ariaLabel, question, onConfirm, disabled }: { label: string; ariaLabel: string; question: string; onConfirm: () => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const [returnFocus, setReturnFocus] = useState(false);

  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (returnFocus) back.current?.focus();
  }, [asking, returnFocus]);

  if (!asking) {
    return (
      <button type="button" ref={back} className="btn btn-link" aria-label={ariaLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-inline" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        ref={yes}
        className="btn btn-danger btn-small"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('preferences.confirmYes')}
      </button>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() => {
          setReturnFocus(true);
          setAsking(false);
        }}
      >
        {t('preferences.confirmNo')}
      </button>
    </span>
  );
}
