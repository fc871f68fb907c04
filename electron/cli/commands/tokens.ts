/**
 * `sigla tokens`, `sigla certs`: the tokens present and their certificates, readable without a PIN. Every PKCS#11 call
 * is the token host's; this side loads no profile, settings schema or signing engine.
 */
import { describeError, PIN_STATE_TEXT } from '../../shared/i18n/messages.js';
import type { Lang } from '../../shared/i18n/locale.js';
import { deserializeError } from '../../token/host/protocol.js';
import { withTokenHost } from '../tokenHost.js';
import { rememberCertificates } from '../../io/certificateMemory.js';
import { cliText } from '../../shared/i18n/cliText.js';
import { formatDate } from '../../shared/i18n/dates.js';

export async function runTokens(json: boolean, lang: Lang, module?: string): Promise<number> {
  const { tokens, failures } = await withTokenHost(null, (h) => h.call('tokens', module !== undefined ? { module } : {}));
  for (const f of failures) process.stderr.write(`sigla: ${f.path}: ${describeError(deserializeError(f.error), lang)}\n`);
  if (json) {
    process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
    return 0;
  }
  if (tokens.length === 0) process.stdout.write(`${cliText('noTokens', lang)}\n`);
  const st = PIN_STATE_TEXT[lang];
  for (const t of tokens) {
    process.stdout.write(
      `${t.label}  ${t.manufacturer} ${t.model} s/n ${t.serial}\n` +
        `  PIN: ${st[t.userPin] ?? t.userPin}   PUK/SO: ${st[t.soPin] ?? t.soPin}${t.pinpad ? `   ${cliText('tokenPinpad', lang)}` : ''}\n` +
        `  ${t.module}\n`,
    );
  }
  return 0;
}

export async function runCerts(json: boolean, lang: Lang, module?: string, label?: string): Promise<number> {
  const { rows, tokens } = await withTokenHost(null, async (h) => {
    const rows = await h.call('certs', { ...(module !== undefined ? { module } : {}), ...(label !== undefined ? { token: label } : {}) });
    // Nothing listed: is there no token at all, or a token without certificates? Said in a sentence either way.
    const tokens = rows.length === 0 ? (await h.call('tokens', module !== undefined ? { module } : {})).tokens.length : 0;
    return { rows, tokens };
  });
  rememberCertificates(rows.map((r) => new Uint8Array(Buffer.from(r.der, 'base64'))));
  if (json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) process.stdout.write(`${cliText(tokens === 0 ? 'noTokens' : 'noCertificates', lang)}\n`);
  for (const r of rows) {
    const use = cliText(r.isCA ? 'useCa' : r.nonRepudiation ? 'useSignature' : 'useAuthentication', lang) + (r.qualified ? `, ${cliText('qualified', lang)}` : '');
    const days = cliText(r.daysLeft < 0 ? 'daysAgo' : 'daysLeft', lang, { n: Math.abs(r.daysLeft) });
    process.stdout.write(`${cliText('certificate', lang, { token: r.token, id: r.id || '-', name: r.name, use, expiry: formatDate(r.notAfter, lang), days })}\n`);
  }
  return 0;
}
