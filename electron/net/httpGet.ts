/**
 * One HTTP(S) GET of a trusted list (ETSI TS 119 612 §6.1: lists are published at an http(s) URI): through the
 * proxy the environment names (proxy.ts, as httpPost does), bounded in time and size, following at most a few
 * redirects (RFC 9110 §15.4: 301, 302, 303, 307, 308 with a Location). Every failure is a coded TL_DOWNLOAD with
 * the URL and a reason word (`timeout`, `unreachable`, `too-large`, `bad-url`, `too-many-redirects`, `http`,
 * `aborted`), never a raw exception text.
 */
import { SiglaError } from '../shared/errors.js';
import { HttpError, httpPost } from './httpPost.js';

export interface GetOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Per request (each redirect gets its own). Default 60 s. */
  readonly timeoutMs?: number;
  /** Default 32 MiB: the largest national lists are a few MiB. */
  readonly maxBytes?: number;
  /** Default 3. */
  readonly maxRedirects?: number;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export interface GetResult {
  /** The URL that answered (after redirects). */
  readonly url: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function downloadError(url: string, reason: string, cause?: unknown, status?: number): SiglaError {
  return new SiglaError('TL_DOWNLOAD', `cannot download ${url}: ${reason}${status ? ` ${status}` : ''}`, { params: { url, reason, ...(status ? { status } : {}) }, ...(cause !== undefined ? { cause } : {}) });
}

export async function httpGet(url: string, o: GetOptions = {}): Promise<GetResult> {
  const maxRedirects = o.maxRedirects ?? 3;
  let current = url;
  for (let hop = 0; ; hop++) {
    if (o.signal?.aborted) throw downloadError(current, 'aborted');
    let r;
    try {
      r = await httpPost({
        url: current,
        method: 'GET',
        contentType: '',
        accept: o.accept ?? 'application/vnd.etsi.tsl+xml, application/xml, text/xml;q=0.9, */*;q=0.5',
        body: new Uint8Array(0),
        timeoutMs: o.timeoutMs ?? 60_000,
        maxBytes: o.maxBytes ?? 32 << 20,
        ...(o.env ? { env: o.env } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    } catch (e) {
      throw downloadError(current, e instanceof HttpError ? e.kind : 'unreachable', e);
    }
    if (REDIRECTS.has(r.status)) {
      const location = r.location;
      if (!location) throw downloadError(current, 'http', undefined, r.status);
      if (hop >= maxRedirects) throw downloadError(url, 'too-many-redirects');
      let next: URL;
      try {
        next = new URL(location, current);
      } catch (e) {
        throw downloadError(current, 'bad-url', e);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw downloadError(next.href, 'bad-url');
      current = next.href;
      continue;
    }
    if (r.status !== 200) throw downloadError(current, 'http', undefined, r.status);
    return { url: current, contentType: r.contentType, body: r.body };
  }
}
