/**
 * certs:export: a certificate of an inserted token saved where the user says (main's save dialog; the harness
 * writes into its documents folder), as DER (.cer, what Windows and most offices expect) or PEM. The renderer names
 * the certificate by token, id and fingerprint; it never sees or chooses a path.
 */
import { basename } from 'node:path';
import { writeAtomically } from '../io/AtomicFile.js';
import { toPem } from '../io/TrustStore.js';
import { SiglaError } from '../shared/errors.js';
import type { TokenHostClient } from '../token/host/TokenHostClient.js';

/** `document`: a signed document saved from Verifica (any type: the dialog offers its extension). */
export type SaveDialog = (suggestedName: string, kind: 'certificate-der' | 'certificate-pem' | 'document') => Promise<string | undefined>;

export interface ExportRequest {
  readonly token: string;
  readonly id: string;
  readonly fingerprintSha256: string;
  readonly format: 'der' | 'pem';
}

/** A file name from a certificate's display name: letters, digits, spaces, dots and dashes only. */
export function certificateFileName(name: string, format: 'der' | 'pem'): string {
  const stem = name.normalize('NFKD').replace(/[^\w .-]+/g, '').replace(/\s+/g, ' ').trim().slice(0, 80) || 'certificato';
  return `${stem}.${format === 'der' ? 'cer' : 'pem'}`;
}

export async function exportCertificate(host: TokenHostClient, save: SaveDialog | undefined, req: ExportRequest): Promise<{ saved: boolean; name?: string }> {
  if (!save) throw new SiglaError('INTERNAL', 'no save dialog', { params: { detail: 'saving unavailable' } });
  const rows = await host.call('certs', { token: req.token });
  const row = rows.find((r) => r.fingerprintSha256 === req.fingerprintSha256 && r.id === req.id);
  if (!row) throw new SiglaError('CERT_NOT_FOUND', 'certificate not on the token', { params: { candidates: rows.map((r) => r.name).join(', ') } });
  const path = await save(certificateFileName(row.name, req.format), req.format === 'der' ? 'certificate-der' : 'certificate-pem');
  if (path === undefined) return { saved: false };
  const der = new Uint8Array(Buffer.from(row.der, 'base64'));
  // The dialog may let the user switch type: the extension chosen decides.
  const pem = /\.pem$/i.test(path) || (req.format === 'pem' && !/\.(cer|der|crt)$/i.test(path));
  const bytes = pem ? new Uint8Array(Buffer.from(toPem(der), 'ascii')) : der;
  // The save dialog already asked before replacing an existing file.
  await writeAtomically(path, { force: true, inputs: [] }, (sink) => sink.write(bytes));
  return { saved: true, name: basename(path) };
}
