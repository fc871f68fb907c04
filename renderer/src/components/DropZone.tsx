/**
 * A drop target for files from the file manager. Dropping is a shortcut: the same files can always be chosen with
 * the button inside (keyboard users, screen readers), so the zone itself is not focusable.
 */
import { useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dropFiles, type ApiError, type SiglaDocument } from '../api';
import './DropZone.css';

export function DropZone({ purpose, onDocuments, onError, disabled, showHint = true, children }: { purpose: 'sign' | 'verify'; onDocuments: (docs: SiglaDocument[]) => void; onError?: (e: ApiError) => void; disabled?: boolean; /** false: the screen shows its own hint inside its drop area. */ showHint?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer?.types ?? []).includes('Files');
  const onDragOver = (e: DragEvent<HTMLDivElement>): void => {
    if (disabled || !hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    setOver(false);
    if (disabled || !e.dataTransfer?.files?.length) return;
    e.preventDefault();
    void dropFiles(e.dataTransfer.files, purpose).then((r) => {
      if (r.ok) onDocuments(r.value);
      else onError?.(r.error);
    });
  };
  return (
    <div className={`drop-zone${over ? ' drop-zone-over' : ''}`} onDragOver={onDragOver} onDragEnter={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop} data-purpose={purpose}>
      {children}
      {showHint ? (
        <p className="drop-hint muted" aria-hidden="true">
          {t(purpose === 'sign' ? 'drop.sign' : 'drop.verify')}
        </p>
      ) : null}
    </div>
  );
}
