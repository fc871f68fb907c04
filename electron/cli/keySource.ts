/**
 * Opens the key for a signing batch: a PKCS#11 token (default) or a PKCS#12 file (`--p12`). Either way the
 * engine gets a RawSigner and the caller one `close()` that logs out and zeroes what was kept.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawSigner } from '../core/signer/RawSigner.js';
import { SiglaError } from '../shared/errors.js';
import { Pkcs12Signer } from '../softkey/Pkcs12Signer.js';
import { HostSigner } from '../token/host/HostSigner.js';
import { rememberCertificates } from '../io/certificateMemory.js';
import { TokenHostClient } from '../token/host/TokenHostClient.js';
import type { CliPinSource } from './pinInput.js';

export interface KeySourceOptions {
  readonly module?: string;
  readonly token?: string;
  readonly certId?: string;
  readonly p12?: string;
  readonly caDir?: string;
  readonly allowFinalTry: boolean;
  readonly pins: CliPinSource;
}

export interface OpenKey {
  readonly signer: RawSigner;
  /** For messages: who signs, on what. */
  readonly description: string;
  /** Logs out, closes the token host, zeroes what was kept. */
  close(): Promise<void>;
}

/** CA certificates (DER or PEM, one or more per file) from a folder, to complete chains. */
export function loadCaFolder(dir: string | undefined): Uint8Array[] {
  if (!dir) return [];
  const out: Uint8Array[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new SiglaError('INPUT_UNREADABLE', `cannot read ${dir}`, { params: { file: dir }, cause: e });
  }
  for (const n of names) {
    if (!/\.(pem|crt|cer|der)$/i.test(n)) continue;
    const bytes = readFileSync(join(dir, n));
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN CERTIFICATE-----')) {
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)) {
        out.push(new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
      }
    } else if (bytes[0] === 0x30) out.push(new Uint8Array(bytes));
  }
  return out;
}

export async function openKey(o: KeySourceOptions): Promise<OpenKey> {
  const extra = loadCaFolder(o.caDir ?? process.env['SIGLA_CA_DIR']);
  if (o.p12) {
    const password = await o.pins.pin({ tokenLabel: o.p12, state: 'ok', kind: 'user' });
    const signer = Pkcs12Signer.open(o.p12, password, extra);
    rememberCertificates([signer.certificate]);
    return { signer, description: o.p12, close: async () => o.pins.dispose() };
  }
  // PKCS#11 runs in the token host process; the engine gets a RawSigner that forwards to it.
  const host = TokenHostClient.start(o.pins);
  try {
    const signer = await HostSigner.open(host, {
      ...(o.module !== undefined ? { module: o.module } : {}),
      ...(o.token !== undefined ? { token: o.token } : {}),
      ...(o.certId !== undefined ? { certId: o.certId } : {}),
      allowFinalTry: o.allowFinalTry,
      extraCertificates: extra,
    });
    rememberCertificates([signer.certificate]);
    return {
      signer,
      description: `${signer.certificateName} (${signer.tokenLabel})`,
      close: async () => {
        await signer.close();
        await host.close();
        o.pins.dispose();
      },
    };
  } catch (e) {
    await host.close();
    throw e;
  }
}
