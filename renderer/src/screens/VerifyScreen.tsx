import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { call, type ApiError, type SiglaDocument } from '../api';
import { DropZone } from '../components/DropZone';
import { ErrorBox, Screen, Status } from '../components/Screen';
import { formatDateTime } from '../format';
import { currentLang, type Lang } from '../i18n';
import type { VerifySession } from '../state/verifySession';
import type { FileReportView, SignatureView, TimestampView, VerifyStatus } from '../verifyReport';

const KNOWN_SUB = new Set([
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  'FORMAT_FAILURE',
  'NO_SIGNING_CERTIFICATE_FOUND',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'OUT_OF_BOUNDS_NO_POE',
  'NOT_YET_VALID',
  'SIG_CONSTRAINTS_FAILURE',
  'REVOKED_NO_POE',
  'REVOKED_CA_NO_POE',
  'TRY_LATER',
]);
const KNOWN_LEVEL = new Set(['B-T', 'B-B', 'BES-legacy', 'none']);
const KNOWN_FORMAT = new Set(['pdf', 'cades', 'p7m', 'p7s', 'm7m', 'tsd', 'tsr']);

export function explainSub(code: string, t: TFunction): string {
  return KNOWN_SUB.has(code) ? t(`verify.sub.${code}`) : t('verify.sub.unknown', { code });
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
            {t('verify.timestamp', { time: ts.time ? formatDateTime(ts.time, lang) : '?', tsa: ts.tsa || '?' })}:{' '}
            <strong className={ok ? 'text-ok' : 'text-error'}>{ok ? t('verify.timestampOk') : t('verify.timestampKo')}</strong>
            {ts.trusted === false ? <span className="text-warning"> — {t('verify.timestampUntrusted')}</span> : null}
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
      {total > 1 && s.status !== 'passed' && s.subIndication ? <p className="reason">{t('verify.why', { reason: explainSub(s.subIndication, t) })}</p> : null}
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
                {formatDateTime(s.signingTime, lang)} <span className="muted">({t('verify.whenNote')})</span>
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
        <div>
          <dt>{t('verify.integrity')}</dt>
          <dd className={s.integrity === 'valid' ? 'text-ok' : 'text-error'}>{s.integrity === 'valid' ? t('verify.integrityOk') : t('verify.integrityKo')}</dd>
        </div>
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
function ReportActions({ doc, format, t }: { doc: SiglaDocument; format: string; t: TFunction }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ key: string; out: SiglaDocument } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (key: 'extracted' | 'saved', run: () => ReturnType<typeof call<'verify:extract'>>): Promise<void> => {
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
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('saved', () => call('verify:saveReport', { document: doc.id, format: 'txt' }))}>
          {t('verify.saveReport')}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void act('saved', () => call('verify:saveReport', { document: doc.id, format: 'pdf' }))}>
          {t('verify.saveReportPdf')}
        </button>
      </div>
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
          <ul lang="en">
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
      {warnings.length > 0 ? (
        <>
          <p className="details-title">{t('verify.warnings')}</p>
          <ul lang="en">
            {warnings.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </>
      ) : null}
    </details>
  );
}

function Report({ r, doc, t, lang }: { r: FileReportView; doc: SiglaDocument; t: TFunction; lang: Lang }) {
  const unsigned = r.signatures.length === 0 && r.timestamps.length === 0;
  const reasons = [...new Set(r.signatures.filter((s) => s.status === r.status && s.subIndication).map((s) => explainSub(s.subIndication ?? '', t)))];
  return (
    <article className={`card report report-${r.status}`} aria-label={r.file}>
      <h2 className="report-file">{r.file}</h2>
      {r.format && !unsigned ? <p className="muted">{t('verify.fileFormat', { format: formatText(r.format, t) })}</p> : null}
      {unsigned ? (
        <div className="verdict verdict-indeterminate">
          <span className="verdict-icon" aria-hidden="true">
            !
          </span>
          <div>
            <p className="verdict-title">{t('verify.unsignedTitle')}</p>
            <p>{t('verify.noSignatures')}</p>
          </div>
        </div>
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
      {r.signatures.length > 0 ? <SignatureTree r={r} t={t} lang={lang} /> : null}
      {r.timestamps.length > 0 ? (
        <section className="file-timestamps" aria-label={t('verify.fileTimestamps')}>
          <h3>{t('verify.fileTimestamps')}</h3>
          <Timestamps items={r.timestamps} t={t} lang={lang} />
        </section>
      ) : null}
      {r.problems.length > 0 ? <Details problems={r.problems} warnings={[]} t={t} /> : null}
      <ReportActions doc={doc} format={r.format} t={t} />
    </article>
  );
}

export function VerifyScreen({ session, focusHeading }: { session: VerifySession; focusHeading: boolean }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const { busy, outcomes } = session;
  const count = outcomes?.length ?? 0;
  return (
    <Screen title={t('verify.title')} intro={t('verify.intro')} focusHeading={focusHeading}>
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
              outcomes.flatMap((o) => ('reports' in o ? o.reports.map((r) => `${r.file}: ${t(`verify.${r.status}`)}.`) : [`${o.doc.name}: ${o.error.message}`])).join(' ') || t('verify.done', { count })
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
              o.reports.map((r, i) => <Report key={`${o.doc.id}-${i}`} r={r} doc={o.doc} t={t} lang={lang} />)
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
