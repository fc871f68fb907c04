/**
 * The in-app renewal reminder (issue: "an in-app banner at 90, 60, 30, 7 days before expiry, with snooze"), at the
 * top of the main area on every screen: one line per certificate (who, how many days, which date), "Cosa fare"
 * showing what to do (the office's instructions from the settings, or the default advice) and "Rimanda" hiding the
 * reminder until the next lead time. A polite status region: read once when it appears, never an interruption.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../format';
import { currentLang } from '../i18n';
import type { RemindersState } from '../state/reminders';
import { ErrorBox } from './Screen';
import './ReminderBanner.css';

export function ReminderBanner({ state, onSnoozedLast }: { state: RemindersState; onSnoozedLast: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const [open, setOpen] = useState(false);
  const adviceId = useId();
  const titleId = useId();
  const box = useRef<HTMLElement>(null);
  const reminders = state.list?.reminders ?? [];
  if (reminders.length === 0 && !state.error) return null;
  const advice = state.list?.instructions ?? t('reminders.defaultAdvice');

  const snooze = async (fingerprint: string): Promise<void> => {
    const ok = await state.snooze(fingerprint);
    if (!ok) return;
    // Keep the keyboard user in place: the next reminder's button, or the main area when none is left.
    const next = box.current?.querySelector<HTMLButtonElement>('button[data-snooze]:not([data-fp="' + fingerprint + '"])');
    if (next) next.focus();
    else onSnoozedLast();
  };

  return (
    <section ref={box} className="reminder-banner" aria-labelledby={titleId}>
      <h2 id={titleId} className="reminder-title">
        {t('reminders.title', { count: reminders.length })}
      </h2>
      <div role="status" aria-live="polite">
        <ul className="reminder-list">
          {reminders.map((r) => (
            <li key={r.fingerprintSha256} className="reminder-item" data-threshold={r.threshold}>
              <p>
                {r.expired
                  ? t('reminders.expired', { name: r.name, date: formatDate(r.notAfter, lang) })
                  : t('reminders.expires', { name: r.name, count: r.daysLeft, date: formatDate(r.notAfter, lang) })}
              </p>
              <button type="button" className="btn btn-secondary btn-small" data-snooze="" data-fp={r.fingerprintSha256} onClick={() => void snooze(r.fingerprintSha256)} aria-label={t('reminders.snoozeFor', { name: r.name })}>
                {t('reminders.snooze')}
              </button>
            </li>
          ))}
        </ul>
      </div>
      {reminders.length > 0 ? (
        <div className="reminder-actions">
          <button type="button" className="btn btn-link" aria-expanded={open} aria-controls={adviceId} onClick={() => setOpen((o) => !o)}>
            {t('reminders.whatToDo')}
          </button>
        </div>
      ) : null}
      <div id={adviceId} className="reminder-advice" hidden={!open}>
        <p>{advice}</p>
        <p className="muted">{t('reminders.snoozeHint')}</p>
      </div>
      {state.error ? <ErrorBox error={state.error} /> : null}
    </section>
  );
}
