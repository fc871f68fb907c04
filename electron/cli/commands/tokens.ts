/**
 * `sigla tokens`, `sigla certs`: the tokens present and their certificates, readable without a PIN. Every PKCS#11 call
 * is the token host's; this side loads no profile, settings schema or signing engine.
 */
import { describeError, PIN_STATE_TEXT } from '../../shared/i18n/messages.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { deserializeError } from '../../token/host/protocol.js';
import { withTokenHost } from '../tokenHost.js';
import { rememberCertificates } from '../../io/certificateMemory.js';

export async function runTokens(json: boolean, lang: Lang, module?: string): Promise<number> {
  const { tokens, failures } = await withTokenHost(null, (h) => h.call('tokens', module !== undefined ? { module } : {}));
  for (const f of failures) process.stderr.write(`sigla: ${f.path}: ${describeError(deserializeError(f.error), lang)}\n`);
  if (json) {
    process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
    return 0;
  }
  if (tokens.length === 0) process.stdout.write(lang === 'it' ? 'Nessun dispositivo presente.\n' : 'No token present.\n');
  const st = PIN_STATE_TEXT[lang];
  for (const t of tokens) {
    process.stdout.write(
      `${t.label}  ${t.manufacturer} ${t.model} s/n ${t.serial}\n` +
        `  PIN: ${st[t.userPin] ?? t.userPin}   PUK/SO: ${st[t.soPin] ?? t.soPin}${t.pinpad ? (lang === 'it' ? '   PIN sul lettore (pinpad)' : '   PIN on the reader (pinpad)') : ''}\n` +
        `  ${t.module}\n`,
    );
  }
  return 0;
}

export async function runCerts(json: boolean, lang: Lang, module?: string, label?: string): Promise<number> {
  const rows = await withTokenHost(null, (h) =>
    h.call('certs', { ...(module !== undefined ? { module } : {}), ...(label !== undefined ? { token: label } : {}) }),
  );
  rememberCertificates(rows.map((r) => new Uint8Array(Buffer.from(r.der, 'base64'))));
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  for (const r of rows) {
    const use = r.isCA ? 'CA' : r.nonRepudiation ? (lang === 'it' ? 'firma' : 'signature') : lang === 'it' ? 'autenticazione' : 'authentication';
    const q = r.qualified ? (lang === 'it' ? ', qualificato' : ', qualified') : '';
    process.stdout.write(`[${r.token}] id=${r.id || '-'} ${r.name} (${use}${q}) ${lang === 'it' ? 'scade' : 'expires'} ${r.notAfter.slice(0, 10)} (${r.daysLeft} ${lang === 'it' ? 'giorni' : 'days'})\n`);
  }
  return 0;
}
