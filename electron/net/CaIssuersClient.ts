/**
 * Downloads a certificate's issuer from its AIA caIssuers URLs (RFC 5280 §4.2.2.1), when a signature's file does
 * not carry the intermediate certificates and the trust store has only the roots: the common case for Italian
 * .p7m files, whose signers embed their own certificate only. HTTP GET with the same timeouts and proxies as
 * revocation; at most 1 MiB per answer. Failures give no certificate (the chain then stays incomplete).
 */
import { authorityInfoAccess } from '../core/cert/AuthorityInfoAccess.js';
import { issuerCertificates } from '../core/cms/issuerCertificates.js';
import { httpPost } from './httpPost.js';

export function issuerFetcher(env: NodeJS.ProcessEnv = process.env, timeoutMs = 15_000): (cert: Uint8Array) => Promise<Uint8Array[]> {
  return async (cert) => {
    for (const url of authorityInfoAccess(cert).caIssuers) {
      try {
        const r = await httpPost({ url, method: 'GET', contentType: '', body: new Uint8Array(0), timeoutMs, maxBytes: 1 << 20, env });
        if (r.status !== 200) continue;
        const found = issuerCertificates(r.body);
        if (found.length > 0) return found;
      } catch {
        // try the next URL
      }
    }
    return [];
  };
}
