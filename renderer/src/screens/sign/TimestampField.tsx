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
  const ids = { check: useId(), hint: useId(), account: useId(), level: useId(), levelHint: useId() };
  const { options } = session;
  const none = accounts.length === 0;
  const current = chosenTsaAccount(accounts, options.tsaAccount, defaultTsa);
  const currentName = accounts.find((a) => a.id === current)?.name ?? '';

  return (
    <>
      <div className="field field-check">
        <input id={ids.check} type="checkbox" className="checkbox" checked={options.timestamp && !none} disabled={none} aria-describedby={ids.hint} onChange={(e) => session.setOptions({ timestamp: e.target.checked, level: e.target.checked ? (options.level === 'B-B' ? 'B-T' : options.level) : 'B-B' })} />
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
      <LevelField session={session} none={none} ids={{ level: ids.level, hint: ids.levelHint }} />
    </>
  );
}

const LEVELS = ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const;

/**
 * The baseline level (ETSI EN 319 142-1 / 319 122-1): B-B the signature alone; B-T with a time-stamp; B-LT with the
 * validation data inside the file; B-LTA with a document time-stamp too. Levels above B-B need a TSA account; the
 * hint says what the level chosen costs (time-stamps, network, size).
 */
function LevelField({ session, none, ids }: { session: SignSession; none: boolean; ids: { level: string; hint: string } }) {
  const { t } = useTranslation();
  const { options } = session;
  const level = options.timestamp && !none ? (options.level === 'B-B' ? 'B-T' : options.level) : 'B-B';
  return (
    <div className="field">
      <label htmlFor={ids.level}>{t('preferences.sign.level')}</label>
      <select id={ids.level} className="select" value={level} aria-describedby={ids.hint} onChange={(e) => {
        const next = LEVELS.find((l) => l === e.target.value) ?? 'B-B';
        session.setOptions({ level: next, timestamp: next !== 'B-B' });
      }}>
        {LEVELS.map((l) => (
          <option key={l} value={l} disabled={l !== 'B-B' && none}>
            {l}
          </option>
        ))}
      </select>
      <p id={ids.hint} className="hint">
        {t(`preferences.sign.levelHint.${level}`)}
      </p>
    </div>
  );
}
