/**
 * One loaded PKCS#11 module (C_Initialize … C_Finalize, PKCS#11 v2.40 §5.4) and the tokens in its slots.
 */
import * as pkcs11 from 'pkcs11js';
import { SiglaError } from '../../shared/errors.js';
import { fromPkcs11 } from './ckr.js';
import { profileForModule, type TokenProfile } from '../profiles/TokenProfile.js';
import { hasPinpad, soPinState, userPinState, type PinState } from './PinState.js';

export interface TokenSlot {
  readonly module: string;
  readonly slot: pkcs11.Handle;
  /** Slot position in C_GetSlotList, for display. */
  readonly slotIndex: number;
  readonly label: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly serial: string;
  readonly flags: number;
  readonly userPin: PinState;
  readonly soPin: PinState;
  readonly pinpad: boolean;
  /** ulMinPinLen / ulMaxPinLen of CK_TOKEN_INFO (PKCS#11 v2.40 §5.5 Table 11). */
  readonly minPinLen: number;
  readonly maxPinLen: number;
  /** What Sigla knows about this module's middleware. */
  readonly profile: TokenProfile;
}

export class Pkcs11Module {
  readonly path: string;
  readonly api: pkcs11.PKCS11;
  readonly profile: TokenProfile;
  private closed = false;

  private constructor(path: string, api: pkcs11.PKCS11) {
    this.path = path;
    this.api = api;
    this.profile = profileForModule(path);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  static load(path: string): Pkcs11Module {
    const api = new pkcs11.PKCS11();
    try {
      api.load(path);
    } catch (e) {
      throw new SiglaError('MODULE_LOAD_FAILED', `cannot load PKCS#11 module ${path}`, { params: { module: path }, cause: e });
    }
    try {
      initialize(api);
    } catch (e) {
      const err = fromPkcs11(e, 'C_Initialize');
      if (err.ckr !== pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
        api.close();
        throw new SiglaError('MODULE_LOAD_FAILED', `cannot initialise PKCS#11 module ${path}`, {
          params: { module: path },
          cause: err,
          ...(err.ckr !== undefined ? { ckr: err.ckr } : {}),
          pkcs11Function: 'C_Initialize',
        });
      }
    }
    return new Pkcs11Module(path, api);
  }

  /**
   * C_Finalize + C_Initialize: some middleware sees readers plugged in after start-up only this way. Every session
   * of this module is invalid afterwards; callers do it only when none is open.
   */
  reinitialize(): void {
    try {
      this.api.C_Finalize();
    } catch {
      // already finalised
    }
    try {
      initialize(this.api);
    } catch (e) {
      throw fromPkcs11(e, 'C_Initialize');
    }
  }

  /** Tokens present now, read fresh from C_GetTokenInfo. */
  tokens(): TokenSlot[] {
    let slots: pkcs11.Handle[];
    try {
      slots = this.api.C_GetSlotList(true);
    } catch (e) {
      throw fromPkcs11(e, 'C_GetSlotList');
    }
    const out: TokenSlot[] = [];
    for (const [slotIndex, slot] of slots.entries()) {
      const t = this.tokenInfo(slot);
      // An uninitialised token (SoftHSM2's free slot, a blank card) cannot hold keys: it is not offered.
      if (t && t.flags & pkcs11.CKF_TOKEN_INITIALIZED) out.push({ ...t, slotIndex });
    }
    return out;
  }

  tokenInfo(slot: pkcs11.Handle): Omit<TokenSlot, 'slotIndex'> | undefined {
    let info: pkcs11.TokenInfo;
    try {
      info = this.api.C_GetTokenInfo(slot);
    } catch (e) {
      const err = fromPkcs11(e, 'C_GetTokenInfo');
      if (err.code === 'TOKEN_REMOVED' || err.code === 'TOKEN_NOT_FOUND') return undefined;
      throw err;
    }
    return {
      module: this.path,
      slot,
      label: info.label.trim(),
      manufacturer: info.manufacturerID.trim(),
      model: info.model.trim(),
      serial: info.serialNumber.trim(),
      flags: info.flags,
      userPin: userPinState(info.flags),
      soPin: soPinState(info.flags),
      pinpad: hasPinpad(info.flags),
      minPinLen: info.minPinLen,
      maxPinLen: info.maxPinLen,
      profile: this.profile,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.api.C_Finalize();
    } catch {
      // A module that fails to finalise is being unloaded anyway.
    }
    this.api.close();
  }
}

/**
 * C_Initialize with CKF_OS_LOCKING_OK (PKCS#11 v2.40 §5.4): the host calls the module from its main thread and
 * from libuv's pool (asynchronous C_Sign), so the module must do its own locking.
 */
function initialize(api: pkcs11.PKCS11): void {
  api.C_Initialize({ flags: pkcs11.CKF_OS_LOCKING_OK });
}
