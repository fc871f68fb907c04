/**
 * Opaque ids for the files the user chose (or Sigla wrote): the renderer gets `{id, name, size, kind}` and never a
 * path; main resolves ids it handed out and nothing else.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { usageError } from '../shared/i18n/usage.js';

export interface DocumentRef {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly kind: 'pdf' | 'signed' | 'other';
}

export function kindOf(name: string): DocumentRef['kind'] {
  const n = name.toLowerCase();
  if (n.endsWith('.pdf')) return 'pdf';
  return /\.(p7m|p7s|m7m|tsd|tsr)$/.test(n) ? 'signed' : 'other';
}

export class DocumentRegistry {
  private readonly byId = new Map<string, string>();

  private readonly byPath = new Map<string, string>();

  /** Ids of files Sigla itself wrote in this session (signed outputs, extracted documents, reports). */
  private readonly written = new Set<string>();

  /** The same file (picked twice, dropped after being picked) keeps one id, so lists never show it twice. */
  register(path: string): DocumentRef {
    const id = this.byPath.get(path) ?? randomBytes(12).toString('base64url');
    this.byId.set(id, path);
    this.byPath.set(path, id);
    const name = basename(path);
    return { id, name, size: statSync(path).size, kind: kindOf(name) };
  }

  /** A file Sigla has just written: registered, and marked as one main may open with the system (`isOutput`). */
  registerOutput(path: string): DocumentRef {
    const ref = this.register(path);
    this.written.add(ref.id);
    return ref;
  }

  /** Whether `id` is a file Sigla wrote in this session (and not one the user chose). */
  isOutput(id: string): boolean {
    return this.written.has(id);
  }

  /** What the renderer was told about a document, read again now (size may have changed). */
  describe(id: string): DocumentRef {
    const path = this.path(id);
    const name = basename(path);
    return { id, name, size: statSync(path).size, kind: kindOf(name) };
  }

  path(id: string): string {
    const p = this.byId.get(id);
    if (!p) throw usageError('unknownDocument');
    return p;
  }
}
