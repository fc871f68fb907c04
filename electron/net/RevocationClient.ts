/**
 * Revocation status over the network: OCSP at the certificate's AIA responder (RFC 6960 §A.1, HTTP POST), then
 * the CRLs of its distribution points (RFC 5280 §4.2.1.13, HTTP GET). Timeouts and proxies as for time-stamps.
 * The status carries the response or CRL it was judged from (`evidence`), which long-term signatures embed.
 */
import { checkCrl } from '../core/revocation/Crl.js';
import { checkOcspResponse, ocspRequest, type RevocationStatus } from '../core/revocation/Ocsp.js';
import { revocationSources } from '../core/revocation/RevocationSources.js';
import { SiglaError } from '../shared/errors.js';
import { HttpError, httpPost } from './httpPost.js';

/**
 * Why one source gave no answer, in words of ours: the HTTP failure kind (unreachable, timeout…), the HTTP status,
 * or the code of the coded error (a response that cannot be read is INPUT_FORMAT) — never a library's raw text.
 */
function reasonOf(e: unknown): string {
  if (e instanceof HttpError) return e.kind;
  if (e instanceof SiglaError) return e.code;
  if (e instanceof Error && /^HTTP \d{3}$/.test(e.message)) return e.message;
  return 'error';
}

export function revocationChecker(env: NodeJS.ProcessEnv = process.env, timeoutMs = 15_000): (cert: Uint8Array, issuer: Uint8Array) => Promise<RevocationStatus | undefined> {
  return async (cert, issuer) => {
    const { ocsp, crl } = revocationSources(cert);
    if (ocsp.length === 0 && crl.length === 0) return undefined;
    const errors: string[] = [];
    for (const url of ocsp) {
      try {
        const r = await httpPost({ url, contentType: 'application/ocsp-request', accept: 'application/ocsp-response', body: ocspRequest(cert, issuer), timeoutMs, env });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        return { ...checkOcspResponse(r.body, cert, issuer, `OCSP ${url}`), evidence: { kind: 'ocsp', der: r.body } };
      } catch (e) {
        errors.push(`OCSP ${url}: ${reasonOf(e)}`);
      }
    }
    for (const url of crl) {
      try {
        const r = await httpPost({ url, method: 'GET', contentType: '', body: new Uint8Array(0), timeoutMs, maxBytes: 64 << 20, env });
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        let der = r.body;
        const text = Buffer.from(der.subarray(0, 20)).toString('latin1');
        if (text.startsWith('-----BEGIN')) der = new Uint8Array(Buffer.from(Buffer.from(der).toString('latin1').replace(/-----[^-]+-----|\s+/g, ''), 'base64'));
        return { ...checkCrl(der, cert, issuer, `CRL ${url}`), evidence: { kind: 'crl', der } };
      } catch (e) {
        errors.push(`CRL ${url}: ${reasonOf(e)}`);
      }
    }
    throw new Error(errors.join('; '));
  };
}
