/**
 * A chosen document's PDF, opened with pdfjs for a preview (Firma's Anteprima, the placement dialog): asked from main
 * by its opaque id (`documents:pdf`), destroyed when the component goes or the document changes.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { openPdf, type PdfDocument } from '../pdfPreview';

export interface DocumentPdf {
  readonly pdf: PdfDocument | null;
  /** Why there is no preview (main's message, or that pdfjs could not read the file). */
  readonly failed: string | null;
  /** For a page that fails to draw later. */
  readonly setFailed: (why: string) => void;
}

export function useDocumentPdf(documentId: string): DocumentPdf {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PdfDocument | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    void (async () => {
      const r = await call('documents:pdf', { document: documentId });
      if (!live) return;
      if (!r.ok) {
        setFailed(r.error.message);
        return;
      }
      try {
        opened = await openPdf(r.value.base64);
        if (live) setPdf(opened);
        else void opened.destroy();
      } catch {
        if (live) setFailed(t('placement.unreadable'));
      }
    })();
    return () => {
      live = false;
      if (opened) void opened.destroy();
    };
  }, [documentId, t]);

  return { pdf, failed, setFailed };
}
