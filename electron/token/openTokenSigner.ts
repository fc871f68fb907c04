/**
 * Everything between "sign with my token" and a RawSigner: find the module and token, pick the signature
 * certificate from what is readable without a PIN, log in once, pair the certificate with its private key and
 * complete the chain from the token's CA certificates and any extra ones given.
 */
import type * as pkcs11 from 'pkcs11js';
import { buildChain } from '../core/cert/buildChain.js';
import { SiglaError } from '../shared/errors.js';
import type { PinSource } from './PinSource.js';
import { loginContext, loginUser } from './pkcs11/login.js';
import { Pkcs11Signer } from './pkcs11/Pkcs11Signer.js';
import { endSession, openSession } from './pkcs11/session.js';
import type { Pkcs11Module, TokenSlot } from './pkcs11/Pkcs11Module.js';
import { tokenCertificates, type TokenCertificate } from './pkcs11/TokenCertificates.js';
import { selectSigningCertificate } from './selectCertificate.js';
import { selectToken } from './selectToken.js';

export interface TokenSignerOptions {
  /** The loaded modules to look in (the token host's registry). */
  readonly modules: readonly Pkcs11Module[];
  readonly tokenLabel?: string;
  readonly certId?: string;
  readonly allowFinalTry: boolean;
  readonly pins: PinSource;
  /** CA certificates from a configured folder, to complete the chain. */
  readonly extraCertificates?: readonly Uint8Array[];
}

export interface TokenSigner {
  readonly signer: Pkcs11Signer;
  readonly token: TokenSlot;
  readonly certificate: TokenCertificate;
  close(): void;
}

export async function openTokenSigner(o: TokenSignerOptions): Promise<TokenSigner> {
  let session: pkcs11.Handle | undefined;
  let mod: Pkcs11Module | undefined;
  // Closing logs out and closes this signer's session; the module stays loaded for the next batch.
  const close = (): void => {
    if (mod && session !== undefined) endSession(mod, session);
  };
  try {
    const { module, token } = selectToken(o.modules, o.tokenLabel);
    mod = module;
    session = openSession(module, token);
    const s = session;
    // Choose before asking for the PIN: no PIN is spent on a token that holds no usable certificate.
    const before = selectSigningCertificate(tokenCertificates(module.api, s), o.certId);
    await loginUser(module, token, s, o.pins, { allowFinalTry: o.allowFinalTry });
    const all = tokenCertificates(module.api, s);
    const chosen = all.find((c) => c.id === before.id && Buffer.compare(c.der, before.der) === 0);
    if (!chosen?.privateKey) {
      throw new SiglaError('KEY_NOT_FOUND', 'the private key of the signature certificate is not on the token', {
        params: { cert: before.info.displayName },
      });
    }
    const chain = buildChain(chosen.der, [...all.map((c) => c.der), ...(o.extraCertificates ?? [])]);
    const signer = new Pkcs11Signer({
      api: module.api,
      session: s,
      slot: token.slot,
      privateKey: chosen.privateKey,
      certificate: chosen.der,
      chain,
      alwaysAuthenticate: chosen.alwaysAuthenticate,
      contextLogin: (sess) => loginContext(module, token, sess, o.pins, { allowFinalTry: o.allowFinalTry }),
    });
    return { signer, token, certificate: chosen, close };
  } catch (e) {
    close();
    throw e;
  }
}
