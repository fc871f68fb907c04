/**
 * "Chi firma" on Firma, before anything is signed: the device (label, model, PIN state) and its signature
 * certificate (holder, issuer, expiry, qualified or not), with the choice among several devices or certificates made
 * here as radio lists — or, with no device, "Collega il dispositivo di firma" and where Sigla looked (the PKCS#11
 * modules of `modules:list`).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Certificate, Token } from '../../api';
import { issuerName } from '../../certificateNames';
import { ErrorBox } from '../../components/Screen';
import { formatDate } from '../../format';
import { currentLang } from '../../i18n';
import type { TokensState } from '../../state/tokens';
import { useModules } from '../../state/useModules';
import { pinUsable, type SignerChoice } from './signerChoice';
import type { SignerCertificates } from './useSignerCertificates';

/** Days before expiry from which the certificate is shown as expiring (as Certificati does). */
const SOON_DAYS = 30;


export function SignerPanel({ tokens, certificates, choice, disabled, onChoose }: { tokens: TokensState; certificates: SignerCertificates; choice: SignerChoice; disabled: boolean; onChoose: (patch: { token?: string; certificate?: string }) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { token, certificate, candidates } = choice;
  const searching = !tokens.loaded && tokens.loading;

  return (
    <section className="card signer-panel" aria-labelledby={titleId} aria-busy={searching || certificates.loading}>
      <div className="card-head">
        <h2 id={titleId}>{t('signer.title')}</h2>
        {tokens.tokens.length > 0 ? (
          <button type="button" className="btn btn-link" disabled={tokens.loading} onClick={() => void tokens.reload()}>
            {t('signer.refresh')}
          </button>
        ) : null}
      </div>
      {searching ? <p className="muted">{t('signer.searching')}</p> : null}
      {!searching && tokens.tokens.length === 0 ? <ConnectDevice tokens={tokens} /> : null}
      {token ? (
        <>
          <SignerSummary token={token} certificate={certificate} />
          {!pinUsable(token) ? (
            <div className="callout callout-error">
              <p>{t(token.userPin === 'locked' ? 'signer.pinLocked' : 'signer.pinNotSet', { label: token.label })}</p>
            </div>
          ) : null}
          {certificates.error ? <ErrorBox error={certificates.error} title={t('signer.certsError')} /> : null}
          {!certificates.loading && !certificates.error && candidates.length === 0 ? (
            <div className="callout callout-warning">
              <p>{t('signer.noSignatureCert', { label: token.label })}</p>
            </div>
          ) : null}
          {certificate && certificate.daysLeft < 0 ? (
            <div className="callout callout-error">
              <p>{t('signer.expired', { date: formatDate(certificate.notAfter, currentLang()) })}</p>
            </div>
          ) : null}
          {tokens.tokens.length > 1 ? <DeviceChoice tokens={tokens.tokens} chosen={token} disabled={disabled} onChoose={(label) => onChoose({ token: label, certificate: '' })} /> : null}
          {candidates.length > 1 && certificate ? <CertificateChoice candidates={candidates} chosen={certificate} disabled={disabled} onChoose={(id) => onChoose({ token: token.label, certificate: id })} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** The device and certificate that will sign, as a list of facts. */
function SignerSummary({ token, certificate }: { token: Token; certificate: Certificate | undefined }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const pinBadge = token.userPin === 'ok' ? 'badge-ok' : token.userPin === 'locked' || token.userPin === 'notInitialized' ? 'badge-error' : 'badge-warning';
  const model = [token.manufacturer, token.model].filter((s) => s.trim() !== '').join(' ');
  return (
    <dl className="signer-facts">
      <div>
        <dt>{t('signer.device')}</dt>
        <dd>
          <strong className="signer-device">{token.label}</strong>
          {model ? <span className="muted"> — {model}</span> : null}
          <span className="signer-badges">
            <span className={`badge ${pinBadge}`}>{t(`devices.states.${token.userPin}`)}</span>
            {token.pinpad ? <span className="badge badge-info">{t('devices.pinpad')}</span> : null}
          </span>
        </dd>
      </div>
      {certificate ? (
        <>
          <div>
            <dt>{t('signer.holder')}</dt>
            <dd>
              <strong className="signer-holder">{certificate.name}</strong>
            </dd>
          </div>
          <div>
            <dt>{t('signer.issuer')}</dt>
            <dd>{issuerName(certificate.issuer)}</dd>
          </div>
          <div>
            <dt>{t('signer.expiry')}</dt>
            <dd>
              {formatDate(certificate.notAfter, lang)}{' '}
              {certificate.daysLeft < 0 ? (
                <span className="badge badge-error">{t('certs.expired')}</span>
              ) : certificate.daysLeft < SOON_DAYS ? (
                <span className="badge badge-warning">{t('signer.daysLeft', { count: certificate.daysLeft })}</span>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>{t('signer.kind')}</dt>
            <dd>{certificate.qualified ? <span className="badge badge-ok">{t('signer.qualified')}</span> : <span className="badge badge-info">{t('signer.notQualified')}</span>}</dd>
          </div>
        </>
      ) : null}
    </dl>
  );
}

function DeviceChoice({ tokens, chosen, disabled, onChoose }: { tokens: Token[]; chosen: Token; disabled: boolean; onChoose: (label: string) => void }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="signer-choice" disabled={disabled}>
      <legend>{t('signer.chooseDevice')}</legend>
      {tokens.map((tk) => (
        <label key={`${tk.module}/${tk.slotId}`} className="signer-option">
          <input type="radio" name={name} value={tk.label} checked={tk.label === chosen.label} onChange={() => onChoose(tk.label)} />
          <span>
            <span className="signer-option-title">{tk.label}</span>
            <span className="muted"> — {t(`devices.states.${tk.userPin}`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function CertificateChoice({ candidates, chosen, disabled, onChoose }: { candidates: Certificate[]; chosen: Certificate; disabled: boolean; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const name = useId();
  return (
    <fieldset className="signer-choice" disabled={disabled}>
      <legend>{t('signer.chooseCertificate')}</legend>
      {candidates.map((c) => (
        <label key={c.fingerprintSha256 || c.id} className="signer-option">
          <input type="radio" name={name} value={c.id} checked={c.id === chosen.id} onChange={() => onChoose(c.id)} />
          <span>
            <span className="signer-option-title">{c.name}</span>
            <span className="muted">
              {' — '}
              {t('signer.optionDetail', { issuer: issuerName(c.issuer), date: formatDate(c.notAfter, lang) })}
              {c.qualified ? ` · ${t('signer.qualified')}` : ''}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** No device: what to do, and where Sigla looked (the middleware it found, or that it found none). */
function ConnectDevice({ tokens }: { tokens: TokensState }) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const { modules, error } = useModules(version);


  return (
    <div className="connect-device">
      <h3>{t('signer.connectTitle')}</h3>
      <p>{t('signer.connectText')}</p>
      {tokens.error ? <ErrorBox error={tokens.error} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {modules && modules.length === 0 ? <p>{t('signer.noModules')}</p> : null}
      {modules && modules.length > 0 ? (
        <>
          <p>{t('signer.searchedIn')}</p>
          <ul className="plain-list searched-modules">
            {modules.map((m) => (
              <li key={m.path}>
                <strong>{m.name}</strong> <span className="mono module-path">{m.path}</span>
                {' — '}
                {m.error ? <span className="text-error">{m.error}</span> : <span>{t('signer.moduleNoDevice')}</span>}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={tokens.loading}
          onClick={() => {
            void tokens.reload();
            setVersion((v) => v + 1);
          }}
        >
          {t('signer.searchAgain')}
        </button>
      </p>
    </div>
  );
}
