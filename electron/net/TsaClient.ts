/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): POST a TimeStampReq as `application/timestamp-query`, read the
 * `application/timestamp-reply`, and check it (status, imprint, nonce, TSA certificate, signature). Every failure —
 * unreachable, timeout, refused credentials, a refusal or a response that does not check — is TSA_UNAVAILABLE
 * (exit 7), raised before any output is written. Credentials are never sent over plain http to another computer
 * without the user's consent (tsaCredentials.ts: TSA_INSECURE, exit 7, before any connection).
 */
import { checkTimeStampResponse, type CheckedTimeStamp } from '../core/tsp/TimeStampResp.js';
import { timeStampRequest } from '../core/tsp/TimeStampReq.js';
import type { Timestamper } from '../core/tsp/Timestamper.js';
import type { SigningHash } from '../core/crypto/HashAlgorithm.js';
import { SiglaError } from '../shared/errors.js';
import { HttpError, httpPost } from './httpPost.js';
import { assertCredentialsRoute } from './tsaCredentials.js';

export interface TsaAccount {
  readonly url: string;
  readonly user?: string;
  /** From SIGLA_TSA_PASSWORD or the OS keychain (the app's safeStorage), never from argv. */
  readonly password?: string;
  readonly policy?: string;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** The user allowed sending the credentials over plain http to a host that is not this computer. */
  readonly allowPlainHttp?: boolean;
}

/**
 * Checks that the account's credentials may travel to its URL (tsaCredentials.ts); throws TSA_INSECURE otherwise.
 * Called by every request, and by callers that want the refusal before a PIN is asked.
 */
export function checkTsaAccount(account: TsaAccount): 'ok' | 'allowed-plain-http' {
  return assertCredentialsRoute({
    url: account.url,
    hasCredentials: account.user !== undefined || account.password !== undefined,
    allowPlainHttp: account.allowPlainHttp === true,
    ...(account.env ? { env: account.env } : {}),
  });
}

const fail = (detail: string, cause?: unknown): SiglaError =>
  new SiglaError('TSA_UNAVAILABLE', `TSA: ${detail}`, { params: { detail }, ...(cause !== undefined ? { cause } : {}) });

/** The URL as it may be shown: credentials written into it (`https://user:pass@host`) never reach a message. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return '(URL)';
  }
}

export async function requestTimeStamp(account: TsaAccount, hash: SigningHash, digest: Uint8Array): Promise<CheckedTimeStamp> {
  checkTsaAccount(account);
  const req = timeStampRequest(hash, digest, account.policy);
  let res;
  try {
    res = await httpPost({
      url: account.url,
      contentType: 'application/timestamp-query',
      accept: 'application/timestamp-reply',
      body: req.der,
      timeoutMs: account.timeoutMs ?? 30_000,
      ...(account.user !== undefined ? { user: account.user } : {}),
      ...(account.password !== undefined ? { password: account.password } : {}),
      ...(account.env ? { env: account.env } : {}),
    });
  } catch (e) {
    const kind = e instanceof HttpError ? e.kind : 'unreachable';
    // English words for logs; shared/i18n/messages.ts says them in Italian (TSA_DETAIL_IT).
    const what = { unreachable: 'unreachable', timeout: 'no answer in time', 'too-large': 'response too large', 'bad-url': 'invalid address', aborted: 'interrupted' }[kind];
    throw fail(`${what}: ${shownUrl(account.url)}`, e);
  }
  if (res.status === 401 || res.status === 403) throw fail(`credentials refused (HTTP ${res.status})`);
  if (res.status !== 200) throw fail(`HTTP ${res.status}`);
  return checkTimeStampResponse(res.body, req);
}

/** A Timestamper for the account; a refused credentials route fails here, before anything else happens. */
export function tsaTimestamper(account: TsaAccount): Timestamper {
  checkTsaAccount(account);
  return (hash, digest) => requestTimeStamp(account, hash, digest);
}
