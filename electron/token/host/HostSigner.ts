/**
 * A RawSigner whose key lives in the token host: the engine's requests cross to the host, which signs on the token
 * with the session it logged in once for the batch. Requests made while the batch prepares several documents at once
 * are gathered and sent together (`signMany`, up to {@link GROUP_MAX} a message; several messages may be on their
 * way): the host signs them one C_SignInit/C_Sign each, in order, and answers them together. A key that needs its
 * PIN for every signature is not pipelined: each request goes alone, after the previous one was answered.
 */
import { RequestNotSigned, type KeyAlgorithm, type RawSigner, type SignRequest } from '../../core/signer/RawSigner.js';
import { SiglaError } from '../../shared/errors.js';
import { deserializeError, type OpenSignerParams, type OpenedSigner, type SignParams } from './protocol.js';
import type { TokenHostClient } from './TokenHostClient.js';

/**
 * Requests in one `signMany` message: few enough that the next group is prepared while the host signs this one (a
 * third of runSignBatch's PIPELINE_DEPTH), many enough that each message and each wake-up of either process
 * is shared by a dozen documents (16 took ~10% less CPU than 4 on a 1000-document SoftHSM2 batch).
 */
export const GROUP_MAX = 16;

interface Waiting {
  readonly request: SignParams;
  resolve(signature: Uint8Array): void;
  reject(e: unknown): void;
}

export class HostSigner implements RawSigner {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  readonly tokenLabel: string;
  readonly certificateName: string;
  readonly pipelined: boolean;
  private closed = false;
  /** Requests made in this turn of the event loop, sent together at its end. */
  private waiting: Waiting[] = [];
  private sendScheduled = false;

  private constructor(
    private readonly client: TokenHostClient,
    private readonly opened: OpenedSigner,
  ) {
    this.certificate = opened.certificate;
    this.chain = opened.chain;
    this.keyAlgorithm = opened.keyAlgorithm;
    this.tokenLabel = opened.tokenLabel;
    this.certificateName = opened.certificateName;
    this.pipelined = !opened.perSignaturePin;
  }

  /** Chooses the certificate, logs in (asking the PIN through the client's PinSource) and returns the signer. */
  static async open(client: TokenHostClient, params: OpenSignerParams): Promise<HostSigner> {
    return new HostSigner(client, await client.call('openSigner', params));
  }

  sign(request: SignRequest): Promise<Uint8Array> {
    const params: SignParams = { hash: request.hash, toBeSigned: request.toBeSigned, digest: request.digest };
    if (!this.pipelined) return this.client.call('sign', { signerId: this.opened.signerId, ...params });
    return new Promise((resolve, reject) => {
      this.waiting.push({ request: params, resolve, reject });
      if (this.sendScheduled) return;
      this.sendScheduled = true;
      // After the documents being prepared in this turn have all asked (they ask from the same turn's microtasks).
      setImmediate(() => this.sendWaiting());
    });
  }

  private sendWaiting(): void {
    this.sendScheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let i = 0; i < all.length; i += GROUP_MAX) void this.sendGroup(all.slice(i, i + GROUP_MAX));
  }

  /** One message for the group; each request settles with its own signature or error, in order. */
  private async sendGroup(group: readonly Waiting[]): Promise<void> {
    const signerId = this.opened.signerId;
    try {
      if (group.length === 1) {
        const only = group[0] as Waiting;
        only.resolve(await this.client.call('sign', { signerId, ...only.request }));
        return;
      }
      const answer = await this.client.call('signMany', { signerId, requests: group.map((w) => w.request) });
      group.forEach((w, i) => {
        const signature = answer.signatures[i];
        if (signature !== undefined) w.resolve(signature);
        else if (i === answer.signatures.length && answer.error) w.reject(deserializeError(answer.error));
        else if (answer.error) w.reject(new RequestNotSigned());
        else w.reject(new SiglaError('INTERNAL', 'the token host answered fewer signatures than asked', { params: { detail: 'signMany' } }));
      });
    } catch (e) {
      for (const w of group) w.reject(e);
    }
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
