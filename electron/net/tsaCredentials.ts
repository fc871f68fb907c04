/**
 * Whether a TSA's credentials may be sent where its URL points. HTTP Basic authentication (RFC 7617 §4) carries the
 * password in clear Base64: over plain `http://` anyone on the path reads it. Sigla sends credentials over plain http
 * only when every hop stays on this computer (the TSA, and the proxy if one is used, on a loopback address:
 * 127.0.0.0/8, ::1, `localhost` — RFC 6761 §6.3), or when the user allowed it for that service (`--tsa-allow-http`,
 * the account's «Consenti la password su http» in Impostazioni). Otherwise nothing is sent: TSA_INSECURE (exit 7),
 * decided before any connection is opened. The one rule for `sign`, `timestamp`, the app's signing and "Prova".
 */
import { isIP } from 'node:net';
import { SiglaError } from '../shared/errors.js';
import { proxyFor } from './proxy.js';

export interface CredentialsRoute {
  /** The TSA's URL. */
  readonly url: string;
  /** A user or a password will be sent (HTTP Basic). */
  readonly hasCredentials: boolean;
  /** The user allowed credentials over plain http for this service. */
  readonly allowPlainHttp: boolean;
  /** The environment the request is made with (its HTTP_PROXY/NO_PROXY decide the first hop). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * - `ok`: nothing secret, or protected by TLS, or never leaving this computer;
 * - `allowed-plain-http`: sent in clear to another computer because the user allowed it (callers may say so);
 * - `refused`: not sent.
 */
export type CredentialsDecision = 'ok' | 'allowed-plain-http' | 'refused';

/** A host name or address that names this computer: 127.0.0.0/8, ::1 (also IPv4-mapped), `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  // URL.hostname keeps IPv6 brackets and has already normalised IPv4 spellings (127.1, 0x7f000001 → 127.0.0.1).
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) {
    if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped?.[1]) return mapped[1].startsWith('127.');
    // The WHATWG parser writes IPv4-mapped addresses in hex: ::ffff:7f00:1.
    const hex = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(h);
    return hex?.[1] !== undefined && parseInt(hex[1], 16) >> 8 === 127;
  }
  return false;
}

export function credentialsDecision(r: CredentialsRoute): CredentialsDecision {
  if (!r.hasCredentials) return 'ok';
  let target: URL;
  try {
    target = new URL(r.url);
  } catch {
    // Not a URL: the request fails on its own before anything is sent.
    return 'ok';
  }
  if (target.protocol !== 'http:') return 'ok';
  const proxy = proxyFor(target, r.env ?? process.env);
  const local = isLoopbackHost(target.hostname) && (proxy === undefined || isLoopbackHost(proxy.hostname));
  if (local) return 'ok';
  return r.allowPlainHttp ? 'allowed-plain-http' : 'refused';
}

/** The URL as it may be shown in a message: no credentials, no query. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(URL)';
  }
}

/** Throws TSA_INSECURE when {@link credentialsDecision} refuses; returns the decision otherwise. */
export function assertCredentialsRoute(r: CredentialsRoute): Exclude<CredentialsDecision, 'refused'> {
  const d = credentialsDecision(r);
  if (d === 'refused') {
    throw new SiglaError('TSA_INSECURE', `TSA credentials not sent over plain http to ${shownUrl(r.url)}`, { params: { url: shownUrl(r.url) } });
  }
  return d;
}
