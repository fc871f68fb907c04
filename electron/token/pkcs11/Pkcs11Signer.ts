/**
 * A RawSigner backed by a private key on a PKCS#11 token (PKCS#11 v2.40 §5.12 C_SignInit/C_Sign).
 * RSA: CKM_SHAnnn_RSA_PKCS over the signed attributes when the token offers it (it hashes on the device), else
 * CKM_RSA_PKCS over DigestInfo(hash) (RFC 8017 §9.2). EC: CKM_ECDSA over the hash, the raw r‖s turned into the DER
 * Ecdsa-Sig-Value CMS needs (RFC 5753 §7.2). Keys with CKA_ALWAYS_AUTHENTICATE get a context-specific login after
 * each C_SignInit (§5.5 C_Login with CKU_CONTEXT_SPECIFIC).
 */
import { X509Certificate } from 'node:crypto';
import * as pkcs11 from 'pkcs11js';
import { concat, integerFromBytes, sequence } from '../../core/asn1/Der.js';
import { HASHES, type SigningHash } from '../../core/crypto/HashAlgorithm.js';
import type { KeyAlgorithm, RawSigner, SignRequest } from '../../core/signer/RawSigner.js';
import { SiglaError } from '../../shared/errors.js';
import { fromPkcs11 } from './ckr.js';

const HASHING_MECHANISM: Readonly<Record<SigningHash, number>> = {
  sha256: pkcs11.CKM_SHA256_RSA_PKCS,
  sha384: pkcs11.CKM_SHA384_RSA_PKCS,
  sha512: pkcs11.CKM_SHA512_RSA_PKCS,
};

export interface Pkcs11SignerInit {
  readonly api: pkcs11.PKCS11;
  readonly session: pkcs11.Handle;
  readonly slot: pkcs11.Handle;
  readonly privateKey: pkcs11.Handle;
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly alwaysAuthenticate: boolean;
  /** Context-specific login for CKA_ALWAYS_AUTHENTICATE keys; receives the session. */
  readonly contextLogin: (session: pkcs11.Handle) => Promise<void>;
}

export class Pkcs11Signer implements RawSigner {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;
  private readonly mechanisms: ReadonlySet<number>;

  constructor(private readonly init: Pkcs11SignerInit) {
    this.certificate = init.certificate;
    this.chain = init.chain;
    const type = new X509Certificate(init.certificate).publicKey.asymmetricKeyType;
    if (type !== 'rsa' && type !== 'ec') {
      throw new SiglaError('KEY_NOT_USABLE', `unsupported key type ${type ?? 'unknown'}`);
    }
    this.keyAlgorithm = type === 'rsa' ? 'RSA' : 'EC';
    try {
      this.mechanisms = new Set(init.api.C_GetMechanismList(init.slot));
    } catch (e) {
      throw fromPkcs11(e, 'C_GetMechanismList');
    }
  }

  /** The mechanism and the bytes it is given, for this request. */
  plan(request: SignRequest): { mechanism: number; data: Uint8Array } {
    if (this.keyAlgorithm === 'EC') {
      if (!this.mechanisms.has(pkcs11.CKM_ECDSA)) throw mechanismError('CKM_ECDSA');
      return { mechanism: pkcs11.CKM_ECDSA, data: request.digest };
    }
    const hashing = HASHING_MECHANISM[request.hash];
    if (this.mechanisms.has(hashing)) return { mechanism: hashing, data: request.toBeSigned };
    if (!this.mechanisms.has(pkcs11.CKM_RSA_PKCS)) throw mechanismError(`CKM_${request.hash.toUpperCase()}_RSA_PKCS`);
    return { mechanism: pkcs11.CKM_RSA_PKCS, data: concat([HASHES[request.hash].digestInfoPrefix, request.digest]) };
  }

  async sign(request: SignRequest): Promise<Uint8Array> {
    const { api, session, privateKey } = this.init;
    const { mechanism, data } = this.plan(request);
    try {
      api.C_SignInit(session, { mechanism }, privateKey);
    } catch (e) {
      throw fromPkcs11(e, 'C_SignInit');
    }
    if (this.init.alwaysAuthenticate) {
      try {
        await this.init.contextLogin(session);
      } catch (e) {
        endSignOperation(api, session);
        throw e;
      }
    }
    let signature: Buffer;
    try {
      signature = await api.C_SignAsync(session, Buffer.from(data), Buffer.alloc(1024));
    } catch (e) {
      throw fromPkcs11(e, 'C_Sign');
    }
    return this.keyAlgorithm === 'EC' ? ecdsaRawToDer(signature) : new Uint8Array(signature);
  }
}

/**
 * After a context login that failed (wrong PIN, cancelled), the signing operation is still active on the session and
 * the next C_SignInit would get CKR_OPERATION_ACTIVE. PKCS#11 v2.40 §5.12: a call to C_Sign always terminates the
 * active operation (unless it only asks for the length or the buffer is too small); without the context login it
 * fails (CKR_USER_NOT_LOGGED_IN), which is expected and ignored.
 */
function endSignOperation(api: Pick<pkcs11.PKCS11, 'C_Sign'>, session: pkcs11.Handle): void {
  try {
    api.C_Sign(session, Buffer.alloc(32), Buffer.alloc(1024));
  } catch {
    // the operation is over either way
  }
}

function mechanismError(name: string): SiglaError {
  return new SiglaError('MECHANISM_UNSUPPORTED', `the token offers neither ${name} nor a fallback`, { params: { mechanism: name } });
}

/** PKCS#11 §2.3.1: ECDSA signatures are r‖s, each half the length; CMS wants SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length % 2 !== 0) throw new SiglaError('DEVICE_ERROR', 'ECDSA signature of odd length');
  const half = raw.length / 2;
  return sequence(integerFromBytes(raw.subarray(0, half)), integerFromBytes(raw.subarray(half)));
}
