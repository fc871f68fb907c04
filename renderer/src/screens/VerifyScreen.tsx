import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, type ApiError, type SiglaDocument } from '../api';
import { DropZone } from '../components/DropZone';
import { ErrorBox, Screen, Status } from '../components/Screen';
import { currentLang, type Lang } from '../i18n';
import { countryName } from '../countryName';
import { listsHealth, type TrustListsState } from '../state/trustLists';
import type { VerifySession } from '../state/verifySession';
import type { FileReportView, SignatureView, TimestampView, TrustedListView, VerifyStatus } from '../verifyReport';
import { hasSignedDocument, SignedDocument } from './verify/SignedDocument';
import '../components/TrustLists.css';


/** A detached signature (.p7s) whose document was neither inside nor beside it: the user is asked for it. */
const CONTENT_MISSING = 'SIGNED_DATA_NOT_FOUND';

/** TS 119 172-4 / TS 119 615 conclusions: colour and icon of the badge (the words come from main or the locale). */
function qualificationLook(code: string): { cls: string; icon: string; key: string } {
  if (code === 'QESig' || code === 'QESeal') return { cls: 'badge-ok', icon: '✓', key: code };
  if (code === 'AdESig-QC' || code === 'AdESeal-QC') return { cls: 'badge-info', icon: '●', key: code.replace('-', '_') };
  if (code === 'AdESig' || code === 'AdESeal') return { cls: 'badge-neutral', icon: '○', key: code };
  if (code.startsWith('Indeterminate')) return { cls: 'badge-warning', icon: '?', key: 'Indeterminate' };
  return { cls: 'badge-neutral', icon: '–', key: 'NA' };
}

function QualificationBadge({ s, t }: { s: SignatureView; t: TFunction }) {
  if (!s.qualification && !s.qualificationText) return null;
  const look = qualificationLook(s.qualification ?? '');
  const text = s.qualificationText ?? t(`verify.qualification.${look.key}`);
  return (
    <p className="qualification">
      <span className="visually-hidden">{t('verify.qualificationLabel')}: </span>
      <span className={`badge ${look.cls} qualification-badge`} data-qualification={s.qualification ?? ''}>
        <span aria-hidden="true">{look.icon} </span>
        {text}
      </span>
      {s.qualificationReasons.map((r) => (
        <span key={r} className="qualification-reason muted">
          {r}
        </span>
      ))}
    </p>
  );
}

/** "Provider — service (country)" and the service's status when it is not the usual granted one. */
function listedText(l: TrustedListView, t: TFunction, lang: Lang): string {
  const where = l.country ? ` (${countryName(l.country, lang)})` : '';
  const status = l.status && l.status !== 'granted' ? ` — ${t('verify.serviceStatus', { status: l.statusText ?? l.status })}` : '';
  return `${l.tsp}${l.service && l.service !== l.tsp ? ` — ${l.service}` : ''}${where}${status}`;
}
const KNOWN_LEVEL = new Set(['B-LTA', 'B-LT', 'B-T', 'B-B', 'BES-legacy', 'none']);
const KNOWN_FORMAT = new Set(['pdf', 'cades', 'p7m', 'p7s', 'm7m', 'tsd', 'tsr']);

/** A sub-indication in words: main's text from the one catalog (shared/i18n/findings.ts), else its ETSI name. */
function explainSub(code: string, text: string | undefined): string {
  return text ?? code;
}

function levelText(level: string, t: TFunction): string {
  const base = level.replace(/^PKCS7-/, '');
  return KNOWN_LEVEL.has(base) ? `${t(`verify.levels.${base}`)} (${level})` : level;
}

function formatText(format: string, t: TFunction): string {
  const f = format.toLowerCase();
  return KNOWN_FORMAT.has(f) ? t(`verify.formats.${f}`) : format.toUpperCase();
}

function StatusBadge({ status }: { status: VerifyStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${status === 'passed' ? 'ok' : status === 'failed' ? 'error' : 'warning'}`}>
      <span aria-hidden="true">{status === 'passed' ? '✓ ' : status === 'failed' ? '✕ ' : '? '}</span>
      {t(`verify.${status}`)}
    </span>
  );
}

function Timestamps({ items, t, lang }: { items: TimestampView[]; t: TFunction; lang: Lang }) {
  return (
    <ul className="plain-list">
      {items.map((ts, i) => {
        const ok = ts.integrity === 'valid' && ts.imprintMatches;
        return (
          <li key={i}>
            {t('verify.timestamp', { time: ts.timeText ?? (ts.time || '?'), tsa: ts.tsa || '?' })}:{' '}
            <strong className={ok ? 'text-ok' : 'text-error'}>{ok ? t('verify.timestampOk') : t('verify.timestampKo')}</strong>
            {ts.trusted === false ? <span className="text-warning"> — {t('verify.timestampUntrusted')}</span> : null}
            {ts.trustedList ? <span className="timestamp-tsp"> — {t('verify.timestampTsp', { tsp: listedText(ts.trustedList, t, lang) })}</span> : null}
            {ts.qualified ? (
              <>
                {' '}
                <span className="badge badge-ok timestamp-qualified">
                  <span aria-hidden="true">✓ </span>
                  {t('verify.timestampQualified')}
                </span>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function Signature({ s, n, total, t, lang, children }: { s: SignatureView; n: number; total: number; t: TFunction; lang: Lang; children?: ReactNode }) {
  const counter = s.kind === 'countersignature';
  return (
    <li className={`signature signature-${s.status}`}>
      <div className="signature-head">
        <h3>{counter ? t('verify.countersignatureN', { n, total }) : t('verify.signatureN', { n, total })}</h3>
        <StatusBadge status={s.status} />
      </div>
      <QualificationBadge s={s} t={t} />
      {total > 1 && s.status !== 'passed' && s.subIndication ? <p className="reason">{t('verify.why', { reason: explainSub(s.subIndication, s.subIndicationText) })}</p> : null}
      <dl className="facts">
        <div>
          <dt>{t('verify.signer')}</dt>
          <dd className="signer">{s.signer}</dd>
        </div>
        <div>
          <dt>{t('verify.when')}</dt>
          <dd>
            {s.signingTime ? (
              <>
                {s.signingTimeText ?? s.signingTime} <span className="muted">({t('verify.whenNote')})</span>
              </>
            ) : (
              <span className="muted">{t('verify.whenUnknown')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('verify.kind')}</dt>
          <dd>{counter ? t('verify.kindCounter') : t('verify.kindSigner')}</dd>
        </div>
        {s.depth > 0 ? (
          <div>
            <dt>{t('verify.envelope')}</dt>
            <dd>{t('verify.envelopeLevel', { n: s.depth + 1 })}</dd>
          </div>
        ) : null}
        {s.field ? (
          <div>
            <dt>{t('verify.pdfField')}</dt>
            <dd>{s.field}</dd>
          </div>
        ) : null}
        {s.level ? (
          <div>
            <dt>{t('verify.level')}</dt>
            <dd>{levelText(s.level, t)}</dd>
          </div>
        ) : null}
        {s.renewalDue ? (
          <div>
            <dt>{t('verify.renewalDue')}</dt>
            <dd>{s.renewalDueText ?? s.renewalDue}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('verify.integrity')}</dt>
          <dd className={s.integrity === 'valid' ? 'text-ok' : 'text-error'}>{s.integrity === 'valid' ? t('verify.integrityOk') : t('verify.integrityKo')}</dd>
        </div>
        {s.trustedList ? (
          <div>
            <dt>{t('verify.tsp')}</dt>
            <dd className="tsp">{listedText(s.trustedList, t, lang)}</dd>
          </div>
        ) : null}
        {s.qualified !== undefined ? (
          <div>
            <dt>{t('verify.qualified')}</dt>
            <dd>{s.qualified ? t('common.yes') : t('common.no')}</dd>
          </div>
        ) : null}
        {s.timestamps.length > 0 ? (
          <div>
            <dt>{t('verify.timestamps')}</dt>
            <dd>
              <Timestamps items={s.timestamps} t={t} lang={lang} />
            </dd>
          </div>
        ) : null}
      </dl>
      {s.problems.length + s.warnings.length > 0 ? <Details problems={s.problems} warnings={s.warnings} t={t} /> : null}
      {children}
    </li>
  );
}

/**
 * The report as a tree: envelopes (a .p7m inside a .p7m, a PDF inside a .p7m) from the outside in, each with its
 * signers and, under each signer, its countersignatures (they follow their signer in the report, RFC 5652 §11.4).
 */
function SignatureTree({ r, t, lang }: { r: FileReportView; t: TFunction; lang: Lang }) {
  const total = r.signatures.length;
  const numbered = r.signatures.map((s, i) => ({ s, n: i + 1 }));
  const depths = [...new Set(numbered.map((x) => x.s.depth))].sort((a, b) => a - b);
  const groups = (list: typeof numbered) => {
    const out: { head: (typeof numbered)[number]; counters: typeof numbered }[] = [];
    for (const x of list) {
      const last = out[out.length - 1];
      if (x.s.kind === 'countersignature' && last) last.counters.push(x);
      else out.push({ head: x, counters: [] });
    }
    return out;
  };
  const list = (items: typeof numbered) => (
    <ol className="signatures">
      {groups(items).map(({ head, counters }) => (
        <Signature key={head.n} s={head.s} n={head.n} total={total} t={t} lang={lang}>
          {counters.length > 0 ? (
            <ol className="signatures countersignatures" aria-label={t('verify.countersignaturesOf', { n: head.n })}>
              {counters.map((c) => (
                <Signature key={c.n} s={c.s} n={c.n} total={total} t={t} lang={lang} />
              ))}
            </ol>
          ) : null}
        </Signature>
      ))}
    </ol>
  );
  if (depths.length <= 1) return list(numbered);
  return (
    <ol className="envelopes">
      {depths.map((d) => (
        <li key={d} className="envelope">
          <h3 className="envelope-title">{d === 0 ? t('verify.envelopeOuter') : t('verify.envelopeInner', { n: d + 1 })}</h3>
          {list(numbered.filter((x) => x.s.depth === d))}
        </li>
      ))}
    </ol>
  );
}

/** Extract the content and save the report, beside the file; then offer to show it in its folder. */
function ReportActions({ doc, content, format, t }: { doc: SiglaDocument; content?: SiglaDocument | undefined; format: string; t: TFunction }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ key: string; out: SiglaDocument } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [level, setLevel] = useState<'B-LT' | 'B-LTA'>('B-LTA');
  const act = async (key: 'extracted' | 'saved' | 'extended', run: () => ReturnType<typeof call<'verify:extract'>>): Promise<void> => {
    setBusy(true);
    setError(null);
    const r = await run();
    setBusy(false);
    if (r.ok) setDone({ key, out: r.value });
    else setError(r.error);
  };
  const extractable = ['cades', 'p7m', 'm7m', 'tsd'].includes(format.toLowerCase()) && !/\.p7s$/i.test(doc.name);
  return (
    <div className="report-actions">
      <div className="toolbar">
        {extractable ? (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('extracted', () => call('verify:extract', { document: doc.id }))}>
            {t('verify.extract')}
          </button>
        ) : null}
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('saved', () => call('verify:saveReport', { document: doc.id, format: 'txt', ...(content ? { content: content.id } : {}) }))}>
          {t('verify.saveReport')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('saved', () => call('verify:saveReport', { document: doc.id, format: 'pdf', ...(content ? { content: content.id } : {}) }))}>
          {t('verify.saveReportPdf')}
        </button>
      </div>
      {format.toLowerCase() === 'pdf' || (format.toLowerCase() === 'cades' && /\.p7[ms]$/i.test(doc.name)) ? (
        <div className="toolbar">
          <label className="muted">
            {t('verify.extendLevel')}{' '}
            <select className="select" value={level} disabled={busy} onChange={(e) => setLevel(e.target.value === 'B-LT' ? 'B-LT' : 'B-LTA')}>
              <option value="B-LT">B-LT</option>
              <option value="B-LTA">B-LTA</option>
            </select>
          </label>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('extended', () => call('verify:extend', { document: doc.id, level }))}>
            {t('verify.extend')}
          </button>
        </div>
      ) : null}
      <Status>
        {done ? (
          <span className="report-action-done">
            {t(`verify.${done.key}`, { name: done.out.name })}{' '}
            <button type="button" className="btn btn-link" onClick={() => void call('documents:reveal', { document: done.out.id })}>
              {t('sign.reveal')}
            </button>
          </span>
        ) : (
          ''
        )}
      </Status>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

function Details({ problems, warnings, t }: { problems: string[]; warnings: string[]; t: TFunction }) {
  return (
    <details className="details">
      <summary>{t('verify.details')}</summary>
      {problems.length > 0 ? (
        <>
          <p className="details-title">{t('verify.problems')}</p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <p className="details-title">{t('verify.warnings')}</p>
          <ul>
            {warnings.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}

/** The verdict of a file with no signature at all: "Nessuna firma", never "Firma non valida". */
function UnsignedVerdict({ t }: { t: TFunction }) {
  return (
    <div className="verdict verdict-indeterminate">
      <span className="verdict-icon" aria-hidden="true">
        !
      </span>
      <div>
        <p className="verdict-title">{t('verify.unsignedTitle')}</p>
        <p>{t('verify.noSignatures')}</p>
      </div>
    </div>
  );
}

/** A .p7s whose document is neither inside it nor beside it: ask for it, then verify again with it. */
function ContentMissing({ doc, session, t }: { doc: SiglaDocument; session: VerifySession; t: TFunction }) {
  return (
    <div className="callout callout-info content-missing">
      <p className="callout-title">{t('verify.contentMissingTitle')}</p>
      <p>{t('verify.contentMissing', { name: doc.name, expected: doc.name.replace(/\.(p7s|p7m|tsr|tst)$/i, '') })}</p>
      <div className="toolbar">
        <button type="button" className="btn btn-primary" disabled={session.busy} onClick={() => void session.verifyWithContent(doc)}>
          {t('verify.chooseContent')}
        </button>
      </div>
    </div>
  );
}

function Report({ r, doc, content, t, lang, session, single }: { r: FileReportView; doc: SiglaDocument; content?: SiglaDocument | undefined; t: TFunction; lang: Lang; session: VerifySession; single: boolean }) {
  const contentMissing = r.subIndication === CONTENT_MISSING || r.signatures.some((s) => s.subIndication === CONTENT_MISSING);
  const unsigned = isUnsigned(r);
  const reasons = [
    ...new Set([
      ...(r.subIndication && !contentMissing ? [explainSub(r.subIndication, r.subIndicationText)] : []),
      ...r.signatures.filter((s) => s.status === r.status && s.subIndication).map((s) => explainSub(s.subIndication ?? '', s.subIndicationText)),
    ]),
  ];
  return (
    <article className={`card report report-${r.status}`} aria-label={r.file}>
      <h2 className="report-file">{r.file}</h2>
      {r.format && !unsigned ? <p className="muted">{t('verify.fileFormat', { format: formatText(r.format, t) })}</p> : null}
      {unsigned ? (
        <UnsignedVerdict t={t} />
      ) : r.error ? (
        <ErrorBox error={{ code: r.error.code, message: r.error.message ?? '' }} />
      ) : (
        <div className={`verdict verdict-${r.status}`}>
          <span className="verdict-icon" aria-hidden="true">
            {r.status === 'passed' ? '✓' : r.status === 'failed' ? '✕' : '?'}
          </span>
          <div>
            <p className="verdict-title">{t(`verify.${r.status}`)}</p>
            <p>{t(`verify.${r.status}Text`)}</p>
            {r.status !== 'passed'
              ? reasons.map((reason) => (
                  <p key={reason} className="verdict-reason">
                    {t('verify.why', { reason })}
                  </p>
                ))
              : null}
          </div>
        </div>
      )}
      {contentMissing ? <ContentMissing doc={doc} session={session} t={t} /> : null}
      {r.notes.length > 0 && !contentMissing ? (
        <ul className="plain-list file-notes">
          {r.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      {r.signatures.length > 0 ? <SignatureTree r={r} t={t} lang={lang} /> : null}
      {r.timestamps.length > 0 ? (
        <section className="file-timestamps" aria-label={t('verify.fileTimestamps')}>
          <h3>{t('verify.fileTimestamps')}</h3>
          <Timestamps items={r.timestamps} t={t} lang={lang} />
        </section>
      ) : null}
      {r.problems.length > 0 ? <Details problems={r.problems} warnings={[]} t={t} /> : null}
      {!unsigned && !r.error && !contentMissing && hasSignedDocument(r.format, doc.name) ? <SignedDocument doc={doc} failed={r.status === 'failed'} auto={single} t={t} lang={lang} /> : null}
      {unsigned || r.error ? null : <ReportActions doc={doc} content={content} format={r.format} t={t} />}
    </article>
  );
}

/** Verification says when the trusted lists are missing or old (no qualification without them), with the way there. */
function ListsNotice({ state, t }: { state: TrustListsState; t: TFunction }) {
  const health = listsHealth(state.status);
  if (health.kind !== 'missing' && health.kind !== 'stale') return null;
  const updating = state.progress !== null;
  return (
    <div className="callout callout-warning lists-notice">
      <p className="callout-title">{health.kind === 'missing' ? t('verify.listsMissingTitle') : t('verify.listsStaleTitle', { count: health.days ?? 0 })}</p>
      <p>{updating ? t('verify.listsUpdating') : health.kind === 'missing' ? t('verify.listsMissing') : t('verify.listsStale')}</p>
      <p>
        <a href="#/impostazioni/fiducia">{t('verify.listsLink')}</a>
      </p>
    </div>
  );
}

/** Unsigned files come back as a coded file error (INPUT_NOT_SIGNED): they have no signature, not a bad one. */
const unsignedError = (code: string): boolean => code === 'INPUT_NOT_SIGNED';

/** A report of a file with no signature at all (not one whose document is missing). */
function isUnsigned(r: FileReportView): boolean {
  if (r.error) return unsignedError(r.error.code);
  return r.signatures.length === 0 && r.timestamps.length === 0 && r.subIndication === undefined;
}

export function VerifyScreen({ session, focusHeading, trustLists }: { session: VerifySession; focusHeading: boolean; trustLists: TrustListsState }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, outcomes } = session;
  const count = outcomes?.length ?? 0;
  return (
    <Screen title={t('verify.title')} intro={t('verify.intro')} focusHeading={focusHeading}>
      <ListsNotice state={trustLists} t={t} />
      <DropZone purpose="verify" disabled={busy} onDocuments={(docs) => void session.verify(docs)}>
        <div className="toolbar">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void session.pick()}>
            {t('verify.pick')}
          </button>
          <Status>
            {busy ? (
              <span className="progress-line">
                <span className="spinner" aria-hidden="true" />
                <span>{t('verify.running')}</span>
              </span>
            ) : outcomes ? (
              outcomes
                .flatMap((o) =>
                  'reports' in o
                    ? o.reports.map((r) => `${r.file}: ${isUnsigned(r) ? t('verify.unsignedTitle') : t(`verify.${r.status}`)}.`)
                    : [`${o.doc.name}: ${unsignedError(o.error.code) ? t('verify.unsignedTitle') : o.error.message}`],
                )
                .join(' ') || t('verify.done', { count })
            ) : (
              ''
            )}
          </Status>
        </div>
      </DropZone>
      {session.error ? <ErrorBox error={session.error} /> : null}
      {outcomes ? (
        <div className="stack">
          {outcomes.map((o) =>
            'reports' in o ? (
              o.reports.map((r, i) => <Report key={`${o.doc.id}-${i}`} r={r} doc={o.doc} content={o.content} t={t} lang={lang} session={session} single={count === 1} />)
            ) : unsignedError(o.error.code) ? (
              <article key={o.doc.id} className="card report report-unsigned" aria-label={o.doc.name}>
                <h2 className="report-file">{o.doc.name}</h2>
                <UnsignedVerdict t={t} />
              </article>
            ) : (
              <article key={o.doc.id} className="card report report-failed" aria-label={o.doc.name}>
                <h2 className="report-file">{o.doc.name}</h2>
                <ErrorBox error={o.error} />
              </article>
            ),
          )}
        </div>
      ) : null}
    </Screen>
  );
}
