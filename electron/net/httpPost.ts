/**
 * One HTTP(S) POST with a timeout, Basic authentication and proxy support (an absolute-URI request to an HTTP proxy
 * for http targets, a CONNECT tunnel for https ones). Used for RFC 3161 time-stamping; the response body is capped.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import * as tls from 'node:tls';
import { proxyFor } from './proxy.js';

export interface PostOptions {
  readonly url: string;
  /** POST by default; GET sends no body (CRL download). */
  readonly method?: 'POST' | 'GET';
  readonly contentType: string;
  readonly accept?: string;
  readonly body: Uint8Array;
  readonly user?: string;
  /** Never logged; only its Base64 with the user goes in the Authorization header. */
  readonly password?: string;
  readonly timeoutMs: number;
  readonly maxBytes?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Aborts the request in flight (HttpError `aborted`). */
  readonly signal?: AbortSignal;
}

export interface PostResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** The Location header of a redirect, when present (httpGet follows it). */
  readonly location?: string;
}

export class HttpError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'too-large' | 'bad-url' | 'aborted',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function tunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const port = target.port || '443';
    const req = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: `${target.hostname}:${port}`, timeout: timeoutMs, headers: proxyAuth(proxy) });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new HttpError('unreachable', `proxy CONNECT answered ${res.statusCode ?? '?'}`));
      } else resolve(socket);
    });
    req.once('timeout', () => req.destroy(new HttpError('timeout', 'proxy timeout')));
    req.once('error', (e) => reject(e instanceof HttpError ? e : new HttpError('unreachable', `proxy: ${e.message}`, { cause: e })));
    req.end();
  });
}

function proxyAuth(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const token = Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64');
  return { 'Proxy-Authorization': `Basic ${token}` };
}

export async function httpPost(o: PostOptions): Promise<PostResult> {
  let target: URL;
  try {
    target = new URL(o.url);
  } catch (e) {
    throw new HttpError('bad-url', `not a URL: ${o.url}`, { cause: e });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new HttpError('bad-url', `unsupported scheme ${target.protocol}`);
  const proxy = proxyFor(target, o.env);
  const method = o.method ?? 'POST';
  const headers: Record<string, string> = method === 'GET' ? { ...(o.accept ? { Accept: o.accept } : {}) } : { 'Content-Type': o.contentType, 'Content-Length': String(o.body.length), ...(o.accept ? { Accept: o.accept } : {}) };
  if (o.user !== undefined) headers['Authorization'] = `Basic ${Buffer.from(`${o.user}:${o.password ?? ''}`).toString('base64')}`;
  let request: http.ClientRequest;
  if (target.protocol === 'https:') {
    const socket = proxy ? await tunnel(proxy, target, o.timeoutMs) : undefined;
    request = https.request({
      host: target.hostname,
      port: target.port || 443,
      path: target.pathname + target.search,
      method,
      headers,
      timeout: o.timeoutMs,
      ...(socket ? { createConnection: () => tls.connect({ socket, servername: target.hostname }) } : {}),
    });
  } else if (proxy) {
    request = http.request({ host: proxy.hostname, port: proxy.port || 80, path: target.href, method, headers: { ...headers, ...proxyAuth(proxy), Host: target.host }, timeout: o.timeoutMs });
  } else {
    request = http.request({ host: target.hostname, port: target.port || 80, path: target.pathname + target.search, method, headers, timeout: o.timeoutMs });
  }
  const max = o.maxBytes ?? 1 << 20;
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      request.destroy(new HttpError('aborted', 'request aborted'));
    };
    if (o.signal?.aborted) abort();
    o.signal?.addEventListener('abort', abort, { once: true });
    request.once('close', () => o.signal?.removeEventListener('abort', abort));
    request.once('timeout', () => request.destroy(new HttpError('timeout', `no answer within ${o.timeoutMs} ms`)));
    request.once('error', (e) => reject(e instanceof HttpError ? e : new HttpError('unreachable', e.message, { cause: e })));
    request.once('response', (res) => {
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > max) request.destroy(new HttpError('too-large', `response larger than ${max} bytes`));
        else chunks.push(c);
      });
      const location = res.headers.location;
      res.once('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: new Uint8Array(Buffer.concat(chunks)), ...(location ? { location } : {}) }));
      res.once('error', (e) => reject(new HttpError('unreachable', e.message, { cause: e })));
    });
    if (method === 'GET') request.end();
    else request.end(Buffer.from(o.body));
  });
}
