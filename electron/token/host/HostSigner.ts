/**
 * A RawSigner whose key lives in the token host: the engine's requests cross to the host, which signs on the token
 * with the session it logged in once for the batch.
 */
import type { KeyAlgorithm, RawSigner, SignRequest } from '../../core/signer/RawSigner.js';
import type { OpenSignerParams, OpenedSigner } from './protocol.js';
import type { TokenHostClient } from './TokenHostClient.js';

export class HostSigner implements RawSigner {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  readonly tokenLabel: string;
  readonly certificateName: string;
  private closed = false;

  private constructor(
    private readonly client: TokenHostClient,
    private readonly opened: OpenedSigner,
  ) {
    this.certificate = opened.certificate;
    this.chain = opened.chain;
    this.keyAlgorithm = opened.keyAlgorithm;
    this.tokenLabel = opened.tokenLabel;
    this.certificateName = opened.certificateName;
  }

  /** Chooses the certificate, logs in (asking the PIN through the client's PinSource) and returns the signer. */
  static async open(client: TokenHostClient, params: OpenSignerParams): Promise<HostSigner> {
    return new HostSigner(client, await client.call('openSigner', params));
  }

  sign(request: SignRequest): Promise<Uint8Array> {
    return this.client.call('sign', { signerId: this.opened.signerId, hash: request.hash, toBeSigned: request.toBeSigned, digest: request.digest });
  }

  /** Logs out and closes the session in the host. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.call('closeSigner', { signerId: this.opened.signerId });
    } catch {
      // the host is gone: so is the session
    }
  }
}
