/**
 * The first start's fetch of the trusted lists (or any fetch running in the background) as a non-blocking banner at
 * the top of the main area: what is happening and how far it is, in a polite status region; the app stays usable.
 */
import { useTranslation } from 'react-i18next';
import type { TrustListsState } from '../state/trustLists';
import './TrustLists.css';

export function TrustListBanner({ state }: { state: TrustListsState }) {
  const { t } = useTranslation();
  const p = state.progress;
  if (!p || !p.background) return null;
  return (
    <div className="trust-banner" role="status" aria-live="polite">
      <p className="progress-line">
        <span className="spinner" aria-hidden="true" />
        <span>{p.total > 0 ? t('trustLists.bannerProgress', { done: p.done, total: p.total }) : t('trustLists.banner')}</span>
      </p>
      {p.total > 0 ? <progress className="progress" max={p.total} value={p.done} aria-label={t('trustLists.progressLabel')} /> : null}
    </div>
  );
}
