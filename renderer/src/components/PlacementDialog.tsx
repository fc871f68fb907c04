/**
 * Placing a visible PAdES signature on a page preview (EN 319 142-1 leaves the appearance to the signer; Sigla
 * draws the signer's name and the date in the box). The user clicks or drags on the page, moves the box with the
 * arrow keys, or picks a corner; the result is a page and a rectangle in PDF points, origin bottom-left, on the page
 * as it is seen (its /Rotate applied): the `rect` the core's visibleAppearance expects.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useModalDialog } from './modalDialog';
import type { SiglaDocument } from '../api';
import { renderPage, type PageSize } from '../pdfPreview';
import { useDocumentPdf } from '../state/useDocumentPdf';
import type { VisiblePlacement } from '../state/signSession';
import './PlacementDialog.css';

const SIZES = { small: [150, 45], medium: [200, 60], large: [260, 80] } as const;
type SizeName = keyof typeof SIZES;
const MARGIN = 36;
const STEP = 5;
const BIG_STEP = 25;

type Rect = [number, number, number, number];

const clamp = (r: Rect, page: PageSize): Rect => {
  const w = Math.min(r[2], page.width);
  const h = Math.min(r[3], page.height);
  return [Math.round(Math.max(0, Math.min(r[0], page.width - w))), Math.round(Math.max(0, Math.min(r[1], page.height - h))), Math.round(w), Math.round(h)];
};

const corner = (where: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left', w: number, h: number, page: PageSize): Rect => {
  const x = where.endsWith('left') ? MARGIN : page.width - MARGIN - w;
  const y = where.startsWith('bottom') ? MARGIN : page.height - MARGIN - h;
  return clamp([x, y, w, h], page);
};

export function PlacementDialog({ doc, initial, onDone }: { doc: SiglaDocument; initial: VisiblePlacement | undefined; onDone: (v: VisiblePlacement | null | undefined) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLButtonElement>(null);
  const ids = { title: useId(), help: useId(), page: useId(), size: useId() };
  const { pdf, failed, setFailed } = useDocumentPdf(doc.id);
  const [pageNo, setPageNo] = useState(initial?.page ?? 1);
  const [view, setView] = useState<{ size: PageSize; scale: number } | null>(null);
  const [size, setSize] = useState<SizeName>('medium');
  const [rect, setRect] = useState<Rect | null>(initial ? [...initial.rect] : null);
  const drag = useRef<{ dx: number; dy: number } | null>(null);

  useModalDialog(dialog, () => null, []);

  useEffect(() => {
    if (!pdf || !canvas.current) return;
    let live = true;
    const c = canvas.current;
    void renderPage(pdf, pageNo, c, 560, 600).then(
      (v) => {
        if (!live) return;
        setView(v);
        setRect((old) => (old ? clamp(old, v.size) : corner('bottom-right', SIZES.medium[0], SIZES.medium[1], v.size)));
      },
      () => live && setFailed(t('placement.unreadable')),
    );
    return () => {
      live = false;
    };
  }, [pdf, pageNo, t]);

  const pages = pdf?.numPages ?? 0;
  const page = view?.size;

  const moveTo = useCallback((r: Rect) => page && setRect(clamp(r, page)), [page]);

  /** CSS pixels inside the page → PDF points, origin bottom-left. */
  const toPoints = (e: PointerEvent<HTMLElement>): [number, number] | null => {
    if (!view || !canvas.current) return null;
    const b = canvas.current.getBoundingClientRect();
    return [(e.clientX - b.left) / view.scale, view.size.height - (e.clientY - b.top) / view.scale];
  };

  const onPagePointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (e.target === box.current || !rect) return;
    const p = toPoints(e);
    if (p) moveTo([p[0] - rect[2] / 2, p[1] - rect[3] / 2, rect[2], rect[3]]);
    box.current?.focus();
  };

  const onBoxPointerDown = (e: PointerEvent<HTMLButtonElement>): void => {
    const p = toPoints(e);
    if (!p || !rect) return;
    drag.current = { dx: p[0] - rect[0], dy: p[1] - rect[1] };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onBoxPointerMove = (e: PointerEvent<HTMLButtonElement>): void => {
    const p = toPoints(e);
    if (!drag.current || !p || !rect) return;
    moveTo([p[0] - drag.current.dx, p[1] - drag.current.dy, rect[2], rect[3]]);
  };
  const onBoxPointerUp = (): void => {
    drag.current = null;
  };

  const onBoxKey = (e: KeyboardEvent<HTMLButtonElement>): void => {
    if (!rect) return;
    const d = e.shiftKey ? BIG_STEP : STEP;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
    const m = delta[e.key];
    if (!m) return;
    e.preventDefault();
    moveTo([rect[0] + m[0], rect[1] + m[1], rect[2], rect[3]]);
  };

  const resize = (s: SizeName): void => {
    setSize(s);
    if (rect) moveTo([rect[0], rect[1], SIZES[s][0], SIZES[s][1]]);
  };

  const confirm = (): void => {
    if (rect) onDone({ page: pageNo, rect });
  };

  const boxStyle = view && rect ? { left: `${rect[0] * view.scale}px`, top: `${(view.size.height - rect[1] - rect[3]) * view.scale}px`, width: `${rect[2] * view.scale}px`, height: `${rect[3] * view.scale}px` } : undefined;

  return (
    <dialog ref={dialog} className="modal-dialog placement-dialog" aria-labelledby={ids.title} onCancel={(e) => (e.preventDefault(), onDone(undefined))}>
      <div className="placement-layout">
        <div className="placement-side">
          <h2 id={ids.title}>{t('placement.title')}</h2>
          <p className="muted">{doc.name}</p>
          <p id={ids.help} className="hint">
            {t('placement.help')}
          </p>
          {pages > 1 ? (
            <div className="field">
              <label htmlFor={ids.page}>{t('placement.page')}</label>
              <div className="placement-pager">
                <button type="button" className="btn btn-secondary btn-small" disabled={pageNo <= 1} onClick={() => setPageNo((n) => Math.max(1, n - 1))}>
                  {t('placement.prev')}
                </button>
                <select id={ids.page} className="select" value={pageNo} onChange={(e) => setPageNo(Number(e.target.value))}>
                  {Array.from({ length: pages }, (_, i) => (
                    <option key={i + 1} value={i + 1}>
                      {t('placement.pageOf', { n: i + 1, total: pages })}
                    </option>
                  ))}
                </select>
                <button type="button" className="btn btn-secondary btn-small" disabled={pageNo >= pages} onClick={() => setPageNo((n) => Math.min(pages, n + 1))}>
                  {t('placement.next')}
                </button>
              </div>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={ids.size}>{t('placement.size')}</label>
            <select id={ids.size} className="select" value={size} onChange={(e) => resize(e.target.value as SizeName)}>
              {(Object.keys(SIZES) as SizeName[]).map((s) => (
                <option key={s} value={s}>
                  {t(`placement.sizes.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="placement-corners" disabled={!page}>
            <legend>{t('placement.corners')}</legend>
            <div className="placement-corner-grid">
              {(['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const).map((c) => (
                <button key={c} type="button" className="btn btn-secondary btn-small" onClick={() => page && rect && setRect(corner(c, rect[2], rect[3], page))}>
                  {t(`placement.corner.${c}`)}
                </button>
              ))}
            </div>
          </fieldset>
          {failed ? (
            <p className="field-error" role="alert">
              {failed}
            </p>
          ) : null}
          <div className="dialog-actions">
            {initial ? (
              <button type="button" className="btn btn-link" onClick={() => onDone(null)}>
                {t('placement.remove')}
              </button>
            ) : null}
            <button type="button" className="btn btn-secondary" onClick={() => onDone(undefined)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" disabled={!rect || !view} onClick={confirm}>
              {t('placement.confirm')}
            </button>
          </div>
        </div>
        <div className="placement-page-wrap">
          {!view && !failed ? <p className="muted">{t('placement.loading')}</p> : null}
          <div className="placement-page" onPointerDown={onPagePointerDown}>
            <canvas ref={canvas} aria-hidden="true" />
            {boxStyle && rect ? (
              <button
                ref={box}
                type="button"
                className="placement-box"
                style={boxStyle}
                aria-describedby={ids.help}
                aria-label={t('placement.box', { page: pageNo, x: rect[0], y: rect[1], w: rect[2], h: rect[3] })}
                onKeyDown={onBoxKey}
                onPointerDown={onBoxPointerDown}
                onPointerMove={onBoxPointerMove}
                onPointerUp={onBoxPointerUp}
              >
                <span aria-hidden="true">{t('placement.boxText')}</span>
              </button>
            ) : null}
          </div>
        </div>
      </div>
    </dialog>
  );
}
