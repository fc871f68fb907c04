/**
 * The fallback PKCS#12 reader, node-forge, for what Sigla's own reader (pkcs12/Pfx.ts) does not read: the RC2 and
 * RC4 ciphers of old exports (OpenSSL 3, hence node:crypto, keeps them in its legacy provider) and public-key modes.
 * Loaded only for such files; its password derivations run on node:crypto (nativePasswordKdf.ts).
 */
import * as forge from 'node-forge';
import { SiglaError } from '../shared/errors.js';
import { useNativePasswordKdf } from './nativePasswordKdf.js';
import type { Pkcs12Contents } from './pkcs12/SafeContents.js';

const der = (asn1: forge.asn1.Asn1): Uint8Array => new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));

/** Reads keys (PKCS#8 DER) and certificates with forge; a wrong password is P12_PASSWORD. */
export function forgeReadPfx(bytes: Uint8Array, password: Buffer): Pkcs12Contents {
  useNativePasswordKdf();
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password.toString('utf8'));
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    const wrongPassword = /mac|password|decrypt|invalid/i.test(msg);
    throw new SiglaError(wrongPassword ? 'P12_PASSWORD' : 'INPUT_FORMAT', wrongPassword ? 'wrong PKCS#12 password' : 'not a readable PKCS#12 file', { cause: e });
  }
  const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const oids = forge.pki.oids as Record<string, string>;
  const keyOf = (bag: forge.pkcs12.Bag): Uint8Array | undefined =>
    // forge reads only RSA keys; an EC key stays as its PrivateKeyInfo ASN.1.
    bag.key ? der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key))) : bag.asn1 ? der(bag.asn1) : undefined;
  const keys = (type: string): Uint8Array[] => bags(oids[type] ?? '').flatMap((b) => keyOf(b) ?? []);
  const certificates: Uint8Array[] = [];
  for (const b of bags(oids['certBag'] ?? '')) {
    // forge parses RSA certificates only; others stay as ASN.1 (`asn1`), which is re-serialised as read.
    const asn1 = b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1;
    if (asn1) certificates.push(der(asn1));
  }
  return { shroudedKeys: keys('pkcs8ShroudedKeyBag'), plainKeys: keys('keyBag'), certificates };
}
