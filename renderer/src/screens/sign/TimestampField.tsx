import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignSession } from '../../state/signSession';
import type { TsaAccountView } from '../../state/settings';

/** The account a signature is time-stamped with: the one chosen, else the default, else the first. */
export function chosenTsaAccount(accounts: TsaAccountView[], chosen: string, defaultTsa: string | undefined): string | undefined {
  return (accounts.find((a) => a.id === chosen) ?? accounts.find((a) => a.id === defaultTsa) ?? accounts[0])?.id;
}

/**
 * Firma's time-stamp option: a checkbox, and the TSA account when there are several. Without any account the
 * option is disabled and the hint sends the user to Impostazioni, where accounts (and their passwords) are set.
 */
export function TimestampField({ session, accounts, defaultTsa }: { session: SignSession; accounts: TsaAccountView[]; defaultTsa: string | undefined }) {
  const { t } = useTranslation();
  const ids = { check: useId(), hint: useId(), account: useId() };
  const { options } = session;
  const none = accounts.length === 0;
  const current = chosenTsaAccount(accounts, options.tsaAccount, defaultTsa);
  const currentName = accounts.find((a) => a.id === current)?.name ?? '';

  return (
    <>
      <div className="field field-check">
        <input id={ids.check} type="checkbox" className="checkbox" checked={options.timestamp && !none} disabled={none} aria-describedby={ids.hint} onChange={(e) => session.setOptions({ timestamp: e.target.checked })} />
        <div>
          <label htmlFor={ids.check}>{t('preferences.sign.timestamp')}</label>
          <p id={ids.hint} className="hint">
            {none ? (
              <>
                {t('preferences.sign.noAccount')} <a href="#/impostazioni/marca-temporale">{t('preferences.sign.goToSettings')}</a>
              </>
            ) : accounts.length === 1 ? (
              t('preferences.sign.oneAccount', { name: currentName })
            ) : (
              t('preferences.sign.hint')
            )}
          </p>
        </div>
      </div>
      {options.timestamp && accounts.length > 1 ? (
        <div className="field field-indented">
          <label htmlFor={ids.account}>{t('preferences.sign.account')}</label>
          <select id={ids.account} className="select" value={current ?? ''} onChange={(e) => session.setOptions({ tsaAccount: e.target.value })}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </>
  );
}
