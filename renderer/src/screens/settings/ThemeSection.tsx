import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import type { SettingsState } from '../../state/settings';

const THEMES = ['system', 'light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

/** Aspetto: the colour theme (settings `theme`), saved as soon as it is chosen; the app applies it at once. */
export function ThemeSection({ state }: { state: SettingsState }) {
  const { t } = useTranslation();
  const h = useId();
  const hint = useId();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const saved = state.settings?.theme ?? 'system';
  const [chosen, setChosen] = useState<Theme | null>(null);
  const value = chosen ?? saved;

  const choose = async (theme: Theme): Promise<void> => {
    setChosen(theme);
    setStatus('');
    const err = await state.change('settings:update', { theme });
    setChosen(null);
    setError(err);
    setStatus(err ? '' : t('settings.savedStatus'));
  };

  return (
    <section className="card" aria-labelledby={h}>
      <h2 id={h}>{t('settings.themeTitle')}</h2>
      <fieldset className="plain-fieldset" aria-describedby={hint}>
        <legend>{t('settings.theme')}</legend>
        <p id={hint} className="hint">
          {t('settings.themeHint')}
        </p>
        <div className="check-row">
          {THEMES.map((theme) => (
            <label key={theme} className="check-label">
              <input type="radio" name={`${h}-theme`} value={theme} checked={value === theme} disabled={!state.settings} onChange={() => void choose(theme)} />
              <span>{t(`settings.themes.${theme}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Status className="saved-status">{status}</Status>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
