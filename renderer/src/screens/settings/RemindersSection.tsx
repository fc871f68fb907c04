import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

const CHOICES = [90, 60, 30, 7] as const;

/** Promemoria di rinnovo: how many days before a signing certificate expires Sigla reminds (settings `reminderDays`). */
export function RemindersSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const h = useId();
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  const days = state.settings?.reminderDays ?? [];

  const toggle = async (d: number, on: boolean): Promise<void> => {
    const next = on ? [...days, d] : days.filter((x) => x !== d);
    const err = await state.change('settings:update', { reminderDays: next });
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
      <Status>{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
