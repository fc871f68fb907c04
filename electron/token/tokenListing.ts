/** The rows of `sigla tokens` and `sigla certs`, read without a PIN. */
import * as pkcs11 from 'pkcs11js';
import type { CertificateRow, TokenSummary } from './host/protocol.js';
import { fromPkcs11 } from './pkcs11/ckr.js';
import type { Pkcs11Module, TokenSlot } from './pkcs11/Pkcs11Module.js';
import { tokenCertificates } from './pkcs11/TokenCertificates.js';

export function tokenSummary(t: TokenSlot): TokenSummary {
  return {
    module: t.module,
    slot: t.slotIndex,
    slotId: t.slot.toString('hex'),
    label: t.label,
    manufacturer: t.manufacturer,
    model: t.model,
    serial: t.serial,
    userPin: t.userPin,
    soPin: t.soPin,
    pinpad: t.pinpad,
    minPinLen: t.minPinLen,
    maxPinLen: t.maxPinLen,
    profile: t.profile.id,
  };
}

const DAY = 86_400_000;

export function certificateRows(m: Pkcs11Module, t: TokenSlot, now = Date.now()): CertificateRow[] {
  let session: pkcs11.Handle;
  try {
    session = m.api.C_OpenSession(t.slot, pkcs11.CKF_SERIAL_SESSION);
  } catch (e) {
    throw fromPkcs11(e, 'C_OpenSession');
  }
  try {
    return tokenCertificates(m.api, session).map((c) => ({
      token: t.label,
      module: t.module,
      id: c.id,
      label: c.label,
      subject: c.info.subject,
      issuer: c.info.issuer,
      serial: c.info.serial,
      notBefore: c.info.notBefore.toISOString(),
      notAfter: c.info.notAfter.toISOString(),
      daysLeft: Math.floor((c.info.notAfter.getTime() - now) / DAY),
      nonRepudiation: c.info.nonRepudiation,
      qualified: c.info.qcCompliance,
      qcSSCD: c.info.qcSSCD,
      isCA: c.info.isCA,
      hasPrivateKey: c.hasKeyPair,
      fingerprintSha256: c.info.fingerprintSha256,
      name: c.info.displayName,
      der: Buffer.from(c.der).toString('base64'),
    }));
  } finally {
    try {
      m.api.C_CloseSession(session);
    } catch {
      // the token is gone
    }
  }
}
