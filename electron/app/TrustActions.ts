/**
 * Certificati di fiducia behind the contract: trust:list, trust:import (a file the user picked through main, by its
 * opaque document id), trust:remove. The store itself is io/TrustStore.ts.
 */
import { basename } from 'node:path';
import { importTrustAnchors, listTrustAnchors, removeTrustAnchor, type TrustAnchor } from '../io/TrustStore.js';
import { SiglaError } from '../shared/errors.js';
import type { DocumentRegistry } from './DocumentRegistry.js';

export class TrustActions {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly documents: DocumentRegistry,
  ) {}

  list(): TrustAnchor[] {
    return listTrustAnchors(this.env);
  }

  import(document: string): { imported: TrustAnchor[]; anchors: TrustAnchor[] } {
    const path = this.documents.path(document);
    const imported = importTrustAnchors(path, basename(path), this.env);
    return { imported, anchors: this.list() };
  }

  remove(id: string): TrustAnchor[] {
    if (!removeTrustAnchor(id, this.env)) throw new SiglaError('CERT_NOT_FOUND', `no trust anchor ${id}`, { params: { candidates: '' } });
    return this.list();
  }
}
