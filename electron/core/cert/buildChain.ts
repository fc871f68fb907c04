/**
 * Orders the issuers of a certificate from a pool (token objects, a folder of CA certificates, the certificates of
 * the trusted lists' services): issuer first, up to a self-signed root or as far as the pool goes (RFC 5280 §6.1
 * path building, by name and signature).
 *
 * With the trusted lists the pool holds hundreds of CA certificates, and parsing each of them (OpenSSL) for every
 * signature cost more than the rest of a verification. So the candidates whose subject is byte for byte the issuer
 * name being looked for (RFC 5280 §7.1: what conforming CAs produce) are tried first, and the whole pool only when
 * none of them is the issuer (names encoded differently); parsed certificates are remembered per DER array.
 */
import { parseCertificate } from './parseCertificate.js';
import { certificateFields, sameBytes } from './CertificateFields.js';
import type { X509Certificate } from 'node:crypto';

/** Parsed certificates (undefined: unreadable) per DER array: the lists' anchors are the same arrays every time. */
const parsed = new WeakMap<Uint8Array, X509Certificate | undefined>();
const subjects = new WeakMap<Uint8Array, Uint8Array | undefined>();

function safeParse(der: Uint8Array): X509Certificate | undefined {
  if (parsed.has(der)) return parsed.get(der);
  let x: X509Certificate | undefined;
  try {
    x = parseCertificate(der);
  } catch {
    x = undefined;
  }
  parsed.set(der, x);
  return x;
}

function subjectOf(der: Uint8Array): Uint8Array | undefined {
  if (subjects.has(der)) return subjects.get(der);
  let s: Uint8Array | undefined;
  try {
    s = certificateFields(der).subject;
  } catch {
    s = undefined;
  }
  subjects.set(der, s);
  return s;
}

function issuerNameOf(der: Uint8Array): Uint8Array | undefined {
  try {
    return certificateFields(der).issuer;
  } catch {
    return undefined;
  }
}

export function buildChain(leaf: Uint8Array, pool: readonly Uint8Array[]): Uint8Array[] {
  const chain: Uint8Array[] = [];
  let current = parseCertificate(leaf);
  let currentDer = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (current.checkIssued(current) && current.verify(current.publicKey)) break; // self-signed root
    const cur = current;
    const isIssuer = (der: Uint8Array): boolean => {
      if (chain.includes(der)) return false;
      const x = safeParse(der);
      return x !== undefined && cur.checkIssued(x) && cur.verify(x.publicKey);
    };
    const name = issuerNameOf(currentDer);
    const sameName = name === undefined ? [] : pool.filter((der) => {
      const s = subjectOf(der);
      return s !== undefined && sameBytes(s, name);
    });
    const issuer = sameName.find(isIssuer) ?? pool.find((der) => !sameName.includes(der) && isIssuer(der));
    const x = issuer === undefined ? undefined : safeParse(issuer);
    if (issuer === undefined || x === undefined) break;
    chain.push(issuer);
    current = x;
    currentDer = issuer;
  }
  return chain;
}
