/**
 * Opens the key for a signing batch: a PKCS#11 token (default) or a PKCS#12 file (`--p12`). Either way the
 * engine gets a RawSigner and the caller one `close()` that logs out and zeroes what was kept. Each kind's modules
 * are loaded only when used (a PKCS#12 signature starts no token host code, a token one loads no PKCS#12 parser).
 */
import type { RawSigner } from '../core/signer/RawSigner.js';
import { certificatesInFolder } from '../io/certificateFiles.js';
import { rememberCertificates } from '../io/certificateMemory.js';
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
  return dir ? certificatesInFolder(dir) : [];
}

export async function openKey(o: KeySourceOptions): Promise<OpenKey> {
  const extra = loadCaFolder(o.caDir ?? process.env['SIGLA_CA_DIR']);
  if (o.p12) {
    const { Pkcs12Signer } = await import('../softkey/Pkcs12Signer.js');
    const password = await o.pins.password(o.p12);
    const signer = Pkcs12Signer.open(o.p12, password, extra);
    rememberCertificates([signer.certificate]);
    return { signer, description: o.p12, close: async () => o.pins.dispose() };
  }
  // PKCS#11 runs in the token host process; the engine gets a RawSigner that forwards to it.
  const [{ TokenHostClient }, { HostSigner }] = await Promise.all([import('../token/host/TokenHostClient.js'), import('../token/host/HostSigner.js')]);
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
