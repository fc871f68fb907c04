/**
 * Verifica's "Documento firmato": what the signatures cover, through every envelope (main extracts it with the
 * engine, app/SignedContent.ts): PDF pages drawn by pdfjs, a text as text, anything else by name, size and type;
 * "Apri documento" (the system's viewer, from a private temp folder) and "Salva documento" (main's save dialog). A
 * failed signature shows no document: its bytes may not be the ones signed.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { call, type ApiError, type ResultOf, type SiglaDocument } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { formatSize } from '../../format';
import type { Lang } from '../../i18n';
import { openPdf, renderPage, type PdfDocument } from '../../pdfPreview';
import './SignedDocument.css';

type Content = ResultOf<'verify:content'>;

/** Files whose signed document is inside them (a detached .p7s holds none), and signed PDFs. */
export function hasSignedDocument(format: string, fileName: string): boolean {
  const f = format.toLowerCase();
  if (f === 'pdf') return true;
  return ['cades', 'p7m', 'm7m', 'tsd'].includes(f) && !/\.p7s$/i.test(fileName);
}

const extensionOf = (name: string): string => /\.([A-Za-z0-9]{1,10})$/.exec(name)?.[1]?.toLowerCase() ?? '';

function typeText(c: Content, t: TFunction): string {
  if (c.type === 'pdf') return t('verify.content.typePdf');
  if (c.type === 'text') return t('verify.content.typeText');
  const ext = extensionOf(c.name);
  return ext ? t('verify.content.typeOther', { ext }) : t('verify.content.typeUnknown');
}

/** The pages of a PDF, one at a time, with the page count and previous/next buttons. */
function PdfPages({ base64, name, t }: { base64: string; name: string; t: TFunction }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    openPdf(base64).then(
      (d) => {
        opened = d;
        if (live) setDoc(d);
        else void d.destroy();
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [base64]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    const el = canvas.current;
    const width = Math.min(720, el.parentElement?.clientWidth ?? 720);
    renderPage(doc, page, el, width, 900).catch(() => setFailed(true));
  }, [doc, page]);

  if (failed) return <p className="muted">{t('verify.content.pdfUnreadable')}</p>;
  if (!doc) return <p className="muted">{t('common.loading')}</p>;
  const total = doc.numPages;
  return (
    <div className="signed-pages">
      <div className="signed-page-frame">
        <canvas ref={canvas} className="signed-page" role="img" aria-label={t('verify.content.pageOf', { page, total, name })} />
      </div>
      {total > 1 ? (
        <div className="toolbar signed-page-nav">
          <button type="button" className="btn btn-secondary" disabled={page <= 1} onClick={() => setPage((p) => Math.max(1, p - 1))}>
            {t('verify.content.previousPage')}
          </button>
          <span aria-live="polite">{t('verify.content.pageCount', { page, total })}</span>
          <button type="button" className="btn btn-secondary" disabled={page >= total} onClick={() => setPage((p) => Math.min(total, p + 1))}>
            {t('verify.content.nextPage')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Preview({ c, t }: { c: Content; t: TFunction }) {
  if (c.tooLarge) return <p className="muted">{t('verify.content.tooLarge')}</p>;
  if (c.type === 'pdf' && c.base64) return <PdfPages base64={c.base64} name={c.name} t={t} />;
  if (c.type === 'text' && c.text !== undefined) {
    return (
      <>
        <pre className="signed-text" tabIndex={0} aria-label={t('verify.content.textOf', { name: c.name })}>
          {c.text}
        </pre>
        {c.truncated ? <p className="muted">{t('verify.content.truncated')}</p> : null}
      </>
    );
  }
  return <p className="muted">{t('verify.content.noPreview')}</p>;
}

/**
 * The signed document of a verified file: loaded from main when the report shows (`auto`, one file verified) or when
 * asked (several files: each would be extracted and sent); for a failed report, a warning in its place.
 */
export function SignedDocument({ doc, failed, auto, t, lang }: { doc: SiglaDocument; failed: boolean; auto: boolean; t: TFunction; lang: Lang }) {
  const [wanted, setWanted] = useState(auto);
  const headingId = useId();
  const [content, setContent] = useState<Content | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [actionError, setActionError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (failed || !wanted) return;
    let live = true;
    void call('verify:content', { document: doc.id }).then((r) => {
      if (!live) return;
      if (r.ok) setContent(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [doc.id, failed, wanted]);

  const open = async (): Promise<void> => {
    setBusy(true);
    setDone('');
    setActionError(null);
    const r = await call('verify:openContent', { document: doc.id });
    setBusy(false);
    if (r.ok) setDone(t('verify.content.opened', { name: content?.name ?? '' }));
    else setActionError(r.error);
  };
  const save = async (): Promise<void> => {
    setBusy(true);
    setDone('');
    setActionError(null);
    const r = await call('verify:saveContent', { document: doc.id });
    setBusy(false);
    if (!r.ok) setActionError(r.error);
    else if (r.value.saved) setDone(t('verify.content.saved', { name: r.value.name ?? '' }));
  };

  return (
    <section className="signed-document" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('verify.content.title')}</h3>
      {failed ? (
        <div className="callout callout-warning">
          <p>{t('verify.content.failed')}</p>
        </div>
      ) : error ? (
        <ErrorBox error={error} />
      ) : !wanted ? (
        <div className="toolbar">
          <button type="button" className="btn btn-secondary" onClick={() => setWanted(true)}>
            {t('verify.content.show')}
          </button>
        </div>
      ) : !content ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <dl className="facts facts-compact">
            <div>
              <dt>{t('verify.content.name')}</dt>
              <dd className="signed-name">{content.name}</dd>
            </div>
            <div>
              <dt>{t('verify.content.size')}</dt>
              <dd>{formatSize(content.size, t, lang)}</dd>
            </div>
            <div>
              <dt>{t('verify.content.type')}</dt>
              <dd>{typeText(content, t)}</dd>
            </div>
          </dl>
          <div className="toolbar">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void open()}>
              {t('verify.content.open')}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void save()}>
              {t('verify.content.save')}
            </button>
          </div>
          <Status>{done}</Status>
          {actionError ? <ErrorBox error={actionError} /> : null}
          <Preview c={content} t={t} />
        </>
      )}
    </section>
  );
}
