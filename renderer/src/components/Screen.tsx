import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api';

/** A screen: its one h1 (focused when the user moves to the screen, so screen readers announce it) and content. */
export function Screen({ title, intro, focusHeading, actions, children }: { title: string; intro?: string; focusHeading: boolean; actions?: ReactNode; children: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) h1.current?.focus();
  }, [focusHeading]);
  useEffect(() => {
    document.title = `${title} — Sigla`;
  }, [title]);
  return (
    <section className="screen" aria-labelledby="screen-title">
      <div className="screen-head">
        <div>
          <h1 id="screen-title" ref={h1} tabIndex={-1}>
            {title}
          </h1>
          {intro ? <p className="intro">{intro}</p> : null}
        </div>
        {actions ? <div className="screen-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

/** An error in words, announced at once. */
export function ErrorBox({ error, title }: { error: ApiError; title?: string }) {
  const { t } = useTranslation();
  const text = error.code === 'BRIDGE_UNAVAILABLE' ? t('app.bridgeMissing') : error.message || t('common.unexpected');
  return (
    <div className="callout callout-error" role="alert">
      <p className="callout-title">{title ?? t('common.errorTitle')}</p>
      <p>{text}</p>
    </div>
  );
}

/** Polite live region with visible text (progress, counts, outcomes). */
export function Status({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={`status ${className ?? ''}`} role="status" aria-live="polite" aria-atomic="true">
      {children}
    </div>
  );
}

/**
 * The loading / loaded / error / empty states every list screen shows, in one place: a spinner while loading, the
 * count once loaded (announced by the live region), the error, or the empty-state card.
 */
export function ListState({ loading, loaded, error, count, loadingText, foundText, emptyText }: { loading: boolean; loaded: boolean; error: ApiError | null | undefined; count: number; loadingText: string; foundText: string; emptyText: string }) {
  return (
    <>
      <Status>
        {loading ? (
          <span className="progress-line">
            <span className="spinner" aria-hidden="true" />
            <span>{loadingText}</span>
          </span>
        ) : loaded && !error && count > 0 ? (
          foundText
        ) : (
          ''
        )}
      </Status>
      {error ? <ErrorBox error={error} /> : null}
      {loaded && !error && count === 0 ? (
        <div className="card empty empty-large">
          <p>{emptyText}</p>
        </div>
      ) : null}
    </>
  );
}
