import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type SiglaDocument } from '../api';
import { DropZone } from '../components/DropZone';
import { PlacementDialog } from '../components/PlacementDialog';
import { ErrorBox, Screen, Status } from '../components/Screen';
import { formatSize } from '../format';
import { currentLang } from '../i18n';
import type { SignSession } from '../state/signSession';
import type { TsaAccountView } from '../state/settings';
import type { TokensState } from '../state/tokens';
import { DocumentPreview } from './sign/DocumentPreview';
import { PdfaConvert } from './sign/PdfaConvert';
import { PecPanel } from './sign/PecPanel';
import { SignerPanel } from './sign/SignerPanel';
import { chooseSigner } from './sign/signerChoice';
import { TimestampField, chosenTsaAccount } from './sign/TimestampField';
import { useSignerCertificates } from './sign/useSignerCertificates';
import './sign/SignScreen.css';

export function SignScreen({ session, tokens, tsaAccounts, defaultTsa, focusHeading, onVerify }: { session: SignSession; tokens: TokensState; tsaAccounts: TsaAccountView[]; defaultTsa: string | undefined; focusHeading: boolean; onVerify: (doc: SiglaDocument) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const ids = { detached: useId(), detachedHint: useId(), reason: useId(), reasonHint: useId(), blocked: useId(), dropHint: useId() };
  const { files, options, busy, picking, progress, outcomes } = session;
  const [placing, setPlacing] = useState<string | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [openError, setOpenError] = useState<ApiError | null>(null);
  const [pdfaNote, setPdfaNote] = useState<{ text: string } | { error: ApiError } | null>(null);
  const placingFile = files.find((f) => f.doc.id === placing);
  const previewFile = files.find((f) => f.doc.id === previewing);
  const anyCades = files.some((f) => f.format === 'cades');
  const anyPades = files.some((f) => f.format === 'pades');
  const certificates = useSignerCertificates(tokens.tokens);
  const choice = chooseSigner(tokens.tokens, certificates.certs, { token: options.token, certificate: options.certificate });
  const noDevice = tokens.loaded && !tokens.error && tokens.tokens.length === 0;
  // Why the main action cannot run now, said next to it (a disabled button alone says nothing).
  const blocked = files.length === 0 ? t('sign.needFiles') : noDevice ? t('sign.needDevice') : '';

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (busy || blocked) return;
    void session.run(
      { ...(choice.token ? { token: choice.token.label } : {}), ...(choice.certificate ? { certificate: choice.certificate.id } : {}) },
      options.timestamp ? chosenTsaAccount(tsaAccounts, options.tsaAccount, defaultTsa) : undefined,
    );
  };

  const openOutput = async (doc: SiglaDocument): Promise<void> => {
    setOpenError(null);
    const r = await call('documents:open', { document: doc.id });
    if (!r.ok) setOpenError(r.error);
  };

  // Prepara per la PEC: the files just signed go to the panel, which then takes the focus.
  const pecRef = useRef<HTMLElement>(null);
  const [pecFiles, setPecFiles] = useState<SiglaDocument[]>([]);
  const checkForPec = (): void => {
    setPecFiles((outcomes ?? []).flatMap((o) => (o.kind === 'ok' && o.output ? [o.output] : [])));
    pecRef.current?.focus();
  };

  // Bring the results into view when a run ends (the live region announces them too).
  const resultsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (outcomes && !busy) resultsRef.current?.scrollIntoView({ block: 'nearest', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }, [outcomes, busy]);

  const okCount = outcomes?.filter((o) => o.kind === 'ok').length ?? 0;
  const failCount = (outcomes?.length ?? 0) - okCount;
  const summary = !outcomes
    ? ''
    : failCount === 0
      ? t('sign.doneAll', { count: okCount })
      : okCount === 0
        ? t('sign.doneNone')
        : t('sign.doneSome', { ok: okCount, failed: failCount });

  return (
    <Screen title={t('sign.title')} intro={t('sign.intro')} focusHeading={focusHeading}>
      <DropZone purpose="sign" disabled={busy} onDocuments={session.add} showHint={false}>
        <form className="stack sign-form" onSubmit={submit} noValidate aria-busy={busy}>
          <div className="card">
            <div className="card-head">
              <h2>{t('sign.chosenTitle')}</h2>
              {files.length > 0 ? <span className="muted">{t('sign.fileCount', { count: files.length })}</span> : null}
            </div>
            {files.length > 0 ? (
              <table className="table files-table">
                <thead>
                  <tr>
                    <th scope="col">{t('sign.colName')}</th>
                    <th scope="col">{t('sign.colSize')}</th>
                    <th scope="col">{t('sign.colFormat')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('sign.colActions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {files.map((f) => (
                    <tr key={f.doc.id}>
                      <th scope="row">
                        <div className="file-name">
                          <span className={`file-kind file-kind-${f.doc.kind}`} aria-hidden="true">
                            {f.doc.kind === 'pdf' ? 'PDF' : f.doc.kind === 'signed' ? 'P7M' : (f.doc.name.split('.').pop() ?? '').slice(0, 4).toUpperCase() || 'FILE'}
                          </span>
                          <span className="file-name-text">{f.doc.name}</span>
                        </div>
                      </th>
                      <td className="nowrap">{formatSize(f.doc.size, t, lang)}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`fmt-${f.doc.id}`}>
                          {t('sign.formatFor', { name: f.doc.name })}
                        </label>
                        <select
                          id={`fmt-${f.doc.id}`}
                          className="select"
                          value={f.format}
                          disabled={busy}
                          onChange={(e) => session.setFormat(f.doc.id, e.target.value === 'pades' ? 'pades' : 'cades')}
                          aria-describedby={f.doc.kind !== 'pdf' ? `fmt-note-${f.doc.id}` : undefined}
                        >
                          <option value="cades">{t('sign.formatCades')}</option>
                          <option value="pades" disabled={f.doc.kind !== 'pdf'}>
                            {t('sign.formatPades')}
                          </option>
                        </select>
                        {f.doc.kind !== 'pdf' ? (
                          <span id={`fmt-note-${f.doc.id}`} className="visually-hidden">
                            {t('sign.padesOnlyPdf')}
                          </span>
                        ) : null}
                        {f.format === 'pades' ? (
                          <span className="placement-summary">
                            {f.visible ? <span>{t('placement.summary', { page: f.visible.page })} </span> : <span className="muted">{t('placement.invisible')} </span>}
                            <button type="button" className="btn btn-link" disabled={busy} onClick={() => setPlacing(f.doc.id)} aria-label={t(f.visible ? 'placement.editFor' : 'placement.addFor', { name: f.doc.name })}>
                              {f.visible ? t('placement.edit') : t('placement.add')}
                            </button>
                          </span>
                        ) : null}
                      </td>
                      <td className="cell-actions">
                        <span className="file-actions">
                          <button type="button" className="btn btn-link" onClick={() => setPreviewing(f.doc.id)} aria-label={t('sign.previewFile', { name: f.doc.name })}>
                            {t('sign.preview')}
                          </button>
                          <PdfaConvert
                            key={f.doc.id}
                            doc={f.doc}
                            disabled={busy}
                            onConverted={(from, r) => {
                              session.replace(from.id, r.document);
                              setPdfaNote({ text: t('pdfa.done', { name: from.name, output: r.document.name, level: r.level, count: r.fonts }) });
                            }}
                            onError={(error) => setPdfaNote({ error })}
                          />
                          <button type="button" className="btn btn-link" disabled={busy} onClick={() => session.remove(f.doc.id)} aria-label={t('sign.removeFile', { name: f.doc.name })}>
                            {t('sign.remove')}
                          </button>
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <Status className="pdfa-status">{pdfaNote && 'text' in pdfaNote ? pdfaNote.text : ''}</Status>
            {pdfaNote && 'error' in pdfaNote ? <ErrorBox error={pdfaNote.error} title={t('pdfa.failedTitle')} /> : null}
            <div className={files.length === 0 ? 'drop-area drop-area-empty' : 'drop-area'}>
              <p id={ids.dropHint} className="drop-area-hint">
                {files.length === 0 ? t('sign.dropEmpty') : t('sign.dropMore')}
              </p>
              <div className="drop-area-actions">
                <button
                  type="button"
                  id="sign-pick"
                  className={files.length === 0 ? 'btn btn-primary' : 'btn btn-secondary'}
                  disabled={busy || picking}
                  onClick={() => void session.pick()}
                >
                  {files.length === 0 ? t('sign.pick') : t('sign.pickMore')}
                </button>
                {files.length > 0 && !busy ? (
                  <button type="button" className="btn btn-link" onClick={session.reset}>
                    {t('sign.clear')}
                  </button>
                ) : null}
              </div>
            </div>
          </div>

          <SignerPanel tokens={tokens} certificates={certificates} choice={choice} disabled={busy} onChoose={(patch) => session.setOptions(patch)} />

          <fieldset className="card options" disabled={busy}>
            <legend>
              <h2>{t('sign.optionsTitle')}</h2>
            </legend>

            <div className="field field-check">
              <input
                id={ids.detached}
                type="checkbox"
                className="checkbox"
                checked={options.detached}
                disabled={!anyCades}
                aria-describedby={ids.detachedHint}
                onChange={(e) => session.setOptions({ detached: e.target.checked })}
              />
              <div>
                <label htmlFor={ids.detached}>{t('sign.detached')}</label>
                <p id={ids.detachedHint} className="hint">
                  {files.length > 0 && !anyCades ? t('sign.detachedNoCades') : t('sign.detachedHint')}
                </p>
              </div>
            </div>

            <TimestampField session={session} accounts={tsaAccounts} defaultTsa={defaultTsa} />

            <div className="field">
              <label htmlFor={ids.reason}>
                {t('sign.reason')} <span className="optional">({t('common.optional')})</span>
              </label>
              <p id={ids.reasonHint} className="hint">
                {t('sign.reasonHint')}
              </p>
              <input
                id={ids.reason}
                className="input"
                type="text"
                maxLength={200}
                autoComplete="off"
                value={options.reason}
                disabled={files.length > 0 && !anyPades}
                aria-describedby={ids.reasonHint}
                onChange={(e) => session.setOptions({ reason: e.target.value })}
              />
            </div>
          </fieldset>

          <div className="action-bar" role="region" aria-label={t('sign.actionsLabel')}>
            <div className="action-bar-main">
              <button
                type="submit"
                className="btn btn-primary btn-large"
                disabled={!busy && blocked !== ''}
                aria-disabled={busy || undefined}
                aria-describedby={busy ? 'sign-status' : blocked ? ids.blocked : undefined}
              >
                {files.length === 0 ? t('sign.submit') : t('sign.submitCount', { count: files.length })}
              </button>
              {busy ? (
                <button type="button" className="btn btn-secondary" disabled={session.cancelling} onClick={session.cancel}>
                  {session.cancelling ? t('sign.cancelling') : t('sign.cancel')}
                </button>
              ) : null}
              {!busy && blocked ? (
                <p id={ids.blocked} className="action-bar-reason">
                  {blocked}
                </p>
              ) : null}
              {!busy && !blocked && !outcomes && choice.token && choice.certificate ? (
                <p className="action-bar-reason">{t('sign.signerLine', { holder: choice.certificate.name, device: choice.token.label })}</p>
              ) : null}
              <Status className="sign-status">
                <span id="sign-status">
                  {busy && progress ? (
                    <span className="progress-line">
                      <span className="spinner" aria-hidden="true" />
                      <span>{progress.done === 0 ? t('sign.running') : t('sign.progress', { done: progress.done, total: progress.total })}</span>
                    </span>
                  ) : (
                    summary
                  )}
                </span>
              </Status>
            </div>
            {busy && progress ? <progress className="progress" max={progress.total} value={progress.done} aria-label={t('sign.progressLabel')} /> : null}
          </div>
        </form>
      </DropZone>

      {session.error ? <ErrorBox error={session.error} /> : null}

      {outcomes ? (
        <div className="card results" ref={resultsRef}>
          <h2>{t('sign.resultsTitle')}</h2>
          <ul className="result-list">
            {outcomes.map((o) => (
              <li key={o.id} className={`result result-${o.kind === 'ok' ? 'ok' : 'error'}`}>
                <span className="result-icon" aria-hidden="true">
                  {o.kind === 'ok' ? '✓' : '!'}
                </span>
                <div className="result-body">
                  <p className="result-name">{o.name}</p>
                  {o.kind === 'ok' ? (
                    <>
                      <p>{t('sign.okItem', { output: o.output?.name ?? o.name })}</p>
                      {o.warning ? <p className="callout callout-warning">{o.warning}</p> : null}
                    </>
                  ) : o.kind === 'error' ? (
                    <p>
                      <strong>{t('sign.failedItem')}</strong> {o.error.message || t('common.unexpected')}
                    </p>
                  ) : (
                    <p>{t('sign.notSigned')}</p>
                  )}
                </div>
                {o.kind === 'ok' && o.output ? (
                  <span className="result-actions">
                    <button type="button" className="btn btn-secondary btn-small" aria-label={t('sign.openOutput', { name: o.output.name })} onClick={() => o.output && void openOutput(o.output)}>
                      {t('sign.open')}
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" aria-label={t('sign.verifyOutput', { name: o.output.name })} onClick={() => o.output && onVerify(o.output)}>
                      {t('sign.verifyShort')}
                    </button>
                    <button type="button" className="btn btn-secondary btn-small" aria-label={t('sign.revealOutput', { name: o.output.name })} onClick={() => o.output && void call('documents:reveal', { document: o.output.id })}>
                      {t('sign.reveal')}
                    </button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
          {okCount > 0 ? (
            <p>
              <button type="button" className="btn btn-secondary" onClick={checkForPec}>
                {t('pec.fromResults')}
              </button>
            </p>
          ) : null}
          {openError ? <ErrorBox error={openError} /> : null}
        </div>
      ) : null}
      <PecPanel ref={pecRef} prefill={pecFiles} />
      {placingFile ? (
        <PlacementDialog
          key={placingFile.doc.id}
          doc={placingFile.doc}
          initial={placingFile.visible}
          onDone={(v) => {
            if (v !== undefined) session.setVisible(placingFile.doc.id, v);
            setPlacing(null);
          }}
        />
      ) : null}
      {previewFile ? <DocumentPreview key={previewFile.doc.id} doc={previewFile.doc} onClose={() => setPreviewing(null)} /> : null}
    </Screen>
  );
}
