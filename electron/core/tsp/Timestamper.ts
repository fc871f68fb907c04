import type { SigningHash } from '../crypto/HashAlgorithm.js';
import type { CheckedTimeStamp } from './TimeStampResp.js';

/**
 * The seam between the engine and a time-stamping authority: given a digest, returns a checked time-stamp
 * (RFC 3161). The network lives outside electron/core (electron/net/TsaClient.ts); tests can pass their own.
 */
export type Timestamper = (hash: SigningHash, digest: Uint8Array) => Promise<CheckedTimeStamp>;
