/**
 * The trust anchors a set of trusted-list services gives (ETSI TS 119 615 §4.2: a certificate of a service's
 * digital identity is a trust anchor for what it issues), beside the user's own, without duplicates. Memoised per
 * services array (a `verify` of many files reuses it).
 */
import type { ListedService } from '../tsl/TrustedList.js';

const memo = new WeakMap<readonly ListedService[], readonly Uint8Array[]>();

function serviceCertificates(services: readonly ListedService[]): readonly Uint8Array[] {
  const hit = memo.get(services);
  if (hit) return hit;
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const s of services) {
    for (const c of s.service.certificates) {
      const k = Buffer.from(c).toString('base64');
      if (!seen.has(k) && seen.add(k)) out.push(c);
    }
  }
  memo.set(services, out);
  return out;
}

export function withListAnchors(anchors: readonly Uint8Array[], services: readonly ListedService[]): readonly Uint8Array[] {
  const listed = serviceCertificates(services);
  if (listed.length === 0) return anchors;
  const own = new Set(anchors.map((a) => Buffer.from(a).toString('base64')));
  return [...anchors, ...listed.filter((c) => !own.has(Buffer.from(c).toString('base64')))];
}
