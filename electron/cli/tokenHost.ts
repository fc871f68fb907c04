/** The CLI's token host: one per command, started on first need, closed when the command ends. */
import { TokenHostClient } from '../token/host/TokenHostClient.js';
import type { PinSource } from '../token/PinSource.js';

export async function withTokenHost<T>(pins: PinSource | null, work: (host: TokenHostClient) => Promise<T>): Promise<T> {
  const host = TokenHostClient.start(pins);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}
