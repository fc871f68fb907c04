/** How a PIN operation went (Dispositivi), with the token's PIN and PUK state afterwards, in words. */
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinOutcome } from '../state/pinActions';

export const KNOWN_PIN_STATES = new Set(['ok', 'countLow', 'finalTry', 'locked', 'toBeChanged', 'notInitialized']);

/** Badge colour of a PIN/PUK state. */
export const stateTone = (s: string): string => (s === 'ok' ? 'ok' : s === 'countLow' || s === 'toBeChanged' || s === 'notInitialized' || s === 'unknown' ? 'warning' : 'error');

/** A state for a badge ("PIN a posto", "PUK bloccato") or, `word`, inside a sentence ("a posto", "bloccato"). */
export function useStateText(): { pin: (s: string) => string; puk: (s: string) => string; word: (s: string) => string } {
  const { t } = useTranslation();
  const word = (s: string): string => t(`devicesPin.stateWords.${KNOWN_PIN_STATES.has(s) ? s : 'unknown'}`);
  return {
    pin: (s) => (KNOWN_PIN_STATES.has(s) ? t(`devices.states.${s}`) : word(s)),
    puk: (s) => (KNOWN_PIN_STATES.has(s) ? t(`devices.pukStates.${s}`) : word(s)),
    word,
  };
}

/** The outcome as a callout; focusable (tabIndex -1) so that the caller can move focus to it when it appears. */
export const PinOutcomeView = forwardRef<HTMLDivElement, { outcome: PinOutcome }>(function PinOutcomeView({ outcome }, ref) {
  const { t } = useTranslation();
  const text = useStateText();
  if ('error' in outcome) {
    return (
      <div ref={ref} tabIndex={-1} className="callout callout-error pin-outcome">
        <p className="callout-title">{t(`devicesPin.failed.${outcome.op}`)}</p>
        <p>{outcome.error.message || t('common.unexpected')}</p>
      </div>
    );
  }
  const r = outcome.result;
  const state = t('devicesPin.stateNow', { pin: text.word(r.userPin), puk: text.word(r.soPin) });
  return r.ok ? (
    <div ref={ref} tabIndex={-1} className="callout callout-ok pin-outcome">
      <p className="callout-title">{t(`devicesPin.done.${outcome.op}`)}</p>
      <p>{state}</p>
    </div>
  ) : (
    <div ref={ref} tabIndex={-1} className="callout callout-error pin-outcome">
      <p className="callout-title">{t(`devicesPin.failed.${outcome.op}`)}</p>
      <p>{r.error?.message ?? t('common.unexpected')}</p>
      <p>{state}</p>
    </div>
  );
});
