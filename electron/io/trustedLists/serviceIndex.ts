/**
 * The derived index of a validated TL's services (`services-IT.json`): what verification needs (TS 119 612 §5.5,
 * §5.6: type, name, digital identity, status history with its extensions) with the TSP and country, certificates in
 * Base64. Written when a TL is accepted, read by every `verify`; a damaged file gives no services (the list is then
 * missing, and verification says so), never an exception.
 */
import { readFileSync } from 'node:fs';
import type { ListedService, TrustedList, TrustService } from '../../core/tsl/TrustedList.js';
import { writeFileAtomicSync } from '../writeFileAtomicSync.js';
import { servicesPath } from './cacheFiles.js';

interface StoredService {
  readonly country: string;
  readonly tsp: string;
  readonly service: Omit<TrustService, 'certificates'> & { readonly certificates: readonly string[] };
}

export function servicesOf(list: TrustedList): ListedService[] {
  return list.providers.flatMap((p) => p.services.map((service) => ({ country: list.territory, tsp: p.name, service })));
}

export function writeServices(territory: string, services: readonly ListedService[], env?: NodeJS.ProcessEnv): void {
  const stored: StoredService[] = services.map((s) => ({ country: s.country, tsp: s.tsp, service: { ...s.service, certificates: s.service.certificates.map((c) => Buffer.from(c).toString('base64')) } }));
  writeFileAtomicSync(servicesPath(territory, env), JSON.stringify(stored));
}

export function readServices(territory: string, env?: NodeJS.ProcessEnv): ListedService[] {
  try {
    const stored = JSON.parse(readFileSync(servicesPath(territory, env), 'utf8')) as StoredService[];
    if (!Array.isArray(stored)) return [];
    return stored.map((s) => ({ country: s.country, tsp: s.tsp, service: { ...s.service, certificates: s.service.certificates.map((c) => new Uint8Array(Buffer.from(c, 'base64'))) } }));
  } catch {
    return [];
  }
}
