/**
 * Prepara per la PEC (issue 15): the files of one PEC message (the ones just signed, pre-filled, plus any the user
 * picks), which is the main document, the receiving office's profile — then what it would reject (Blocca) or
 * question (Avviso), per file, each with how to fix it. The check runs in main (pec:check, io/pec/checkPecFiles).
 */
import { forwardRef, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type ApiError, type ResultOf, type SiglaDocument } from '../../api';
import { ErrorBox, Status } from '../../components/Screen';
import { formatSize } from '../../format';
import { currentLang } from '../../i18n';

type PecReport = ResultOf<'pec:check'>;
type Profiles = ResultOf<'pec:profiles'>;

export const PecPanel = forwardRef<HTMLElement, { prefill: readonly SiglaDocument[] }>(function PecPanel({ prefill }, ref) {
  const { t } = useTranslation();
  const lang = currentLang();
  const ids = { title: useId(), profile: useId(), main: useId() };
  const [docs, setDocs] = useState<SiglaDocument[]>([]);
  const [main, setMain] = useState<string | undefined>(undefined);
  const [profiles, setProfiles] = useState<Profiles>([]);
  const [profile, setProfile] = useState('agid');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<PecReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('pec:profiles', {}).then((r) => {
      if (r.ok) setProfiles(r.value);
    });
  }, []);
  useEffect(() => {
    if (prefill.length === 0) return;
    setDocs([...prefill]);
    setMain(prefill[0]?.id);
    setReport(null);
  }, [prefill]);

  const pick = async (): Promise<void> => {
    setError(null);
    const r = await call('documents:pick', { purpose: 'sign' });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const known = new Set(docs.map((d) => d.id));
    const next = [...docs, ...r.value.filter((d) => !known.has(d.id))];
    setDocs(next);
    if (main === undefined) setMain(next[0]?.id);
    setReport(null);
  };
  const remove = (id: string): void => {
    const next = docs.filter((d) => d.id !== id);
    setDocs(next);
    if (main === id) setMain(next[0]?.id);
    setReport(null);
  };
  const run = async (): Promise<void> => {
    if (docs.length === 0 || busy) return;
    setBusy(true);
    setError(null);
    setReport(null);
    const r = await call('pec:check', { documents: docs.map((d) => d.id), ...(main ? { main } : {}), profile });
    setBusy(false);
    if (r.ok) setReport(r.value);
    else setError(r.error);
  };

  const blocks = report?.files.reduce((n, f) => n + f.findings.filter((x) => x.severity === 'block').length, 0) ?? 0;
  const warnings = report?.files.reduce((n, f) => n + f.findings.filter((x) => x.severity === 'warn').length, 0) ?? 0;
  const unreadable = report?.files.some((f) => f.error) ?? false;

  return (
    <section className="card pec-panel" aria-labelledby={ids.title} ref={ref} tabIndex={-1}>
      <h2 id={ids.title}>{t('pec.title')}</h2>
      <p className="hint">{t('pec.intro')}</p>
      <div className="pec-actions">
        <button type="button" className="btn btn-secondary" onClick={() => void pick()}>
          {docs.length ? t('pec.pickMore') : t('pec.pick')}
        </button>
      </div>
      {docs.length ? (
        <fieldset className="pec-files">
          <legend id={ids.main}>{t('pec.mainLegend')}</legend>
          <ul className="pec-file-list">
            {docs.map((d) => (
              <li key={d.id}>
                <label className="field-check">
                  <input type="radio" name="pec-main" checked={main === d.id} onChange={() => setMain(d.id)} />
                  <span>
                    {d.name} <span className="optional">({formatSize(d.size, t, lang)})</span>
                  </span>
                </label>
                <button type="button" className="btn btn-secondary btn-small" aria-label={t('pec.removeFile', { name: d.name })} onClick={() => remove(d.id)}>
                  {t('sign.remove')}
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={ids.profile}>{t('pec.profile')}</label>
        <select id={ids.profile} className="select" value={profile} onChange={(e) => setProfile(e.target.value)}>
          {(profiles.length ? profiles : [{ name: 'agid', title: 'AgID' }]).map((p) => (
            <option key={p.name} value={p.name}>
              {p.title}
            </option>
          ))}
        </select>
      </div>
      <div className="pec-actions">
        <button type="button" className="btn btn-primary" disabled={docs.length === 0 || busy} onClick={() => void run()}>
          {busy ? t('pec.checking') : t('pec.check')}
        </button>
      </div>
      <Status>{busy ? t('pec.checking') : report ? (unreadable ? t('pec.unreadable') : blocks > 0 ? t('pec.blocked', { count: blocks }) : warnings > 0 ? t('pec.okWithWarnings', { count: warnings }) : t('pec.ok')) : ''}</Status>
      {error ? <ErrorBox error={error} /> : null}
      {report ? (
        <ul className="pec-report">
          {report.files.map((f) => (
            <li key={f.document} className="pec-report-file">
              <h3>
                {f.name} <span className="optional">— {f.role === 'main' ? t('pec.roleMain') : t('pec.roleAttachment')}</span>
              </h3>
              {f.error ? <p className="field-error">{f.error.message}</p> : f.findings.length === 0 ? <p>{t('pec.nothing')}</p> : null}
              {f.findings.length ? (
                <ul className="pec-findings">
                  {f.findings.map((x, i) => (
                    <li key={`${x.code}-${i}`}>
                      <span className={`badge ${x.severity === 'block' ? 'badge-error' : 'badge-warning'}`}>{x.severity === 'block' ? t('pec.block') : t('pec.warn')}</span> <span>{x.message}</span>
                      <p className="hint">
                        {t('pec.fix')} {x.fix}
                      </p>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
});
