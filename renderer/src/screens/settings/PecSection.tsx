import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

/** The PEC check's default message limit (io/pec: 30 MB, as most PEC providers), when the settings name none. */
const DEFAULT_MB = 30;

/**
 * PEC: the size limit of the user's PEC box (settings `pecMaxMegabytes`), which "Prepara per la PEC" and
 * `sigla pec check` compare the message with (TOO_LARGE); a profile that names its own limit wins.
 */
export function PecSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const h = useId();
  const fieldId = useId();
  const hintId = useId();
  const saved = state.settings?.pecMaxMegabytes ?? DEFAULT_MB;
  const [value, setValue] = useState(String(saved));
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  useEffect(() => setValue(String(saved)), [saved]);

  /** Saved when the field is left, if it changed and is a whole number of megabytes (1–10000). */
  const save = async (): Promise<void> => {
    const n = Number(value.trim());
    if (n === saved) return;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) {
      setStatus('');
      setError({ code: 'USAGE', message: t('preferences.pec.invalid') });
      return;
    }
    const err = await state.change('settings:update', { pecMaxMegabytes: n });
    if (err) setValue(String(saved));
    setError(err);
    setStatus(err ? '' : t('preferences.pec.saved', { mb: n }));
  };

  return (
    <section className="card" aria-labelledby={h}>
      <h2 id={h}>{t('preferences.pec.title')}</h2>
      <div className="field">
        <label htmlFor={fieldId}>{t('preferences.pec.limit')}</label>
        <p id={hintId} className="hint">
          {t('preferences.pec.hint')}
        </p>
        <input id={fieldId} className="input" type="number" inputMode="numeric" min={1} max={10_000} step={1} value={value} aria-describedby={hintId} disabled={!state.settings} onChange={(e) => setValue(e.target.value)} onBlur={() => void save()} />
      </div>
      <Status className="saved-status">{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
