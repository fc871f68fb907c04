import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

const CHOICES = [90, 60, 30, 7] as const;

/** Promemoria di rinnovo: how many days before a signing certificate expires Sigla reminds (settings `reminderDays`). */
export function RemindersSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const h = useId();
  const howId = useId();
  const howHint = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const savedDays = state.settings?.reminderDays;
  // Shown at once when the user ticks a box; put back as saved if saving fails.
  const [days, setDays] = useState<number[]>(savedDays ?? []);
  useEffect(() => setDays(savedDays ?? []), [savedDays]);
  const savedHow = state.settings?.renewalInstructions ?? '';
  const [how, setHow] = useState(savedHow);

  useEffect(() => setHow(savedHow), [savedHow]);

  /** Saved when the field is left (Impostazioni saves every change as made), if it changed. */
  const saveHow = async (): Promise<void> => {
    if (how.trim() === savedHow.trim()) return;
    const err = await state.change('settings:update', { renewalInstructions: how.trim() || null });
    setError(err);
    setStatus(err ? '' : t('preferences.reminders.howSaved'));
  };

  const toggle = async (d: number, on: boolean): Promise<void> => {
    const next = on ? [...days, d] : days.filter((x) => x !== d);
    setDays(next);
    const err = await state.change('settings:update', { reminderDays: next });
    if (err) setDays(savedDays ?? []);
    setError(err);
    setStatus(err ? '' : next.length === 0 ? t('preferences.reminders.off') : t('preferences.reminders.saved', { days: [...next].sort((a, b) => b - a).join(', ') }));
  };

  return (
    <section className="card" aria-labelledby={h}>
      <h2 id={h}>{t('preferences.reminders.title')}</h2>
      <fieldset className="plain-fieldset">
        <legend className="hint">{t('preferences.reminders.intro')}</legend>
        <div className="check-row">
          {CHOICES.map((d) => (
            <label key={d} className="check-label">
              <input type="checkbox" className="checkbox" checked={days.includes(d)} disabled={!state.settings} onChange={(e) => void toggle(d, e.target.checked)} />
              <span>{t('preferences.reminders.daysBefore', { count: d })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="stack-tight section-gap">
        <div className="field">
          <label htmlFor={howId}>
            {t('preferences.reminders.how')} <span className="optional">({t('common.optional')})</span>
          </label>
          <p id={howHint} className="hint">
            {t('preferences.reminders.howHint')}
          </p>
          <textarea id={howId} className="input" rows={3} maxLength={4000} value={how} aria-describedby={howHint} disabled={!state.settings} onChange={(e) => setHow(e.target.value)} onBlur={() => void saveHow()} />
        </div>
      </div>
      <Status className="saved-status">{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
