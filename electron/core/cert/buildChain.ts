/**
 * Orders the issuers of a certificate from a pool (token objects, a folder of CA certificates): issuer first, up
 * to a self-signed root or as far as the pool goes (RFC 5280 §6.1 path building, by name and signature).
 */
import { parseCertificate } from './parseCertificate.js';
import { X509Certificate } from 'node:crypto';

export function buildChain(leaf: Uint8Array, pool: readonly Uint8Array[]): Uint8Array[] {
  const candidates = pool.map((der) => ({ der, x: safeParse(der) })).filter((c) => c.x !== undefined);
  const chain: Uint8Array[] = [];
  let current = parseCertificate(leaf);
  for (let depth = 0; depth < 10; depth++) {
    if (current.checkIssued(current) && current.verify(current.publicKey)) break; // self-signed root
    const cur = current;
    const issuer = candidates.find((c) => c.x && !chain.includes(c.der) && cur.checkIssued(c.x) && cur.verify(c.x.publicKey));
    if (!issuer?.x) break;
    chain.push(issuer.der);
    current = issuer.x;
  }
  return chain;
}

function safeParse(der: Uint8Array): X509Certificate | undefined {
  try {
    return parseCertificate(der);
  } catch {
    return undefined;
  }
}
