/**
 * A look at a chosen document before it is signed (what GoSign and DiKe show next to the file list): a PDF's pages
 * drawn by pdfjs (bytes from main's `documents:pdf`), a text file's beginning as text (`documents:text`, at most
 * 64 KiB), and for anything else its name, size and type. A modal dialog (APG "Dialog (Modal)").
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type SiglaDocument } from '../../api';
import { trapTab, useModalDialog } from '../../components/modalDialog';
import { formatSize } from '../../format';
import { currentLang } from '../../i18n';
import { renderPage } from '../../pdfPreview';
import { useDocumentPdf } from '../../state/useDocumentPdf';

const TEXT_EXTENSIONS = new Set(['txt', 'csv', 'tsv', 'xml', 'json', 'md', 'log', 'ini', 'html', 'htm', 'yaml', 'yml', 'sql', 'eml']);

const extension = (name: string): string => (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();

export type PreviewKind = 'pdf' | 'text' | 'none';

export const previewKind = (doc: SiglaDocument): PreviewKind => (doc.kind === 'pdf' ? 'pdf' : doc.kind === 'other' && TEXT_EXTENSIONS.has(extension(doc.name)) ? 'text' : 'none');

export function DocumentPreview({ doc, onClose }: { doc: SiglaDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const kind = previewKind(doc);
  useModalDialog(dialog, () => close.current, []);
  const ext = extension(doc.name);
  const type = doc.kind === 'pdf' ? t('preview.typePdf') : doc.kind === 'signed' ? t('preview.typeSigned', { ext: ext.toUpperCase() }) : kind === 'text' ? t('preview.typeText', { ext: ext.toUpperCase() }) : ext ? t('preview.typeOther', { ext: ext.toUpperCase() }) : t('preview.typeUnknown');

  return (
    <dialog ref={dialog} className="modal-dialog preview-dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); onClose(); }} onKeyDown={(e) => trapTab(dialog.current, e)}>
      <h2 id={titleId} className="preview-title">{t('preview.title', { name: doc.name })}</h2>
      <p className="muted">
        {formatSize(doc.size, t, lang)} · {type}
      </p>
      {kind === 'pdf' ? <PdfPages doc={doc} /> : null}
      {kind === 'text' ? <TextContent doc={doc} /> : null}
      {kind === 'none' ? <p className="preview-none">{t('preview.none')}</p> : null}
      <div className="dialog-actions">
        <button ref={close} type="button" className="btn btn-primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </dialog>
  );
}

function PdfPages({ doc }: { doc: SiglaDocument }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const { pdf, failed, setFailed } = useDocumentPdf(doc.id);
  const [page, setPage] = useState(1);
  const [drawn, setDrawn] = useState(0);

  useEffect(() => {
    if (!pdf || !canvas.current) return;
    let live = true;
    void renderPage(pdf, page, canvas.current, 640, 520).then(
      () => {
        if (live) setDrawn(page);
      },
      () => {
        if (live) setFailed(t('placement.unreadable'));
      },
    );
    return () => {
      live = false;
    };
  }, [pdf, page, t]);

  if (failed) return <p className="callout callout-error">{failed}</p>;
  const pages = pdf?.numPages ?? 0;
  return (
    <div className="preview-pdf">
      {!pdf ? <p className="muted">{t('preview.loading')}</p> : null}
      <div className="preview-page">
        <canvas ref={canvas} role="img" aria-label={pdf ? t('preview.pageLabel', { page, pages, name: doc.name }) : t('preview.loading')} data-page={drawn || undefined} />
      </div>
      {pages > 1 ? (
        <div className="preview-nav">
          <button type="button" className="btn btn-secondary btn-small" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
            {t('preview.previous')}
          </button>
          <span aria-live="polite">{t('preview.pageOf', { page, pages })}</span>
          <button type="button" className="btn btn-secondary btn-small" disabled={page >= pages} onClick={() => setPage((p) => Math.min(pages, p + 1))}>
            {t('preview.next')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function TextContent({ doc }: { doc: SiglaDocument }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ text: string; truncated: boolean; binary: boolean } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    void call('documents:text', { document: doc.id }).then((r) => {
      if (live) setState(r.ok ? r.value : { error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [doc.id]);
  if (!state) return <p className="muted">{t('preview.loading')}</p>;
  if ('error' in state) return <p className="callout callout-error">{state.error}</p>;
  if (state.binary) return <p className="preview-none">{t('preview.binary')}</p>;
  return (
    <>
      <div className="text-preview" role="region" aria-label={t('preview.textLabel', { name: doc.name })} tabIndex={0}>
        <pre>{state.text}</pre>
      </div>
      {state.truncated ? <p className="hint">{t('preview.truncated')}</p> : null}
    </>
  );
}
