/**
 * The bags of a PKCS#12 file (RFC 7292 §4.2 SafeContents / SafeBag): private keys, plain (keyBag: a PKCS#8
 * PrivateKeyInfo, RFC 5208) or password-encrypted (pkcs8ShroudedKeyBag: EncryptedPrivateKeyInfo, RFC 5208 §6),
 * X.509 certificates (certBag, §4.2.3) and nested SafeContents (safeContentsBag, §4.2.6). CRL and secret bags are
 * not needed for signing and are skipped.
 */
import { children, content, expectTag, octetStringValue, oidString, raw, readTlv, type Tlv } from '../../core/asn1/Ber.js';
import { SiglaError } from '../../shared/errors.js';
import { pbeDecrypt } from './PasswordBasedEncryption.js';
import type { Pkcs12Password } from './Pkcs12Password.js';

const BAG = '1.2.840.113549.1.12.10.1.';
const X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
/** Nested safeContentsBags read before refusing: real files nest none. */
const MAX_BAG_NESTING = 8;

/** What the bags hold: private keys as PKCS#8 PrivateKeyInfo DER (encrypted ones first, as read) and certificates. */
export interface Pkcs12Contents {
  readonly shroudedKeys: Uint8Array[];
  readonly plainKeys: Uint8Array[];
  readonly certificates: Uint8Array[];
}

/** Reads the SafeBags of a SafeContents encoding into `into`, decrypting shrouded keys with `password`. */
export function readSafeContents(der: Uint8Array, password: Pkcs12Password, into: Pkcs12Contents, depth = 0): void {
  if (depth > MAX_BAG_NESTING) throw new SiglaError('INPUT_LIMIT', 'PKCS#12: bags nested too deep', { params: { limit: 'berNesting' } });
  const top = expectTag(readTlv(der), 0x30, 'SafeContents');
  for (const bag of children(top)) {
    const [idNode, valueNode] = children(expectTag(bag, 0x30, 'SafeBag'));
    const id = oidString(expectTag(idNode, 0x06, 'SafeBag type'));
    if (!id.startsWith(BAG)) continue;
    const value = children(expectTag(valueNode, 0xa0, 'SafeBag value'))[0];
    if (!value) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: empty SafeBag');
    switch (id.slice(BAG.length)) {
      case '1':
        into.plainKeys.push(new Uint8Array(raw(expectTag(value, 0x30, 'PrivateKeyInfo'))));
        break;
      case '2': {
        const key = shroudedKey(value, password);
        into.shroudedKeys.push(new Uint8Array(key));
        key.fill(0);
        break;
      }
      case '3':
        certificate(value, into.certificates);
        break;
      case '6':
        readSafeContents(raw(value), password, into, depth + 1);
        break;
      default:
      // crlBag, secretBag: nothing Sigla signs with.
    }
  }
}

/** EncryptedPrivateKeyInfo (RFC 5208 §6) → the PrivateKeyInfo's DER. */
function shroudedKey(value: Tlv, password: Pkcs12Password): Buffer {
  const [algorithm, data] = children(expectTag(value, 0x30, 'EncryptedPrivateKeyInfo'));
  if (!algorithm) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: key encryption algorithm missing');
  return pbeDecrypt(algorithm, content(expectTag(data, 0x04, 'encrypted key')), password);
}

/** CertBag (§4.2.3): an X.509 certificate in an OCTET STRING; other certificate types are skipped. */
function certificate(value: Tlv, out: Uint8Array[]): void {
  const [typeNode, certValue] = children(expectTag(value, 0x30, 'CertBag'));
  if (oidString(expectTag(typeNode, 0x06, 'certificate type')) !== X509_CERTIFICATE) return;
  const octets = children(expectTag(certValue, 0xa0, 'certificate value'))[0];
  if (!octets) throw new SiglaError('INPUT_FORMAT', 'PKCS#12: empty certificate bag');
  out.push(new Uint8Array(octetStringValue(octets)));
}
