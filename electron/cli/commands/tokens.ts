/** `sigla modules`, `sigla tokens`, `sigla certs`: what is on this machine, readable without a PIN. */
import { discoverModules } from '../../token/moduleDiscovery.js';
import { tokenCertificates } from '../../token/pkcs11/TokenCertificates.js';
import * as pkcs11 from 'pkcs11js';
import { fromPkcs11 } from '../../token/pkcs11/ckr.js';
import { openModules } from '../../token/selectToken.js';
import type { Lang } from '../../shared/i18n/locale.js';

export function runModules(json: boolean, lang: Lang, explicit?: string): number {
  const found = discoverModules(explicit);
  if (json) process.stdout.write(JSON.stringify(found, null, 2) + '\n');
  else if (found.length === 0) process.stdout.write(lang === 'it' ? 'Nessun modulo PKCS#11 trovato.\n' : 'No PKCS#11 module found.\n');
  else for (const m of found) process.stdout.write(`${m.path}  (${m.name})\n`);
  return 0;
}

export function runTokens(json: boolean, lang: Lang, module?: string): number {
  const opened = openModules(module);
  try {
    const tokens = opened.modules.flatMap((m) =>
      m.tokens().map((t) => ({
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
      })),
    );
    if (json) process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
    else if (tokens.length === 0) process.stdout.write(lang === 'it' ? 'Nessun dispositivo presente.\n' : 'No token present.\n');
    else for (const t of tokens) process.stdout.write(`${t.label}  ${t.manufacturer} ${t.model} s/n ${t.serial}  PIN: ${t.userPin}  PUK/SO: ${t.soPin}${t.pinpad ? '  pinpad' : ''}\n  ${t.module}\n`);
    return 0;
  } finally {
    opened.close();
  }
}

export function runCerts(json: boolean, lang: Lang, module?: string, label?: string): number {
  const opened = openModules(module);
  try {
    const rows = [];
    for (const m of opened.modules) {
      for (const t of m.tokens()) {
        if (label !== undefined && t.label !== label) continue;
        let session: pkcs11.Handle;
        try {
          session = m.api.C_OpenSession(t.slot, pkcs11.CKF_SERIAL_SESSION);
        } catch (e) {
          throw fromPkcs11(e, 'C_OpenSession');
        }
        try {
          for (const c of tokenCertificates(m.api, session)) {
            rows.push({
              token: t.label,
              module: t.module,
              id: c.id,
              label: c.label,
              subject: c.info.subject,
              issuer: c.info.issuer,
              serial: c.info.serial,
              notBefore: c.info.notBefore.toISOString(),
              notAfter: c.info.notAfter.toISOString(),
              daysLeft: Math.floor((c.info.notAfter.getTime() - Date.now()) / 86400000),
              nonRepudiation: c.info.nonRepudiation,
              qualified: c.info.qcCompliance,
              qcSSCD: c.info.qcSSCD,
              isCA: c.info.isCA,
              hasPrivateKey: c.hasKeyPair,
              fingerprintSha256: c.info.fingerprintSha256,
              name: c.info.displayName,
            });
          }
        } finally {
          m.api.C_CloseSession(session);
        }
      }
    }
    if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    else {
      for (const r of rows) {
        const use = r.isCA ? 'CA' : r.nonRepudiation ? (lang === 'it' ? 'firma' : 'signature') : lang === 'it' ? 'autenticazione' : 'authentication';
        process.stdout.write(`[${r.token}] id=${r.id || '-'} ${r.name} (${use}${r.qualified ? ', qualificato' : ''}) ${lang === 'it' ? 'scade' : 'expires'} ${r.notAfter.slice(0, 10)} (${r.daysLeft} ${lang === 'it' ? 'giorni' : 'days'})\n`);
      }
    }
    return 0;
  } finally {
    opened.close();
  }
}
