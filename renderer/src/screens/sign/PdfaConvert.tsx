/**
 * Firma's "Converti in PDF/A" for one chosen document: offered for a PDF or an Office/ODF/RTF/text document that
 * does not declare PDF/A already (main answers `pdfa:status`); the checked PDF/A copy main writes beside it takes
 * its place in the list (the original is untouched). A document that already declares PDF/A shows its level.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type ResultOf, type SiglaDocument } from '../../api';

export type PdfaConverted = ResultOf<'pdfa:convert'>;

export function PdfaConvert({ doc, disabled, onConverted, onError }: { doc: SiglaDocument; disabled: boolean; onConverted: (from: SiglaDocument, r: PdfaConverted) => void; onError: (e: ApiError) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ResultOf<'pdfa:status'> | null>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    let live = true;
    void call('pdfa:status', { document: doc.id }).then((r) => {
      if (live && r.ok) setStatus(r.value);
    });
    return () => {
      live = false;
    };
  }, [doc.id]);

  if (!status || status.converter === null) return null;
  if (status.pdfa) return <span className="muted nowrap">{t('pdfa.already', { level: status.pdfa })}</span>;

  const convert = async (): Promise<void> => {
    setRunning(true);
    const r = await call('pdfa:convert', { document: doc.id });
    setRunning(false);
    if (r.ok) onConverted(doc, r.value);
    else onError(r.error);
  };

  return (
    <button type="button" className="btn btn-link" disabled={disabled || running} aria-label={running ? undefined : t('pdfa.convertFor', { name: doc.name })} onClick={() => void convert()}>
      {running ? t('pdfa.converting') : t('pdfa.convert')}
    </button>
  );
}
